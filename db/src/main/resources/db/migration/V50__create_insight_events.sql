-- Sokoni schema, part 50: merchant insight (issue 21). Storefront and server events in a table
-- partitioned by month, with the partitions created ahead and dropped after the retention period by a
-- job through two narrow SECURITY DEFINER functions (the runtime role cannot create or drop tables).
-- Same rules as every tenant table: tenant_id first, composite tenant foreign keys, ENABLE + FORCE row
-- level security and the tenant policy (InitPlan form, V6) on the parent AND on every partition (a
-- partition read directly is checked against its own policies, not the parent's).

create table app.insight_events (
    tenant_id     uuid not null,
    id            uuid not null,
    occurred_at   timestamptz not null,
    received_at   timestamptz not null default now(),
    store_id      uuid not null,
    event_type    text not null check (event_type in ('page_view', 'product_view', 'search', 'add_to_cart',
                                                      'checkout_start', 'whatsapp_click', 'order_completed',
                                                      'payment_started', 'payment_failed', 'payment_succeeded',
                                                      'cart_abandoned')),
    source        text not null check (source in ('storefront', 'server')),
    channel       text not null default 'web' check (channel in ('web', 'whatsapp')),
    session_id    text check (length(session_id) between 1 and 64),
    device        text check (device in ('mobile', 'tablet', 'desktop', 'other')),
    city_area     text check (length(city_area) between 1 and 100),
    product_id    uuid,
    product_ids   uuid[] check (cardinality(product_ids) <= 200),
    cart_id       uuid,
    order_id      uuid,
    amount_cents  bigint check (amount_cents >= 0),
    search_query  text check (length(search_query) between 1 and 200),
    result_count  integer check (result_count >= 0),
    reason        text check (length(reason) between 1 and 200),
    properties    jsonb not null default '{}' check (jsonb_typeof(properties) = 'object'
                                                     and pg_column_size(properties) <= 4096),
    -- The partition key must be part of the key; (tenant_id, id) alone is unique as ids are UUIDv7 or
    -- derived from the outbox event they record (a redelivered event conflicts and is skipped).
    primary key (tenant_id, id, occurred_at),
    constraint insight_events_store_fkey foreign key (tenant_id, store_id) references app.stores (tenant_id, id)
) partition by range (occurred_at);
-- What the refresh job reads: one tenant's events of a few days (all stores, all types).
create index insight_events_tenant_time_idx on app.insight_events (tenant_id, occurred_at);
-- Seed 004's index: one type of one tenant over a period.
create index insight_events_tenant_type_time_idx on app.insight_events (tenant_id, event_type, occurred_at);

alter table app.insight_events enable row level security;
alter table app.insight_events force row level security;
create policy tenant_isolation on app.insight_events
    using (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
    with check (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
-- Events are appended and pruned by whole partitions: no update, no delete for the runtime role.
grant select, insert on app.insight_events to ${runtime_role};

-- Creates the monthly partitions from last month to months_ahead months ahead (UTC months), each with
-- forced RLS and the tenant policy. Idempotent; concurrent callers serialise on an advisory lock.
-- Answers how many partitions it created.
create function app.insight_events_ensure_partitions(months_ahead integer) returns integer
    language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    month_start date;
    partition_name text;
    created integer := 0;
begin
    if months_ahead is null or months_ahead < 0 or months_ahead > 24 then
        raise exception 'months_ahead must be between 0 and 24' using errcode = '22023';
    end if;
    perform pg_advisory_xact_lock(hashtext('app.insight_events partitions'));
    for i in -1..months_ahead loop
        month_start := (date_trunc('month', now() at time zone 'UTC') + make_interval(months => i))::date;
        partition_name := 'insight_events_' || to_char(month_start, 'YYYYMM');
        if to_regclass('app.' || partition_name) is null then
            execute format('create table app.%I partition of app.insight_events for values from (%L) to (%L)',
                           partition_name, month_start::text || ' 00:00:00+00',
                           (month_start + interval '1 month')::date::text || ' 00:00:00+00');
            execute format('alter table app.%I enable row level security', partition_name);
            execute format('alter table app.%I force row level security', partition_name);
            execute format('create policy tenant_isolation on app.%I '
                           'using (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid)) '
                           'with check (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid))',
                           partition_name);
            created := created + 1;
        end if;
    end loop;
    return created;
end
$$;

-- Drops the partitions whose whole month ended more than retention_months before the start of the
-- current month (UTC): with 13, December 2026 keeps November 2025 onwards. Answers the dropped names.
create function app.insight_events_drop_partitions(retention_months integer) returns setof text
    language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    cutoff date;
    part record;
begin
    if retention_months is null or retention_months < 1 or retention_months > 120 then
        raise exception 'retention_months must be between 1 and 120' using errcode = '22023';
    end if;
    perform pg_advisory_xact_lock(hashtext('app.insight_events partitions'));
    cutoff := (date_trunc('month', now() at time zone 'UTC') - make_interval(months => retention_months))::date;
    for part in
        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'app.insight_events'::regclass and c.relname ~ '^insight_events_[0-9]{6}$'
        order by 1
    loop
        if (to_date(substr(part.relname, 16), 'YYYYMM') + interval '1 month')::date <= cutoff then
            execute format('drop table app.%I', part.relname);
            return next part.relname;
        end if;
    end loop;
end
$$;

revoke execute on function app.insight_events_ensure_partitions(integer) from public;
revoke execute on function app.insight_events_drop_partitions(integer) from public;
grant execute on function app.insight_events_ensure_partitions(integer) to ${platform_role};
grant execute on function app.insight_events_drop_partitions(integer) to ${platform_role};

select app.insight_events_ensure_partitions(3);

-- Which tenants have events not yet in their aggregates, and from when: the ingestion writer lowers
-- dirty_from in the transaction of its insert; the refresh job takes it (setting it null) and
-- recomputes the tenant's days from there. The platform role reads only the queue columns, to find
-- the tenants to refresh across tenants (as the cart abandonment job finds due carts).
create table app.insight_refresh_state (
    tenant_id     uuid not null references app.tenants (id),
    dirty_from    timestamptz,
    refreshed_at  timestamptz,
    primary key (tenant_id)
);
create index insight_refresh_state_dirty_idx on app.insight_refresh_state (dirty_from) where dirty_from is not null;
alter table app.insight_refresh_state enable row level security;
alter table app.insight_refresh_state force row level security;
create policy tenant_isolation on app.insight_refresh_state
    using (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
    with check (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
grant select, insert, update on app.insight_refresh_state to ${runtime_role};
grant select (tenant_id, dirty_from) on app.insight_refresh_state to ${platform_role};
