-- Sokoni schema, part 52: the funnel in distinct storefront sessions (issue 21). insight_daily_funnel
-- counts events (a shopper viewing one product five times is five product views); this table counts
-- sessions per step: how many sessions viewed a product, added to a cart, started a checkout, clicked
-- to WhatsApp. A session is counted once per step, on the day (insight time zone) of its first event,
-- so summing days counts each session once. Orders and payments are server events without a session:
-- they stay event counts in insight_daily_funnel. Recomputed per tenant by the refresh job with the
-- other aggregates (from the day before its dirty mark: a session's late events are at most a day old).

create table app.insight_daily_sessions (
    tenant_id                uuid not null references app.tenants (id),
    store_id                 uuid not null,
    day                      date not null,
    sessions                 bigint not null default 0,
    product_view_sessions    bigint not null default 0,
    add_to_cart_sessions     bigint not null default 0,
    checkout_start_sessions  bigint not null default 0,
    whatsapp_click_sessions  bigint not null default 0,
    primary key (tenant_id, store_id, day),
    constraint insight_daily_sessions_store_fkey foreign key (tenant_id, store_id) references app.stores (tenant_id, id)
);

alter table app.insight_daily_sessions enable row level security;
alter table app.insight_daily_sessions force row level security;
create policy tenant_isolation on app.insight_daily_sessions
    using (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
    with check (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
grant select, insert, update, delete on app.insight_daily_sessions to ${runtime_role};
