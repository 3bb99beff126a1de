-- The price a product is listed at (its lowest active variant price, else its base price), kept on the
-- product row by the database so storefront lists can filter and sort on an index instead of computing
-- every product's offer from its variants per request (bench/run.sh: 13.7 ms of database time for a
-- 1,000-product store's page, most of it that computation).
--
-- One rule, maintained here, whoever writes: the API, imports, tenant moves, a psql session. Variant
-- changes lock their products (in id order) before recomputing, in a statement of its own, so the
-- recomputation sees every committed change: two concurrent variant edits of one product cannot leave a
-- stale price behind.

alter table app.products add column listed_price_cents bigint;
update app.products p
set listed_price_cents = coalesce((select min(v.price_cents) from app.product_variants v
                                   where v.tenant_id = p.tenant_id and v.product_id = p.id and v.is_active),
                                  p.base_price_cents);
alter table app.products alter column listed_price_cents set not null,
    add constraint products_listed_price_check check (listed_price_cents >= 0);

-- Storefront lists read a page in index order (newest first has products_listing_idx already).
create index products_listed_price_idx on app.products (tenant_id, store_id, status, listed_price_cents, id);
create index products_name_idx on app.products (tenant_id, store_id, status, name, id);

-- A product written directly (new, or its base price changed): its price from its variants as they are.
create function app.products_set_listed_price() returns trigger
    language plpgsql
    set search_path = app, pg_temp
as $$
begin
    new.listed_price_cents := coalesce((select min(v.price_cents) from app.product_variants v
                                        where v.tenant_id = new.tenant_id and v.product_id = new.id and v.is_active),
                                       new.base_price_cents);
    return new;
end
$$;
create trigger products_set_listed_price
    before insert or update of base_price_cents on app.products
    for each row execute function app.products_set_listed_price();

-- Recomputes these products' listed prices. The products are locked first, in a fixed order, and the
-- update is a statement of its own: its snapshot is taken after the locks, so it sees every change
-- committed by a transaction that held one of them before.
create function app.refresh_listed_prices(tenant_ids uuid[], product_ids uuid[]) returns void
    language plpgsql
    set search_path = app, pg_temp
as $$
begin
    perform 1 from app.products p
    join unnest(tenant_ids, product_ids) c (tenant_id, id) on p.tenant_id = c.tenant_id and p.id = c.id
    order by p.tenant_id, p.id
    for update of p;
    update app.products p
    set listed_price_cents = coalesce((select min(v.price_cents) from app.product_variants v
                                       where v.tenant_id = p.tenant_id and v.product_id = p.id and v.is_active),
                                      p.base_price_cents)
    from (select distinct tenant_id, id from unnest(tenant_ids, product_ids) c (tenant_id, id)) c
    where p.tenant_id = c.tenant_id and p.id = c.id;
end
$$;

-- Variants changed by one statement (a whole import at once): their products recomputed once, after it.
-- One function for the three triggers; each reads only the transition tables its event has.
create function app.product_variants_refresh_listed_prices() returns trigger
    language plpgsql
    set search_path = app, pg_temp
as $$
begin
    if tg_op = 'INSERT' then
        perform app.refresh_listed_prices(array(select tenant_id from new_variants),
                                          array(select product_id from new_variants));
    elsif tg_op = 'DELETE' then
        perform app.refresh_listed_prices(array(select tenant_id from old_variants),
                                          array(select product_id from old_variants));
    else
        perform app.refresh_listed_prices(
            array(select tenant_id from new_variants union all select tenant_id from old_variants),
            array(select product_id from new_variants union all select product_id from old_variants));
    end if;
    return null;
end
$$;
create trigger product_variants_inserted
    after insert on app.product_variants referencing new table as new_variants
    for each statement execute function app.product_variants_refresh_listed_prices();
create trigger product_variants_updated
    after update on app.product_variants referencing old table as old_variants new table as new_variants
    for each statement execute function app.product_variants_refresh_listed_prices();
create trigger product_variants_deleted
    after delete on app.product_variants referencing old table as old_variants
    for each statement execute function app.product_variants_refresh_listed_prices();

revoke all on function app.products_set_listed_price(), app.refresh_listed_prices(uuid[], uuid[]),
    app.product_variants_refresh_listed_prices() from public;
grant execute on function app.refresh_listed_prices(uuid[], uuid[]) to ${runtime_role};
