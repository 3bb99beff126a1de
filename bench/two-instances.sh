#!/usr/bin/env bash
# Two instances vs one (not a test): the same database, the same machine, one run. Seeds TENANTS x
# PRODUCTS into its own database (sokoni_bench_two), writes spread checkout carts (bench/carts.sql), starts
# the jar twice (ports 8484 and 8485, POOL_SIZE connections each) and measures, each with wrk on the same
# 2 cores:
#   1. /ping through one instance (the HTTP ceiling of the run);
#   2. storefront product list (bench/storefront.lua): CONNECTIONS connections to one instance, then
#      CONNECTIONS / 2 to each of the two at once;
#   3. spread checkout (bench/cart-load.lua; carts of 1-3 items over all tenants, half M-Pesa, half cash on
#      delivery, each checked out once): the same split, on carts of their own.
# Two instances are not expected to be faster on 2 cores: the point is the cost (throughput, p99, memory)
# and that nothing is lost: afterwards the database is asked for carts ordered twice, levels negative or
# over-reserved, and events left in the outbox.
#   bench/two-instances.sh
#   TENANTS=20 PRODUCTS=100 DURATION=10s bench/two-instances.sh
set -euo pipefail
cd "$(dirname "$0")/.."

TENANTS=${TENANTS:-100}
PRODUCTS=${PRODUCTS:-200}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-20s}
SPREAD_CARTS=${SPREAD_CARTS:-15000}
PORT=${PORT:-8484}
PORT2=${PORT2:-8485}
DB=${BENCH_DB:-sokoni_bench_two}
PSQL="psql -X -q -h 127.0.0.1 -U postgres"
HEAP=${HEAP:-768m} # two JVMs on one machine

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
source bench/lib.sh
find_java
start_app --sokoni.checkout.expiry-enabled=false
seed_catalog "$TENANTS" "$PRODUCTS"
# Carts: a warm-up share and a timed share for each of the two checkout runs.
prepare_checkout "$((SPREAD_CARTS * 3))" 0 0
launch_app "$PORT2" false --sokoni.checkout.expiry-enabled=false
APP2_PID=$LAUNCHED_PID
trap 'kill $APP_PID $APP2_PID 2>/dev/null || true' EXIT
ONE="http://127.0.0.1:$PORT"
SECOND="http://127.0.0.1:$PORT2"
HALF=$((CONNECTIONS / 2))

storefront() { # mode connections duration url
  MODE=$1 TENANTS=$TENANTS PRODUCTS=$PRODUCTS wrk -t2 -c"$2" -d"$3" -s bench/storefront.lua "$4" | grep '^RESULT'
}
settle_both() {
  settle "$APP_PID"
  settle "$APP2_PID"
}
# Adds up the rates of the RESULT lines of a two-instance run (storefront.lua: rps=; cart-load.lua: req/s).
total() {
  awk '{ for (i = 1; i <= NF; i++) { if ($i ~ /^rps=/) { split($i, a, "="); r += a[2] } if ($i == "req/s") r += $(i - 1) } }
       END { printf "%.0f", r }'
}

echo "== warm-up: both instances, storefront list and checkout, 30 s each"
# (Each pair in a subshell: a bare wait here would wait for the instances too.)
( storefront list "$HALF" 30s "$ONE" >/dev/null & storefront list "$HALF" 30s "$SECOND" >/dev/null; wait )
( URL=$ONE load warm-up checkout "$(carts spread 0 $((SPREAD_CARTS / 2)))" "$HALF" 30s >/dev/null &
  URL=$SECOND load warm-up checkout "$(carts spread $((SPREAD_CARTS / 2)) $((SPREAD_CARTS / 2)))" "$HALF" 30s >/dev/null
  wait )
settle_both

echo "== /ping through one instance: $CONNECTIONS connections, $DURATION (the ceiling)"
storefront ping "$CONNECTIONS" "$DURATION" "$ONE"
settle_both

echo "== storefront list: $CONNECTIONS connections to one instance, then $HALF to each of two, $DURATION"
storefront list "$CONNECTIONS" "$DURATION" "$ONE" | sed 's/^RESULT list/RESULT list-one-instance/'
settle_both
TWO=$( { storefront list "$HALF" "$DURATION" "$ONE" & storefront list "$HALF" "$DURATION" "$SECOND"; wait; } )
echo "$TWO" | sed 's/^RESULT list/RESULT list-two-instances (each)/'
echo "RESULT list-two-instances total=$(echo "$TWO" | total) req/s"
settle_both

echo "== spread checkout: $CONNECTIONS connections to one instance, then $HALF to each of two, $DURATION"
URL=$ONE load checkout-one-instance checkout "$(carts spread "$SPREAD_CARTS" "$SPREAD_CARTS")" "$CONNECTIONS" "$DURATION"
settle_both
TWO=$( { URL=$ONE load checkout-two-instances-a checkout "$(carts spread $((SPREAD_CARTS * 2)) $((SPREAD_CARTS / 2)))" \
           "$HALF" "$DURATION" &
         URL=$SECOND load checkout-two-instances-b checkout "$(carts spread $((SPREAD_CARTS * 5 / 2)) $((SPREAD_CARTS / 2)))" \
           "$HALF" "$DURATION"; wait; } )
echo "$TWO"
echo "RESULT checkout-two-instances total=$(echo "$TWO" | total) req/s"

echo "== memory after load (RSS, -Xmx$HEAP each)"
for pid in $APP_PID $APP2_PID; do
  echo "instance $pid: $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) MiB"
done

echo "== nothing lost or doubled"
sleep 3 # the relays' last polls
$PSQL -d "$DB" -tA -c "select 'orders: ' || count(*) || ', carts ordered twice: '
  || (select count(*) from (select 1 from app.orders group by tenant_id, cart_id having count(*) > 1) d) from app.orders"
$PSQL -d "$DB" -tA -c "select 'negative or over-reserved levels: ' || count(*) from app.inventory_levels
  where on_hand < 0 or reserved < 0 or reserved > on_hand"
$PSQL -d "$DB" -tA -c "select 'levels whose reserved differs from their active holds: ' || count(*) from app.inventory_levels l
  where l.reserved <> (select coalesce(sum(r.quantity), 0) from app.inventory_reservations r
                       where r.tenant_id = l.tenant_id and r.variant_id = l.variant_id and r.location_id = l.location_id
                         and r.status = 'active')"
$PSQL -d "$DB" -tA -c "select 'outbox events not delivered: ' || count(*) || ' ' || coalesce(string_agg(distinct event_type, ','), '')
  from app.outbox_events where status <> 'delivered'"
