#!/usr/bin/env bash
# Through PgBouncer vs direct (not a test), in one run on one database: the storefront (list: cached;
# search: cached per text) with the application's pools connected to PostgreSQL directly, then (the
# application restarted on the same data) through a PgBouncer in transaction pooling started here on
# PGB_PORT (README "Behind PgBouncer": prepareThreshold=0, LISTEN and migrations direct); then the
# spread checkout through PgBouncer and, restarted again, directly, so no read phase runs while what a
# checkout phase left behind is still being worked off. Each figure after a warm-up at the same load,
# fresh carts for every checkout run. Reuses bench/lib.sh, bench/seed.sql, bench/carts.sql, bench/storefront.lua and
# bench/cart-load.lua.
#   bench/pgbouncer.sh
#   TENANTS=20 DURATION=10s bench/pgbouncer.sh
set -euo pipefail
cd "$(dirname "$0")/.."

TENANTS=${TENANTS:-100}
PRODUCTS=${PRODUCTS:-200}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-15s}
CARTS=${CARTS:-8000} # per checkout run
PORT=${PORT:-8384}
PGB_PORT=${PGB_PORT:-6484}
DB=${BENCH_DB:-sokoni_bench_pgbouncer}
PSQL="psql -X -q -h 127.0.0.1 -U postgres"
URL="http://127.0.0.1:$PORT"
NO_VARIANT=00000000-0000-0000-0000-000000000000

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
PGBOUNCER=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
[ -x "$PGBOUNCER" ] || { echo "pgbouncer is needed: apt-get install pgbouncer" >&2; exit 1; }
source bench/lib.sh
find_java

WORK=$(mktemp -d /tmp/sokoni-pgbouncer-bench.XXXXXX)
chmod 777 "$WORK" # PgBouncer runs as postgres when started by root: it writes its log here
start_app --sokoni.checkout.expiry-enabled=false
seed_catalog "$TENANTS" "$PRODUCTS"
stock_and_zones "$NO_VARIANT" 0
$PSQL -d "$DB" -v tenants="$TENANTS" -v products="$PRODUCTS" -v spread="$((CARTS * 4))" -v empty=0 -v hot=0 \
  -v hot_variant="$NO_VARIANT" -f bench/carts.sql
$PSQL -d "$DB" -c "vacuum analyze"
carts() { # offset -> file
  $PSQL -d "$DB" -tA -F , -c "select kind, host, token from public.bench_carts where kind = 'spread'
    order by token offset $1 limit $CARTS" > "$WORK/carts-$1.csv"
  echo "$WORK/carts-$1.csv"
}

# PgBouncer, transaction pooling, as README "Behind PgBouncer" says; it refuses to run as root.
$PSQL -d "$DB" -tA -c "select format('\"%s\" \"\"', rolname) from pg_roles where rolname in ('sokoni_owner', 'sokoni_app', 'sokoni_platform')" > "$WORK/users.txt"
cat > "$WORK/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=5432
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGB_PORT
unix_socket_dir =
auth_type = trust
auth_file = $WORK/users.txt
pool_mode = transaction
default_pool_size = ${PGB_POOL_SIZE:-20}
max_client_conn = 500
ignore_startup_parameters = extra_float_digits
logfile = $WORK/pgbouncer.log
pidfile = $WORK/pgbouncer.pid
INI
chmod 644 "$WORK"/*
if [ "$(id -u)" = 0 ]; then "$PGBOUNCER" -d -u postgres "$WORK/pgbouncer.ini"; else "$PGBOUNCER" -d "$WORK/pgbouncer.ini"; fi
sleep 1
PGB_PID=$(cat "$WORK/pgbouncer.pid")
trap 'kill $APP_PID 2>/dev/null || true; kill $PGB_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

reads() { # label
  for mode in list search; do
    MODE=$mode TENANTS=$TENANTS PRODUCTS=$PRODUCTS wrk -t2 -c"$CONNECTIONS" -d15s -s bench/storefront.lua "$URL" >/dev/null
    settle
    MODE=$mode TENANTS=$TENANTS PRODUCTS=$PRODUCTS wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/storefront.lua "$URL" \
      | grep '^RESULT' | sed "s/^RESULT $mode/RESULT $1-$mode/"
  done
}
checkouts() { # label offset
  LABEL=warm-up MODE=checkout CARTS="$(carts "$2")" THREADS=2 wrk -t2 -c"$CONNECTIONS" -d15s -s bench/cart-load.lua "$URL" >/dev/null
  settle
  LABEL="$1-checkout" MODE=checkout CARTS="$(carts $(($2 + CARTS)))" THREADS=2 \
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/cart-load.lua "$URL" | grep '^RESULT'
}
through_pgbouncer() {
  KEEP_DB=true DB_URL="jdbc:postgresql://127.0.0.1:$PGB_PORT/$DB?prepareThreshold=0" \
    DB_DIRECT_URL="jdbc:postgresql://127.0.0.1:5432/$DB" start_app --sokoni.checkout.expiry-enabled=false
  trap 'kill $APP_PID 2>/dev/null || true; kill $PGB_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
}
direct() {
  KEEP_DB=true start_app --sokoni.checkout.expiry-enabled=false
  trap 'kill $APP_PID 2>/dev/null || true; kill $PGB_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
}
stop_app() {
  kill $APP_PID; wait $APP_PID 2>/dev/null || true
}

# Reads first, both ways, on the same untouched data; then checkouts, both ways: what a checkout leaves
# behind (outbox events relayed, aggregates refreshed, answers invalidated) never runs under a read phase.
echo "== reads, direct: pools on 127.0.0.1:5432 ($CONNECTIONS connections, $DURATION each, wrk on the same cores)"
reads direct
stop_app
echo "== reads, through PgBouncer on $PGB_PORT (transaction pooling, default_pool_size ${PGB_POOL_SIZE:-20})"
through_pgbouncer
reads pgbouncer
echo "== checkouts, through PgBouncer"
checkouts pgbouncer 0
stop_app
echo "== checkouts, direct"
direct
checkouts direct $((CARTS * 2))
echo "== PgBouncer's server connections at the end: $(grep -c 'new connection to server' "$WORK/pgbouncer.log")"
