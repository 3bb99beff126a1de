#!/usr/bin/env bash
# Merchant insight benchmark (not a test). Seeds TENANTS x PRODUCTS (bench/seed.sql), an owner per tenant
# (pgcrypto bcrypt), spread checkout carts (bench/carts.sql) and EVENTS events of history
# (bench/insight-events.sql), and measures, each figure beside a ceiling from the same run:
#   1. the aggregate refresh: every tenant marked due from the start of its history, the time
#      InsightRefreshJob takes to recompute all of them (refresh-interval 1 s, the default refresh-batch);
#   2. the merchant admin's insight requests (funnel, products, searches/no-results, abandonments,
#      revenue, cards; the default 30 days) with the owner JWTs of TOKEN_TENANTS tenants in turn
#      (bench/insight-admin.lua), each at ADMIN_CONNECTIONS connections for DURATION, beside /ping at the
#      same connections; target p99 <= 100 ms;
#   3. (the application restarted on the same data, the refresh job at 1 h, the event limits per address
#      and per session raised: wrk sends from one address) storefront event ingestion, batches of BATCH
#      events (bench/insight-events.lua, TENANTS stores, SESSIONS sessions) at CONNECTIONS connections
#      for DURATION, beside /ping at the same connections; events/s accepted (202) and stored (counted
#      in the database), p50/p99; target 10,000 events/s;
#   4. checkout p50/p99 at a fixed CHECKOUT_RATE checkouts/s (bench/insight-checkout.lua: bench/cart-load.lua's
#      spread checkout paced, CHECKOUT_CONNECTIONS connections, after a closed-loop warm-up) alone, then
#      with ingestion running alongside at each of INGEST_RATES batches/s (default 500 = 10,000 events/s,
#      the target, and 150; paced; 0 = as fast as it goes) and the ratios, then alone again (the noise);
#      paced, as a closed loop at saturation would measure how 2 cores are shared, not whether ingestion
#      gets in checkout's way;
#   5. with the application stopped, PostgreSQL alone (pgbench, runtime role, app.bind_tenant as the
#      application binds the tenant): the intake's transaction (one BATCH-row insert and the dirty mark)
#      at 2 clients (the intake's 2 writer threads) and at CONNECTIONS, and each admin request's SELECTs
#      in one read-only transaction at ADMIN_CONNECTIONS clients (p50/p99 from pgbench's log).
# Event history: EVENTS events evenly over TENANTS tenants and DAYS days up to now, but not before the
# first of last month (the oldest partition EventPartitionJob creates).
#   bench/insight.sh
#   TENANTS=100 EVENTS=500000 DURATION=10s bench/insight.sh
set -euo pipefail
cd "$(dirname "$0")/.."

TENANTS=${TENANTS:-1000}
PRODUCTS=${PRODUCTS:-20}
EVENTS=${EVENTS:-10000000}
DAYS=${DAYS:-35}
CHUNK=${CHUNK:-100}
TOKEN_TENANTS=${TOKEN_TENANTS:-200}
CONNECTIONS=${CONNECTIONS:-32}
ADMIN_CONNECTIONS=${ADMIN_CONNECTIONS:-16}
CHECKOUT_CONNECTIONS=${CHECKOUT_CONNECTIONS:-8}
CHECKOUT_RATE=${CHECKOUT_RATE:-50}
DURATION=${DURATION:-15s}
BATCH=${BATCH:-20}
SESSIONS=${SESSIONS:-100000}
INGEST_RATES=${INGEST_RATES:-500 150}
CHECKOUT_CARTS=${CHECKOUT_CARTS:-4000}
CEILING_SECONDS=${CEILING_SECONDS:-10}
PORT=${PORT:-8585}
DB=${BENCH_DB:-sokoni_bench_insight}
RUNTIME_ROLE=${SOKONI_DB_RUNTIME_USER:-sokoni_app}
PSQL="psql -X -q -h 127.0.0.1 -U postgres"
URL="http://127.0.0.1:$PORT"
[ "$TOKEN_TENANTS" -le "$TENANTS" ] || TOKEN_TENANTS=$TENANTS

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
command -v pgbench >/dev/null || { echo "pgbench is needed (postgresql-contrib)" >&2; exit 1; }
source bench/lib.sh
find_java
WORK=$(mktemp -d /tmp/sokoni-insight-bench.XXXXXX)

if [ -z "${JAR:-}" ]; then
  echo "== build (package only: nothing is installed into ~/.m2)"
  ./mvnw -q -B -o -pl platform-api -am package -DskipTests || ./mvnw -q -B -pl platform-api -am package -DskipTests
  JAR=$(ls platform-api/target/sokoni-platform-api-*.jar | grep -v original | head -1)
fi
# Phases 1-2: the refresh job every second (its rounds as in service, back to back).
# Owners sign in from one address (127.0.0.1), many at once: its login budget raised.
start_app --sokoni.insight.refresh-interval=1s --sokoni.auth.token-ttl=2h --sokoni.auth.login-max-failures-per-address=1000000
seed_catalog "$TENANTS" "$PRODUCTS"

echo "== stock, delivery zones, owners, carts"
stock_and_zones 00000000-0000-0000-0000-000000000000 0
$PSQL -d "$DB" <<SQL
create extension if not exists pgcrypto;
-- One bcrypt hash for every owner (same password): 1,000 hashes would take a minute.
insert into app.users (tenant_id, id, email, full_name, password_hash, role)
select t.id, gen_random_uuid(), 'owner@' || t.slug || '.example', 'Bench Owner', h.hash, 'owner'
from app.tenants t cross join (select crypt('bench-owner-password', gen_salt('bf', 10)) as hash) h
where t.slug like 'bench-%';
SQL
$PSQL -d "$DB" -v tenants="$TENANTS" -v products="$PRODUCTS" -v spread="$((CHECKOUT_CARTS * (3 + $(echo $INGEST_RATES | wc -w))))" -v empty=0 -v hot=0 \
  -v hot_variant=00000000-0000-0000-0000-000000000000 -f bench/carts.sql
spread_carts() { # offset count -> file
  $PSQL -d "$DB" -tA -F , -c "select kind, host, token from public.bench_carts where kind = 'spread'
    order by token offset $1 limit $2" > "$WORK/carts-$1.csv"
  echo "$WORK/carts-$1.csv"
}

from=$($PSQL -d "$DB" -tA -c "select greatest(now() - interval '$DAYS days',
  date_trunc('month', now() at time zone 'UTC') at time zone 'UTC' - interval '1 month')")
to=$($PSQL -d "$DB" -tA -c "select now() - interval '1 minute'")
echo "== seeding $EVENTS events of $TENANTS tenants from $from to $to"
start=$(date +%s.%N)
$PSQL -d "$DB" -v tenants="$TENANTS" -v events="$EVENTS" -v products="$PRODUCTS" -v chunk="$CHUNK" \
  -v from="$from" -v to="$to" -f bench/insight-events.sql
seeded=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
$PSQL -d "$DB" -c "vacuum analyze app.insight_events" -c "analyze app.insight_events" -c checkpoint
echo "RESULT seed: $($PSQL -d "$DB" -tA -c "select count(*) from app.insight_events") events in $(printf %.0f "$seeded") s" \
  "($(echo "$EVENTS / $seeded" | bc) rows/s), vacuum analyze + checkpoint $(printf %.0f "$(echo "$(date +%s.%N) - $start" | bc)") s," \
  "$($PSQL -d "$DB" -tA -c "select pg_size_pretty(sum(pg_total_relation_size(inhrelid))) from pg_inherits
       where inhparent = 'app.insight_events'::regclass") with indexes"

echo "== 1. the aggregate refresh of $TENANTS tenants (refresh-interval 1 s, refresh-batch default)"
marked=$($PSQL -d "$DB" -tA -c "select clock_timestamp()")
start=$(date +%s.%N)
$PSQL -d "$DB" -c "insert into app.insight_refresh_state (tenant_id, dirty_from)
  select id, '$from' from app.tenants where slug like 'bench-%'
  on conflict (tenant_id) do update set dirty_from = excluded.dirty_from"
while :; do
  left=$($PSQL -d "$DB" -tA -c "select count(*) from app.insight_refresh_state where dirty_from is not null")
  [ "$left" -eq 0 ] && break
  if [ "$(echo "$(date +%s.%N) - $start > 1800" | bc)" = 1 ]; then echo "still $left due after 1800 s"; break; fi
  sleep 0.5
done
settle
$PSQL -d "$DB" -tA -F ' ' -c "select 'RESULT refresh: ' || count(*) || ' tenants',
  'from marked to the last taken ' || round(extract(epoch from max(refreshed_at) - '$marked'::timestamptz)::numeric, 1) || ' s,',
  'first to last taken ' || round(extract(epoch from max(refreshed_at) - min(refreshed_at))::numeric, 1) || ' s:',
  round(1000 * extract(epoch from max(refreshed_at) - min(refreshed_at))::numeric / nullif(count(*) - 1, 0), 1)
    || ' ms per tenant (' || $EVENTS / $TENANTS || ' events each)'
  from app.insight_refresh_state where refreshed_at >= '$marked'"
$PSQL -d "$DB" -tA -F ' ' -c "select 'aggregates: funnel rows=' || (select count(*) from app.insight_daily_funnel),
  'product rows=' || (select count(*) from app.insight_daily_products),
  'search rows=' || (select count(*) from app.insight_daily_searches),
  'abandonment rows=' || (select count(*) from app.insight_daily_abandonments),
  'cards=' || (select count(*) from app.insight_cards)"
$PSQL -d "$DB" -c "vacuum analyze app.insight_daily_funnel, app.insight_daily_products, app.insight_daily_searches,
  app.insight_daily_abandonments, app.insight_cards"

echo "== 2. merchant admin requests, owner tokens of $TOKEN_TENANTS tenants, $ADMIN_CONNECTIONS connections"
python3 - "$URL" "$TOKEN_TENANTS" > "$WORK/tokens.txt" <<'PY'
# Sign-ins two at a time; a 429 (the hashing pool or the login throttle) is retried after its Retry-After.
import json, sys, time, urllib.error, urllib.request
from concurrent.futures import ThreadPoolExecutor
url, n = sys.argv[1], int(sys.argv[2])
def token(i):
    body = json.dumps({"tenant": f"bench-{i}", "email": f"owner@bench-{i}.example", "password": "bench-owner-password"})
    for _ in range(30):
        req = urllib.request.Request(url + "/auth/v1/token", body.encode(), {"Content-Type": "application/json"})
        try:
            return json.load(urllib.request.urlopen(req))["access_token"]
        except urllib.error.HTTPError as e:
            if e.code != 429:
                raise
            print(f"sign-in of bench-{i}: 429 {e.read()[:200]!r}", file=sys.stderr)
            time.sleep(float(e.headers.get("Retry-After") or 1))
    raise SystemExit(f"bench-{i} could not sign in")
with ThreadPoolExecutor(2) as pool:
    for t in pool.map(token, range(1, n + 1)):
        print(t)
PY
echo "tokens: $(wc -l < "$WORK/tokens.txt")"
ADMIN_PATHS="/admin/v1/insights/funnel /admin/v1/insights/products /admin/v1/insights/searches/no-results
  /admin/v1/insights/abandonments /admin/v1/insights/revenue /admin/v1/insights/cards"
admin() { # label connections duration paths
  LABEL=$1 TOKENS="$WORK/tokens.txt" PATHS="$4" wrk -t2 -c"$2" -d"$3" -s bench/insight-admin.lua "$URL" | grep '^RESULT'
}
ping_load() { # label connections
  wrk -t2 -c"$2" -d"$DURATION" --latency "$URL/ping" \
    | awk '/Requests\/sec|^ +50%|^ +99%/ {printf "%s ", $0} END {print ""}' | sed "s/^/RESULT $1 /"
}
curl -fs -H "Authorization: Bearer $(head -1 "$WORK/tokens.txt")" "$URL/admin/v1/insights/funnel" | head -c 400; echo
wrk -t2 -c"$ADMIN_CONNECTIONS" -d10s "$URL/ping" >/dev/null
admin warm-up "$ADMIN_CONNECTIONS" 30s "$ADMIN_PATHS" >/dev/null
settle
ping_load "ping-at-$ADMIN_CONNECTIONS" "$ADMIN_CONNECTIONS"
for path in $ADMIN_PATHS; do
  settle
  admin "${path#/admin/v1/insights/}" "$ADMIN_CONNECTIONS" "$DURATION" "$path"
done
kill $APP_PID; wait $APP_PID 2>/dev/null || true

# Phases 3-4: the same data, the refresh job out of the way (1 h), event limits raised for one address.
echo "== restart: refresh-interval 1h, event limits per address and session raised"
launch_app "$PORT" true --sokoni.insight.refresh-interval=1h \
  --sokoni.insight.address-events-per-minute=100000000 --sokoni.insight.session-events-per-minute=1000000
APP_PID=$LAUNCHED_PID
trap 'kill $APP_PID 2>/dev/null || true' EXIT
events() { # label connections duration [rate]
  LABEL=$1 RATE=${4:-0} TENANTS=$TENANTS PRODUCTS=$PRODUCTS SESSIONS=$SESSIONS BATCH=$BATCH THREADS=2 \
    wrk -t2 -c"$2" -d"$3" -s bench/insight-events.lua "$URL" | grep '^RESULT'
}
stored_since() { # timestamp -> events stored by the intake since then
  $PSQL -d "$DB" -tA -c "select count(*) from app.insight_events where source = 'storefront' and occurred_at >= '$1'"
}
echo "== 3. event ingestion: batches of $BATCH, $CONNECTIONS connections, $TENANTS stores"
curl -fs -X POST "$URL/storefront/v1/events" -H "Host: b1.bench.localhost" -H 'Content-Type: application/json' \
  -d '{"events":[{"type":"page_view","sessionId":"bench-probe-0001"}]}'; echo
wrk -t2 -c"$CONNECTIONS" -d10s "$URL/ping" >/dev/null
events warm-up "$CONNECTIONS" 30s >/dev/null
settle
ping_load "ping-at-$CONNECTIONS" "$CONNECTIONS"
settle
since=$($PSQL -d "$DB" -tA -c "select now()")
events ingestion "$CONNECTIONS" "$DURATION" | tee "$WORK/ingestion.txt"
sleep 1
stored=$(stored_since "$since")
awk -v b="$BATCH" -v stored="$stored" -v d="${DURATION%s}" '/^RESULT/ {
  split($0, a, "statuses={"); split(a[2], s, "}"); n = 0
  if (match(s[1], /202=[0-9]+/)) n = substr(s[1], RSTART + 4, RLENGTH - 4)
  printf "RESULT ingestion events: accepted=%d (%.0f events/s, %.0f batches/s) stored=%d (%.0f events/s); target 10000 events/s\n", n * b, n * b / d, n / d, stored, stored / d }' "$WORK/ingestion.txt"

echo "== 4. checkout at $CHECKOUT_RATE/s alone, with ingestion alongside at $INGEST_RATES batches/s, alone again"
checkout() { # label carts-file
  LABEL=$1 MODE=checkout CARTS="$2" RATE=$CHECKOUT_RATE THREADS=1 \
    wrk -t1 -c"$CHECKOUT_CONNECTIONS" -d"$DURATION" -s bench/insight-checkout.lua "$URL" | grep '^RESULT'
}
p50_p99() { sed -n 's/.* p50=\([0-9.]*\) ms .* p99=\([0-9.]*\) ms .*/\1 \2/p' "$1"; }
LABEL=warm-up MODE=checkout CARTS="$(spread_carts 0 "$CHECKOUT_CARTS")" THREADS=1 \
  wrk -t1 -c"$CHECKOUT_CONNECTIONS" -d20s -s bench/cart-load.lua "$URL" >/dev/null
settle
checkout checkout-alone "$(spread_carts "$CHECKOUT_CARTS" "$CHECKOUT_CARTS")" | tee "$WORK/alone.txt"
read -r a50 a99 <<< "$(p50_p99 "$WORK/alone.txt")"
slice=2
for rate in $INGEST_RATES; do
  settle
  since=$($PSQL -d "$DB" -tA -c "select now()")
  events "ingestion-alongside-at-$rate" "$CONNECTIONS" "$DURATION" "$rate" > "$WORK/alongside-events.txt" &
  INGEST=$!
  checkout "checkout-with-ingestion-at-$rate" "$(spread_carts $((CHECKOUT_CARTS * slice)) "$CHECKOUT_CARTS")" | tee "$WORK/with.txt"
  wait $INGEST; cat "$WORK/alongside-events.txt"
  sleep 1
  read -r w50 w99 <<< "$(p50_p99 "$WORK/with.txt")"
  echo "RESULT checkout at $CHECKOUT_RATE/s alone p50=$a50 p99=$a99 ms; with ingestion at $rate batches/s" \
    "(stored $(( $(stored_since "$since") / ${DURATION%s} )) events/s) p50=$w50 p99=$w99 ms;" \
    "ratio p50 $(echo "scale=2; $w50 / $a50" | bc) p99 $(echo "scale=2; $w99 / $a99" | bc)"
  slice=$((slice + 1))
done
settle
checkout checkout-alone-again "$(spread_carts $((CHECKOUT_CARTS * slice)) "$CHECKOUT_CARTS")" | tee "$WORK/again.txt"
read -r g50 g99 <<< "$(p50_p99 "$WORK/again.txt")"
echo "RESULT checkout alone twice (the noise): p99 $a99 and $g99 ms, ratio $(echo "scale=2; $g99 / $a99" | bc)"
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$APP_PID/status)
echo "== app RSS after load: $((rss_kb / 1024)) MiB (-Xmx${HEAP:-1g})"
kill $APP_PID; wait $APP_PID 2>/dev/null || true

echo "== 5. PostgreSQL alone (pgbench, $RUNTIME_ROLE, the application stopped)"
export PGOPTIONS="-c client_min_messages=warning"
# The intake's transaction: the tenant bound, one multi-row insert of a batch, the dirty mark.
{
  echo '\set t random(1, :tenants)'
  echo "select format('00000000-0000-4000-8000-%s', lpad(:t::text, 12, '0')) as tenant_id,
    format('00000000-0000-4000-9000-%s', lpad(:t::text, 12, '0')) as store_id \gset"
  echo 'begin;'
  echo 'select app.bind_tenant(:tenant_id);'
  echo 'insert into app.insight_events (tenant_id, id, occurred_at, store_id, event_type, source, channel, session_id, device, city_area, product_id, cart_id, search_query, result_count, properties) values'
  for i in $(seq 1 "$BATCH"); do
    sep=,; [ "$i" -eq "$BATCH" ] && sep=';'
    echo "(:tenant_id, gen_random_uuid(), now(), :store_id, 'product_view', 'storefront', 'web', 'bench-session-00001234', 'mobile', 'Westlands', '00000000-0000-4000-a000-000000001001', null, null, null, '{}')$sep"
  done
  echo "insert into app.insight_refresh_state (tenant_id, dirty_from) values (:tenant_id, now())
    on conflict (tenant_id) do update set dirty_from = least(insight_refresh_state.dirty_from, excluded.dirty_from)
    where insight_refresh_state.dirty_from is null or insight_refresh_state.dirty_from > excluded.dirty_from;"
  echo 'commit;'
} > "$WORK/intake.sql"
for clients in 2 "$CONNECTIONS"; do
  pgbench -h 127.0.0.1 -U "$RUNTIME_ROLE" -n -M prepared -c "$clients" -j 2 -T "$CEILING_SECONDS" -D tenants="$TENANTS" \
    -f "$WORK/intake.sql" "$DB" 2>&1 | awk -v b="$BATCH" -v c="$clients" '
    /^tps/ {tps = $3} /latency average/ {lat = $4}
    /aborted|failed transactions: [1-9]|ERROR/ {print}
    END {printf "RESULT ceiling intake (one %d-event insert + dirty mark per commit) in PostgreSQL alone, %d clients: %.0f batches/s = %.0f events/s, latency average %s ms\n", b, c, tps, tps * b, lat}'
done
# Each admin request's statements, in one read-only transaction, the default period (30 days).
read -r dfrom dto <<< "$($PSQL -d "$DB" -tA -F ' ' -c "select (now() at time zone 'Africa/Nairobi')::date - 29, (now() at time zone 'Africa/Nairobi')::date")"
w="where tenant_id = :tenant_id and day between '$dfrom'::date and '$dto'::date"
steps="coalesce(sum(product_views), 0), coalesce(sum(add_to_carts), 0), coalesce(sum(checkout_starts), 0),
  coalesce(sum(orders), 0), coalesce(sum(payments_succeeded), 0), coalesce(sum(page_views), 0), coalesce(sum(searches), 0),
  coalesce(sum(whatsapp_clicks), 0), coalesce(sum(payments_started), 0), coalesce(sum(payments_failed), 0),
  coalesce(sum(carts_abandoned), 0), coalesce(sum(revenue_cents), 0)"
declare -A Q
Q[funnel]="select $steps from app.insight_daily_funnel $w;
select channel, $steps from app.insight_daily_funnel $w group by channel order by channel;
select city_area, $steps from app.insight_daily_funnel $w and city_area <> '' group by city_area order by sum(product_views + orders) desc, city_area limit 100;
select coalesce(sum(sessions), 0), coalesce(sum(product_view_sessions), 0), coalesce(sum(add_to_cart_sessions), 0), coalesce(sum(checkout_start_sessions), 0), coalesce(sum(whatsapp_click_sessions), 0) from app.insight_daily_sessions $w;"
Q[products]="select product_id, sum(views), sum(add_to_carts), sum(orders), sum(abandonments) from app.insight_daily_products $w group by product_id order by sum(views) desc, product_id limit 50;"
Q[searches/no-results]="select query, sum(searches), sum(empty) from app.insight_daily_searches $w group by query having sum(empty) > 0 order by sum(empty) desc, query limit 20;"
Q[abandonments]="select reason, sum(carts), sum(after_fee_quote) from app.insight_daily_abandonments $w group by reason order by sum(carts) desc, reason;
select city_area, reason, sum(carts), sum(after_fee_quote), sum(quoted_fee_cents) from app.insight_daily_abandonments $w and city_area <> '' group by city_area, reason order by sum(carts) desc, city_area, reason limit 200;"
Q[revenue]="select d::date, coalesce(f.revenue, 0), coalesce(f.orders, 0), coalesce(f.paid, 0) from generate_series('$dfrom'::date, '$dto'::date, interval '1 day') d left join (select day, sum(revenue_cents) revenue, sum(orders) orders, sum(payments_succeeded) paid from app.insight_daily_funnel $w group by day) f on f.day = d::date order by 1;"
Q[cards]="select id, store_id, rule, category, severity, title, body, applies_to_product_id, applies_to_area, metric_snapshot, created_at, updated_at, dismissed_at, dismissed_by from app.insight_cards where tenant_id = :tenant_id and dismissed_at is null order by id desc limit 50;"
for name in funnel products searches/no-results abandonments revenue cards; do
  script="$WORK/admin-${name//\//-}.sql"
  {
    echo '\set t random(1, :tenants)'
    echo "select format('00000000-0000-4000-8000-%s', lpad(:t::text, 12, '0')) as tenant_id \gset"
    echo 'begin read only;'
    echo 'select app.bind_tenant(:tenant_id);'
    echo "${Q[$name]}"
    echo 'commit;'
  } > "$script"
  rm -f "$WORK"/pgbench-log*
  pgbench -h 127.0.0.1 -U "$RUNTIME_ROLE" -n -M prepared -c "$ADMIN_CONNECTIONS" -j 2 -T "$CEILING_SECONDS" \
    -D tenants="$TOKEN_TENANTS" -l --log-prefix="$WORK/pgbench-log" -f "$script" "$DB" > "$WORK/pgbench.txt" 2>&1 \
    || { cat "$WORK/pgbench.txt"; continue; }
  tps=$(awk '/^tps/ {printf "%.0f", $3}' "$WORK/pgbench.txt")
  cat "$WORK"/pgbench-log* | awk '{print $3}' | sort -n > "$WORK/latencies.txt"
  n=$(wc -l < "$WORK/latencies.txt")
  echo "RESULT ceiling $name SELECTs in PostgreSQL alone, $ADMIN_CONNECTIONS clients: $tps tx/s" \
    "p50=$(awk -v k=$(( (n + 1) / 2 )) 'NR == k {printf "%.1f", $1 / 1000}' "$WORK/latencies.txt") ms" \
    "p99=$(awk -v k=$(( (n * 99 + 99) / 100 )) 'NR == k {printf "%.1f", $1 / 1000}' "$WORK/latencies.txt") ms"
  grep -E 'aborted|failed transactions: [1-9]|ERROR' "$WORK/pgbench.txt" || true
done
echo "== done ($WORK)"
