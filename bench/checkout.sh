#!/usr/bin/env bash
# Checkout benchmark (not a test). Seeds TENANTS x PRODUCTS (2 variants each, plenty of stock, one
# delivery zone per store) into its own database, starts the application from its jar and drives it
# with bench/CheckoutLoad.java on the same machine:
#   1. add-to-cart: CONCURRENCY shoppers adding items to carts for ADD_SECONDS;
#   2. spread checkout: SPREAD_CARTS carts of 1-3 random items over all tenants, prepared first, then
#      checked out by CONCURRENCY shoppers (half M-Pesa, half cash on delivery);
#   3. flash sale: HOT_STOCK units of one variant, HOT_BUYERS shoppers each checking out one-unit carts
#      until it is sold out; then the database is asked how much was sold (oversold must be 0).
# Prints requests/s and p50/p99 for each.
#   bench/checkout.sh
#   TENANTS=20 PRODUCTS=100 SPREAD_CARTS=2000 HOT_STOCK=500 bench/checkout.sh
set -euo pipefail
cd "$(dirname "$0")/.."

TENANTS=${TENANTS:-100}
PRODUCTS=${PRODUCTS:-200}
CONCURRENCY=${CONCURRENCY:-64}
ADD_SECONDS=${ADD_SECONDS:-20}
SPREAD_CARTS=${SPREAD_CARTS:-9000}
HOT_STOCK=${HOT_STOCK:-3000}
HOT_BUYERS=${HOT_BUYERS:-256}
PORT=${PORT:-8099}
DB=${BENCH_DB:-sokoni_bench_checkout}
PSQL="psql -X -q -h 127.0.0.1 -U postgres"

source bench/lib.sh
find_java
# The expiry job would cancel nothing here (holds last 15 minutes); the outbox relay has no handler for
# order events, and product events only go to search, which is left unconfigured.
start_app --sokoni.checkout.expiry-enabled=false
seed_catalog "$TENANTS" "$PRODUCTS"

echo "== stock and delivery zones"
$PSQL -d "$DB" <<'SQL'
update app.inventory_levels set on_hand = 1000000, reserved = 0;
insert into app.delivery_zones (tenant_id, id, store_id, name, fee_cents, min_order_cents, eta_minutes)
select s.tenant_id, s.id, s.id, 'Nairobi West', 20000, 0, 120 from app.stores s;
insert into app.delivery_zone_areas (tenant_id, zone_id, store_id, area_key, area_name)
select s.tenant_id, s.id, s.id, 'westlands', 'Westlands' from app.stores s;
SQL
HOT_VARIANT=$($PSQL -d "$DB" -tA -c "select v.id from app.product_variants v
  where v.tenant_id = '00000000-0000-4000-8000-000000000001' order by v.id limit 1")
$PSQL -d "$DB" -c "update app.inventory_levels set on_hand = $HOT_STOCK where variant_id = '$HOT_VARIANT'"
VARIANTS=$(mktemp /tmp/sokoni-variants.XXXXXX.csv)
$PSQL -d "$DB" -tA -F , -c "select d.host, v.id from app.product_variants v
  join app.products p on p.tenant_id = v.tenant_id and p.id = v.product_id
  join app.store_domains d on d.tenant_id = p.tenant_id and d.store_id = p.store_id
  where v.id <> '$HOT_VARIANT'" > "$VARIANTS"
HOT_HOST=b1.bench.localhost
$PSQL -d "$DB" -c "vacuum analyze"

"$JAVA" -Djdk.httpclient.allowRestrictedHeaders=host bench/CheckoutLoad.java "http://127.0.0.1:$PORT" "$VARIANTS" \
  "$CONCURRENCY" "$ADD_SECONDS" "$SPREAD_CARTS" "$HOT_HOST" "$HOT_VARIANT" "$HOT_STOCK" "$HOT_BUYERS"

echo "== flash sale, as the database sees it"
$PSQL -d "$DB" -tA -F ' ' -c "select 'stock=$HOT_STOCK', 'sold=' || coalesce(sum(i.quantity), 0),
  'oversold=' || greatest(coalesce(sum(i.quantity), 0) - $HOT_STOCK, 0),
  'orders=' || count(distinct i.order_id)
  from app.order_items i where i.variant_id = '$HOT_VARIANT'"
$PSQL -d "$DB" -tA -F ' ' -c "select 'level: on_hand=' || on_hand, 'reserved=' || reserved,
  'reservations=' || (select coalesce(sum(quantity), 0) from app.inventory_reservations r
                      where r.variant_id = l.variant_id and r.status = 'active')
  from app.inventory_levels l where variant_id = '$HOT_VARIANT'"
$PSQL -d "$DB" -tA -c "select 'negative or over-reserved levels: ' || count(*) from app.inventory_levels
  where on_hand < 0 or reserved < 0 or reserved > on_hand"
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$APP_PID/status)
echo "== app RSS after load: $((rss_kb / 1024)) MiB (-Xmx1g)"
