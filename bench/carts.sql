-- Checkout benchmark carts, written straight into the database (a superuser bypasses RLS, as the
-- catalog seed does) so the timed phases measure only what they time. Tokens are 43 characters like
-- the application's; only their SHA-256 is stored, as the application does. Variables: tenants,
-- products, spread (carts of 1-3 random items over all tenants), empty (carts with no items, for
-- add-to-cart), hot (one-unit carts of hot_variant, tenant 1).
\set ON_ERROR_STOP on
begin;
create table public.bench_carts (kind text, host text, token text);

create temporary table new_carts as
select gen_random_uuid() as id, t.tenant_id, t.store_id, 'b' || t.n || '.bench.localhost' as host, token, kind
from (select 'spread' as kind, 1 + (n % :tenants) as tn, n from generate_series(1, :spread) n
      union all
      select 'empty', 1 + (n % :tenants), n from generate_series(1, :empty) n
      union all
      select 'hot', 1, n from generate_series(1, :hot) n) c
cross join lateral (select substr(md5(random()::text || c.n) || md5(random()::text), 1, 43) as token) k
join (select n, format('00000000-0000-4000-8000-%s', lpad(n::text, 12, '0'))::uuid as tenant_id,
             format('00000000-0000-4000-9000-%s', lpad(n::text, 12, '0'))::uuid as store_id
      from generate_series(1, :tenants) n) t on t.n = c.tn;

insert into app.carts (tenant_id, id, store_id, token_hash, currency, expires_at)
select tenant_id, id, store_id, encode(sha256(convert_to(token, 'UTF8')), 'hex'), 'KES', now() + interval '1 day'
from new_carts;

insert into app.cart_items (tenant_id, id, cart_id, product_id, variant_id, quantity, unit_price_cents)
select c.tenant_id, gen_random_uuid(), c.id, v.product_id, v.id, 1, v.price_cents
from new_carts c
cross join lateral generate_series(1, 1 + abs(hashtext(c.token)) % 3) line
cross join lateral (
    select v.id, v.product_id, v.price_cents from app.products p
    join app.product_variants v on v.tenant_id = p.tenant_id and v.product_id = p.id
    where p.tenant_id = c.tenant_id and p.slug = 'product-' || (1 + abs(hashtext(c.token || line)) % :products)
      and v.id <> :'hot_variant' -- the flash sale's stock is sold by the flash sale alone
    order by v.position limit 1) v
where c.kind = 'spread'
on conflict do nothing;

insert into app.cart_items (tenant_id, id, cart_id, product_id, variant_id, quantity, unit_price_cents)
select c.tenant_id, gen_random_uuid(), c.id, v.product_id, v.id, 1, v.price_cents
from new_carts c join app.product_variants v on v.id = :'hot_variant'
where c.kind = 'hot';

insert into public.bench_carts select kind, host, token from new_carts;
commit;
