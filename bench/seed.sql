-- Benchmark data: :tenants tenants, each with one store at b<n>.bench.localhost, 5 categories,
-- :products active products with 2 variants each, one location and stock. Run as a superuser (it
-- bypasses RLS, which a seed may; the application never does). Deterministic ids so the load scripts
-- can address tenant n and product p without a look-up:
--   tenant n   -> 00000000-0000-4000-8000-<n padded to 12>
--   store of n -> 00000000-0000-4000-9000-<n padded to 12>
\set ON_ERROR_STOP on
begin;
create temporary table bench_tenants as
select n,
       format('00000000-0000-4000-8000-%s', lpad(n::text, 12, '0'))::uuid as tenant_id,
       format('00000000-0000-4000-9000-%s', lpad(n::text, 12, '0'))::uuid as store_id
from generate_series(1, :tenants) n;

insert into app.tenants (id, slug, name)
select tenant_id, 'bench-' || n, 'Bench tenant ' || n from bench_tenants;
insert into app.stores (tenant_id, id, slug, name, currency, is_live)
select tenant_id, store_id, 'b' || n, 'Bench store ' || n, 'KES', true from bench_tenants;
insert into app.store_domains (id, tenant_id, store_id, host, kind, verification_status, verification_token, verified_at)
select gen_random_uuid(), tenant_id, store_id, 'b' || n || '.bench.localhost', 'platform', 'verified', 'platform', now()
from bench_tenants;
insert into app.store_locations (tenant_id, id, store_id, code, name)
select tenant_id, store_id, store_id, 'MAIN', 'Main shop' from bench_tenants;

insert into app.categories (tenant_id, id, name, slug, position)
select t.tenant_id, gen_random_uuid(), 'Category ' || c, 'category-' || c, c
from bench_tenants t cross join generate_series(1, 5) c;

insert into app.products (tenant_id, id, store_id, category_id, name, slug, description, status, brand,
                          base_price_cents, currency, created_at)
select t.tenant_id, gen_random_uuid(), t.store_id,
       (select id from app.categories c where c.tenant_id = t.tenant_id and c.slug = 'category-' || (1 + p % 5)),
       (array['Kikoi', 'Kiondo basket', 'Maasai shuka', 'Sukuma seeds', 'Chai masala', 'Kitenge dress',
              'Sandals', 'Sufuria', 'Jiko', 'Mkeka mat'])[1 + p % 10] || ' ' || p,
       'product-' || p,
       'Hand made in Nairobi. Quality item number ' || p || ' for the bench store.',
       'active',
       (array['Jua Kali', 'Kazuri', 'Bata', 'Ketepa', 'Kenchic'])[1 + p % 5],
       100 * (50 + (p * 37) % 5000), 'KES', now() - (p || ' minutes')::interval
from bench_tenants t cross join generate_series(1, :products) p;

insert into app.product_variants (tenant_id, id, product_id, name, sku, attributes, price_cents, position)
select p.tenant_id, gen_random_uuid(), p.id, v.size, p.slug || '-' || v.size || '-' || substr(p.tenant_id::text, 25),
       jsonb_build_object('size', v.size), p.base_price_cents + v.extra, v.position
from app.products p
join bench_tenants t on t.tenant_id = p.tenant_id
cross join (values ('m', 0, 0), ('l', 500, 1)) v(size, extra, position);

insert into app.inventory_levels (tenant_id, variant_id, location_id, on_hand, reserved)
select v.tenant_id, v.id, t.store_id, (abs(hashtext(v.sku)) % 20), 0
from app.product_variants v join bench_tenants t on t.tenant_id = v.tenant_id;
commit;
-- As a database in service would be after autovacuum: statistics, and a visibility map that lets
-- counts read the index alone.
vacuum analyze;
