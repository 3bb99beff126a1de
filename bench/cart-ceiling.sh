#!/usr/bin/env bash
# What PostgreSQL alone can do of add-to-cart on this machine: the statements one add-to-cart runs
# (bind the tenant, relaxed commit, then in one pipeline: touch and lock the cart, the conditional
# upsert of the line with its stock check, the cart's lines read back; as CartRepository renders them,
# the cart found by its token in the last two), run by pgbench as the runtime role with prepared
# statements, 8 clients, each filling empty carts of the checkout benchmark with 10 items one after
# the other, as the application's add-to-cart phase does. No HTTP, no JVM: the ceiling the
# application's add-to-cart cannot pass. Each transaction also reads its cart and variant
# from a helper table (one primary-key lookup).
#   bench/cart-ceiling.sh <database>
set -euo pipefail
DB=${1:-sokoni_bench_checkout}
RUNTIME_ROLE=${SOKONI_DB_RUNTIME_USER:-sokoni_app}
PSQL="psql -X -q -h 127.0.0.1 -U postgres -d $DB"
export PGOPTIONS="-c client_min_messages=warning"
$PSQL <<SQL
drop table if exists public.bench_cart_pairs;
create table public.bench_cart_pairs as
select row_number() over (order by c.id, v.k) as n, c.tenant_id, c.store_id, c.token_hash, c.id as cart_id,
       v.id as variant_id
from (select c.* from public.bench_carts b
      join app.carts c on c.token_hash = encode(sha256(convert_to(b.token, 'UTF8')), 'hex')
      where b.kind = 'empty' order by c.id limit 8000) c
cross join lateral (select v.id, row_number() over (order by md5(v.id::text || c.id::text)) as k
                    from app.product_variants v
                    join app.products p on p.tenant_id = v.tenant_id and p.id = v.product_id
                    where v.tenant_id = c.tenant_id and p.store_id = c.store_id
                    order by md5(v.id::text || c.id::text) limit 10) v;
alter table public.bench_cart_pairs add primary key (n);
delete from app.cart_items i using public.bench_cart_pairs p where i.tenant_id = p.tenant_id and i.cart_id = p.cart_id;
vacuum analyze app.carts, app.cart_items;
grant select on public.bench_cart_pairs to $RUNTIME_ROLE;
SQL
PAIRS=$($PSQL -tAc "select count(*) from public.bench_cart_pairs")
SCRIPT=$(mktemp /tmp/sokoni-cart.XXXXXX.sql)
cat > "$SCRIPT" <<'SQL'
\set i :i + 1
\set n 1 + (:client_id * (:pairs / 8) + :i) % :pairs
begin;
select tenant_id, store_id, token_hash, cart_id, variant_id from public.bench_cart_pairs where n = :n \gset
select set_config('app.tenant_id', :tenant_id, true);
set local synchronous_commit = off;
\startpipeline
update app.carts set last_activity_at = current_timestamp, expires_at = now() + (604800000 * interval '1 millisecond'),
  version = version + 1, status = 'open', updated_at = current_timestamp
where tenant_id = :tenant_id and store_id = :store_id and token_hash = :token_hash and status <> 'converted'
  and expires_at > current_timestamp
returning id, store_id, channel, status, currency, coupon_code, city_area, customer_id, expires_at, last_activity_at,
  version, (expires_at <= current_timestamp) as expired;
insert into app.cart_items (tenant_id, id, cart_id, product_id, variant_id, quantity, unit_price_cents)
select :tenant_id, gen_random_uuid(),
  (select c.id from app.carts c
    where c.tenant_id = :tenant_id and c.store_id = :store_id and c.token_hash = :token_hash
      and c.status <> 'converted' and c.expires_at > current_timestamp),
  v.product_id, v.id, 1, v.price_cents
from app.product_variants v join app.products p on p.tenant_id = v.tenant_id and p.id = v.product_id
where (select c.id from app.carts c
        where c.tenant_id = :tenant_id and c.store_id = :store_id and c.token_hash = :token_hash
          and c.status <> 'converted' and c.expires_at > current_timestamp) is not null
  and v.tenant_id = :tenant_id and v.id = :variant_id and v.is_active and p.status = 'active' and p.store_id = :store_id
  and 1 + coalesce((select h.quantity from app.cart_items h
                    where h.tenant_id = :tenant_id and h.variant_id = :variant_id
                      and h.cart_id = (select c.id from app.carts c
                          where c.tenant_id = :tenant_id and c.store_id = :store_id and c.token_hash = :token_hash
                            and c.status <> 'converted' and c.expires_at > current_timestamp)), 0) <= 1000
  and (select cast(coalesce(sum(l.on_hand - l.reserved), 0) as int) from app.inventory_levels l
       join app.store_locations s on s.tenant_id = l.tenant_id and s.id = l.location_id
       where l.tenant_id = v.tenant_id and l.variant_id = v.id and s.status = 'active')
      >= 1 + coalesce((select h.quantity from app.cart_items h
                       where h.tenant_id = :tenant_id and h.variant_id = :variant_id
                         and h.cart_id = (select c.id from app.carts c
                             where c.tenant_id = :tenant_id and c.store_id = :store_id and c.token_hash = :token_hash
                               and c.status <> 'converted' and c.expires_at > current_timestamp)), 0)
on conflict (tenant_id, cart_id, variant_id) do update
  set quantity = app.cart_items.quantity + excluded.quantity, unit_price_cents = excluded.unit_price_cents,
      updated_at = current_timestamp
returning app.cart_items.quantity;
select i.product_id, i.variant_id, p.category_id, p.name, v.name, v.sku, i.quantity, v.price_cents, i.unit_price_cents,
  (v.is_active and p.status = 'active' and p.store_id = :store_id),
  (select cast(coalesce(sum(l.on_hand - l.reserved), 0) as int) from app.inventory_levels l
   join app.store_locations s on s.tenant_id = l.tenant_id and s.id = l.location_id
   where l.tenant_id = v.tenant_id and l.variant_id = v.id and s.status = 'active')
from app.cart_items i
join app.product_variants v on v.tenant_id = i.tenant_id and v.id = i.variant_id
join app.products p on p.tenant_id = v.tenant_id and p.id = v.product_id
where i.tenant_id = :tenant_id and i.cart_id = (select c.id from app.carts c
  where c.tenant_id = :tenant_id and c.store_id = :store_id and c.token_hash = :token_hash
    and c.status <> 'converted' and c.expires_at > current_timestamp)
order by i.created_at, i.id;
\endpipeline
commit;
SQL
pgbench -h 127.0.0.1 -U "$RUNTIME_ROLE" -n -M prepared -c 8 -j 2 -T "${CEILING_SECONDS:-15}" -D pairs="$PAIRS" -D i=0 \
  -f "$SCRIPT" "$DB" 2>&1 | awk '/^tps/ {printf "RESULT add-to-cart statements in PostgreSQL alone (pgbench, 8 clients): %.0f tx/s\n", $3}
  /aborted|failed transactions: [1-9]/ {print}'
rm -f "$SCRIPT"
PGOPTIONS= $PSQL -c "drop table public.bench_cart_pairs"
