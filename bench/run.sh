#!/usr/bin/env bash
# Storefront benchmark (not a test): seeds TENANTS x PRODUCTS (2 variants each) into its own database,
# starts the application from its jar, drives it with wrk on loopback and prints requests/s and
# p50/p99 per endpoint, each as a fraction of a trivial endpoint of the same app; then the RLS
# overhead of the uncached list query (pgbench, runtime role vs. a role that bypasses RLS), the
# catalog-write-to-search lag, and the app's heap and RSS under load.
#
#   bench/run.sh                     # 100 tenants x 1,000 products, 64 connections, 20 s per endpoint
#   TENANTS=10 PRODUCTS=200 DURATION=5s bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

TENANTS=${TENANTS:-100}
PRODUCTS=${PRODUCTS:-1000}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-8099}
DB=${BENCH_DB:-sokoni_bench}
PSQL="psql -X -q -h 127.0.0.1 -U postgres"

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
command -v pgbench >/dev/null || { echo "pgbench is needed (postgresql-contrib)" >&2; exit 1; }
source bench/lib.sh
find_java

start_app
seed_catalog "$TENANTS" "$PRODUCTS"

run() { # mode
  MODE=$1 TENANTS=$TENANTS PRODUCTS=$PRODUCTS wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-30s}" -s bench/storefront.lua \
    "http://127.0.0.1:$PORT" >/dev/null # warm-up: JIT and caches
  settle
  MODE=$1 TENANTS=$TENANTS PRODUCTS=$PRODUCTS wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s bench/storefront.lua \
    "http://127.0.0.1:$PORT" | grep '^RESULT'
}

echo "== load: $CONNECTIONS connections, $DURATION per endpoint, wrk on the same 2 cores"
RESULTS=$(mktemp)
for mode in ping list detail search; do
  run "$mode" | tee -a "$RESULTS"
done
ping_rps=$(awk '$2=="ping" {split($4,a,"="); print a[2]}' "$RESULTS")
echo "== fraction of the trivial endpoint (/ping: $ping_rps req/s)"
awk -v ping="$ping_rps" '$2!="ping" {split($4,a,"="); printf "%-7s %6.0f req/s = %4.1f %% of /ping\n", $2, a[2], 100*a[2]/ping}' "$RESULTS"

rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$APP_PID/status)
heap=$(jcmd_path=$(dirname "$JAVA")/jcmd; "$jcmd_path" $APP_PID GC.heap_info 2>/dev/null | grep -E 'total|used' | head -2 | tr -s ' ' | tr '\n' ';' || true)
echo "== memory after load: RSS $((rss_kb / 1024)) MiB; heap (-Xmx1g): $heap"

echo "== RLS overhead of the uncached list query (pgbench, 8 clients, 8 paired rounds of 5 s per role, alternated)"
bash bench/rls-overhead.sh "$DB" "$TENANTS"

echo "== catalog write -> search result lag"
LAG_OUT=$("$JAVA" -Djdk.httpclient.allowRestrictedHeaders=host bench/SyncLag.java "http://127.0.0.1:$PORT" "$DB" \
  "${LAG_RATE:-200}" "${LAG_SECONDS:-20}" "${LAG_WARMUP:-20}")
echo "$LAG_OUT" | grep -v '^tenant '
LAG_TENANT=$(echo "$LAG_OUT" | awk '/^tenant / {print $2}')
LAG_FROM=$(echo "$LAG_OUT" | awk '/^tenant / {print $4}')
$PSQL -d "$DB" -tA -F ' ' -c "select 'outbox write-to-delivered lag (relay woken by commits, polls at least 50 ms apart): events=' || count(*),
  'p50=' || round(1000 * extract(epoch from percentile_cont(0.5) within group (order by e.delivered_at - e.created_at))::numeric, 1) || ' ms',
  'p99=' || round(1000 * extract(epoch from percentile_cont(0.99) within group (order by e.delivered_at - e.created_at))::numeric, 1) || ' ms'
  from app.outbox_events e join app.tenants t on t.id = e.tenant_id
  where t.slug = '$LAG_TENANT' and e.status = 'delivered' and e.event_type = 'product.upserted'
    and e.created_at >= to_timestamp($LAG_FROM / 1000.0)"
