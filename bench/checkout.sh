#!/usr/bin/env bash
# Checkout benchmark (not a test). Seeds TENANTS x PRODUCTS (2 variants each, ample stock, one delivery
# zone per store) into its own database, writes the carts each phase uses straight into it
# (bench/carts.sql), starts the application from its jar and drives it with wrk (bench/cart-load.lua)
# on the same machine:
#   1. add-to-cart: CONNECTIONS connections adding 10 random items to each of EMPTY_CARTS empty carts,
#      as independent shoppers (requests in flight at once go to different carts; the warm-up uses two
#      fifths of the carts, the timed run the rest) for DURATION;
#   2. spread checkout: carts of 1-3 random items over all tenants, half M-Pesa, half cash on delivery,
#      each checked out once by CONNECTIONS connections for DURATION, then again (fresh carts) at each
#      of the lower concurrencies in CHECKOUT_ALSO_AT: with a closed loop of CONNECTIONS clients, latency
#      is mostly the queue of those clients (about CONNECTIONS / throughput), so the lower ones show
#      what throughput the application keeps at shorter latencies;
#   3. flash sale: HOT_STOCK units of one variant, HOT_BUYERS connections checking out one-unit carts
#      (twice as many as units) until every cart was tried; the database then says how much was sold
#      (oversold must be 0) and how fast it sold out (orders / time from first to last order). wrk's
#      own figures for this phase count the answers received (late refusals, not sales, may be cut
#      off when a connection's carts run out); its requests/s is over its fixed 60 s;
#   4. with the application stopped, add-to-cart's statements run by pgbench alone (bench/cart-ceiling.sh):
#      the most PostgreSQL can do of them on this machine.
# Each phase runs after a warm-up at the same load on carts of its own: 60 s before add-to-cart, the
# first phase (measured: the JIT needs over a minute of this load before add-to-cart settles), 30 s
# before the spread checkout.
#   bench/checkout.sh
#   TENANTS=20 PRODUCTS=100 DURATION=10s bench/checkout.sh
set -euo pipefail
cd "$(dirname "$0")/.."

TENANTS=${TENANTS:-100}
PRODUCTS=${PRODUCTS:-200}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-20s}
SPREAD_CARTS=${SPREAD_CARTS:-15000}
CHECKOUT_ALSO_AT=${CHECKOUT_ALSO_AT:-32 16}
EMPTY_CARTS=${EMPTY_CARTS:-20000}
HOT_STOCK=${HOT_STOCK:-3000}
HOT_BUYERS=${HOT_BUYERS:-256}
PORT=${PORT:-8099}
DB=${BENCH_DB:-sokoni_bench_checkout}
PSQL="psql -X -q -h 127.0.0.1 -U postgres"
URL="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
source bench/lib.sh
find_java
# The expiry job would cancel nothing here (holds last 15 minutes).
start_app --sokoni.checkout.expiry-enabled=false
seed_catalog "$TENANTS" "$PRODUCTS"

echo "== stock, delivery zones and carts"
HOT_VARIANT=$($PSQL -d "$DB" -tA -c "select id from app.product_variants
  where tenant_id = '00000000-0000-4000-8000-000000000001' order by id limit 1")
stock_and_zones "$HOT_VARIANT" "$HOT_STOCK"
HOT_CARTS=$((HOT_STOCK * 2))
$PSQL -d "$DB" -v tenants="$TENANTS" -v products="$PRODUCTS" -v spread="$((SPREAD_CARTS * 3 / 2 + SPREAD_CARTS * $(echo $CHECKOUT_ALSO_AT | wc -w)))" \
  -v empty="$EMPTY_CARTS" -v hot="$HOT_CARTS" -v hot_variant="$HOT_VARIANT" -f bench/carts.sql
$PSQL -d "$DB" -c "vacuum analyze"
WORK=$(mktemp -d /tmp/sokoni-checkout-bench.XXXXXX)
carts() { # kind, offset, count -> file
  $PSQL -d "$DB" -tA -F , -c "select kind, host, token from public.bench_carts where kind = '$1'
    order by token offset $2 limit $3" > "$WORK/$1-$2.csv"
  echo "$WORK/$1-$2.csv"
}
$PSQL -d "$DB" -tA -F , -c "select d.host, v.id from app.product_variants v
  join app.products p on p.tenant_id = v.tenant_id and p.id = v.product_id
  join app.store_domains d on d.tenant_id = p.tenant_id and d.store_id = p.store_id
  where v.id <> '$HOT_VARIANT'" > "$WORK/variants.csv"
load() { # label mode carts connections duration
  LABEL=$1 MODE=$2 CARTS=$3 VARIANTS="$WORK/variants.csv" THREADS=2 \
    wrk -t2 -c"$4" -d"$5" -s bench/cart-load.lua "$URL" | grep '^RESULT'
}

echo "== add-to-cart: $CONNECTIONS connections, $DURATION, wrk on the same 2 cores"
load warm-up add "$(carts empty 0 $((EMPTY_CARTS * 2 / 5)))" "$CONNECTIONS" 60s >/dev/null
settle
load add-to-cart add "$(carts empty $((EMPTY_CARTS * 2 / 5)) "$EMPTY_CARTS")" "$CONNECTIONS" "$DURATION"

echo "== spread checkout: $CONNECTIONS connections, $DURATION, carts over $TENANTS stores"
load warm-up checkout "$(carts spread 0 $((SPREAD_CARTS / 2)))" "$CONNECTIONS" 30s >/dev/null
settle
load checkout checkout "$(carts spread $((SPREAD_CARTS / 2)) "$SPREAD_CARTS")" "$CONNECTIONS" "$DURATION"
offset=$((SPREAD_CARTS * 3 / 2))
for connections in $CHECKOUT_ALSO_AT; do
  settle
  load "checkout-at-$connections-connections" checkout "$(carts spread $offset "$SPREAD_CARTS")" "$connections" "$DURATION"
  offset=$((offset + SPREAD_CARTS))
done

echo "== flash sale: $HOT_STOCK units of one variant, $HOT_BUYERS buyers, $HOT_CARTS one-unit carts"
load flash-sale checkout "$(carts hot 0 "$HOT_CARTS")" "$HOT_BUYERS" 60s
$PSQL -d "$DB" -tA -F ' ' -c "select 'RESULT flash-sale stock=$HOT_STOCK', 'sold=' || coalesce(sum(i.quantity), 0),
  'oversold=' || greatest(coalesce(sum(i.quantity), 0) - $HOT_STOCK, 0), 'orders=' || count(distinct i.order_id),
  'checkouts/s-until-sold-out=' || round(count(distinct i.order_id)
      / nullif(extract(epoch from max(o.placed_at) - min(o.placed_at)), 0))
  from app.order_items i join app.orders o on o.tenant_id = i.tenant_id and o.id = i.order_id
  where i.variant_id = '$HOT_VARIANT'"
$PSQL -d "$DB" -tA -F ' ' -c "select 'level: on_hand=' || on_hand, 'reserved=' || reserved,
  'active reservations=' || (select coalesce(sum(quantity), 0) from app.inventory_reservations r
                             where r.variant_id = l.variant_id and r.status = 'active')
  from app.inventory_levels l where variant_id = '$HOT_VARIANT'"
$PSQL -d "$DB" -tA -c "select 'negative or over-reserved levels: ' || count(*) from app.inventory_levels
  where on_hand < 0 or reserved < 0 or reserved > on_hand"
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$APP_PID/status)
echo "== app RSS after load: $((rss_kb / 1024)) MiB (-Xmx1g)"

echo "== add-to-cart's statements in PostgreSQL alone, the application stopped (bench/cart-ceiling.sh)"
kill $APP_PID; wait $APP_PID 2>/dev/null || true
bash bench/cart-ceiling.sh "$DB"
