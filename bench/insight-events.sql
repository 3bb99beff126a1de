-- bench/insight.sh's event history, written straight into app.insight_events (a superuser bypasses RLS,
-- as bench/seed.sql does): :events events spread evenly over :tenants tenants (of bench/seed.sql) and
-- the period from :'from' to :'to', in sessions of 12 events, with the mix a storefront sees: page and
-- product views (:products products per store, ids as bench/insight-events.lua sends them), searches
-- (one in five found nothing), add-to-carts, checkout starts, WhatsApp clicks, and the server's
-- orders, payments (started, succeeded, failed) and abandoned carts (a third after a fee quote), one in
-- ten of them from the WhatsApp channel, over 8 city areas. Rows are generated in (tenant, time) order
-- with time-ordered ids, as the application appends them, so every index grows at its right edge
-- instead of at random; the foreign key to the store (correct by construction) is not checked row by
-- row (session_replication_role = replica). One statement per :chunk tenants.
\set ON_ERROR_STOP on
set session_replication_role = replica;
select :'from'::timestamptz as seed_from, extract(epoch from :'to'::timestamptz - :'from'::timestamptz) as seed_seconds,
       :events / :tenants as per_tenant \gset
select format($$
insert into app.insight_events (tenant_id, id, occurred_at, received_at, store_id, event_type, source, channel,
                                session_id, device, city_area, product_id, product_ids, amount_cents, search_query,
                                result_count, reason)
select tenant_id, id, at, at, store_id, kind, src, case when src = 'server' and i %% 10 = 0 then 'whatsapp' else 'web' end,
       case when src = 'storefront' then 'seed-' || t || '-' || (i / 12) end,
       case when src = 'storefront' then (array['mobile', 'mobile', 'desktop', 'tablet'])[1 + i %% 4] end,
       (array['westlands', 'kilimani', 'karen', 'embakasi', 'kasarani', 'ruaka', 'rongai', 'thika road'])[1 + (i / 12 + t) %% 8],
       case when kind in ('product_view', 'add_to_cart') then product end,
       case when kind in ('order_completed', 'cart_abandoned') then array[product] end,
       case when kind in ('order_completed', 'payment_succeeded') then 100 * (500 + i %% 5000)
            when kind = 'cart_abandoned' then case when i %% 3 = 0 then 20000 else 0 end end,
       case when kind = 'search' then (array['kikoi', 'kiondo basket', 'maasai shuka', 'chai masala', 'kitenge', 'sufuria',
                                             'jiko', 'mkeka', 'solar lamp', 'gas cylinder'])[1 + (i / 7) %% 10] end,
       case when kind = 'search' then case when (i / 7) %% 10 >= 8 then 0 else 12 end end,
       case when kind = 'payment_failed' then 'insufficient funds'
            when kind = 'cart_abandoned' then (array['delivery_cost', 'just_browsing', 'payment_issue', null])[1 + i %% 4] end
from (
    select t, i, format('00000000-0000-4000-8000-%%s', lpad(t::text, 12, '0'))::uuid as tenant_id,
           format('00000000-0000-4000-9000-%%s', lpad(t::text, 12, '0'))::uuid as store_id,
           format('00000000-0000-4000-a000-%%s', lpad((t * 1000 + 1 + (i * 13) %% %s)::text, 12, '0'))::uuid as product,
           (lpad(to_hex(t), 8, '0') || '00007000' || '8' || lpad(to_hex(i), 15, '0'))::uuid as id,
           %L::timestamptz + make_interval(secs => %s * (i - 0.5) / %s) as at,
           k.kind, case when k.kind in ('page_view', 'product_view', 'search', 'add_to_cart', 'checkout_start',
                                      'whatsapp_click') then 'storefront' else 'server' end as src
    from generate_series(%s, %s) t
    cross join generate_series(1, %s) i
    cross join lateral (select case
        when m < 30 then 'page_view' when m < 60 then 'product_view' when m < 68 then 'search'
        when m < 78 then 'add_to_cart' when m < 82 then 'checkout_start' when m < 84 then 'whatsapp_click'
        when m < 88 then 'order_completed' when m < 91 then 'payment_started' when m < 94 then 'payment_succeeded'
        when m < 95 then 'payment_failed' else 'cart_abandoned' end as kind
        from (select (i * 37 + t) %% 100 as m) mm) k
) e
$$, :products, :'seed_from', :seed_seconds, :per_tenant, lo, least(lo + :chunk - 1, :tenants), :per_tenant)
from generate_series(1, :tenants, :chunk) lo
\gexec
reset session_replication_role;
