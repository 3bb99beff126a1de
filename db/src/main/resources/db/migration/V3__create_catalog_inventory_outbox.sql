-- Sokoni schema, part 3: catalog (categories, products, variants, images), store locations and
-- inventory with its movement journal, the transactional outbox and catalog import jobs.
-- Same rules as part 2: tenant_id first, primary key (tenant_id, id), composite tenant foreign keys,
-- per-tenant uniqueness, ENABLE + FORCE row level security and the tenant policy on every table.

-- Categories form a tree per tenant. A move may never create a cycle: the trigger below checks the
-- ancestry under a per-tenant advisory lock, so two concurrent moves cannot each pass the check and
-- together close a loop.
create table app.categories (
    tenant_id   uuid not null references app.tenants (id),
    id          uuid not null,
    parent_id   uuid,
    name        text not null check (length(name) between 1 and 200),
    slug        text not null check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$'),
    position    integer not null default 0 check (position >= 0),
    is_active   boolean not null default true,
    version     bigint not null default 0,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint categories_tenant_slug_key unique (tenant_id, slug),
    constraint categories_parent_fkey foreign key (tenant_id, parent_id) references app.categories (tenant_id, id),
    constraint categories_not_own_parent check (parent_id is null or parent_id <> id)
);
create index categories_parent_idx on app.categories (tenant_id, parent_id, position);
alter table app.categories enable row level security;
alter table app.categories force row level security;
create policy tenant_isolation on app.categories
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

create function app.categories_prevent_cycle() returns trigger
    language plpgsql
    set search_path = app, pg_temp
as $$
begin
    if new.parent_id is null then
        return new;
    end if;
    perform pg_advisory_xact_lock(hashtextextended('app.categories:' || new.tenant_id::text, 0));
    if exists (
        with recursive ancestors (id, parent_id) as (
            select c.id, c.parent_id from app.categories c where c.tenant_id = new.tenant_id and c.id = new.parent_id
            union
            select c.id, c.parent_id from app.categories c join ancestors a on c.id = a.parent_id
            where c.tenant_id = new.tenant_id
        )
        select 1 from ancestors where id = new.id
    ) then
        raise exception 'moving category % under % would create a cycle', new.id, new.parent_id
            using errcode = '23514', constraint = 'categories_no_cycle';
    end if;
    return new;
end
$$;
create trigger categories_prevent_cycle
    before insert or update of parent_id on app.categories
    for each row execute function app.categories_prevent_cycle();

create table app.products (
    tenant_id               uuid not null references app.tenants (id),
    id                      uuid not null,
    store_id                uuid not null,
    category_id             uuid,
    name                    text not null check (length(name) between 1 and 300),
    slug                    text not null check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,148}[a-z0-9])?$'),
    description             text check (length(description) <= 20000),
    status                  text not null default 'draft' check (status in ('draft', 'active', 'archived')),
    brand                   text check (length(brand) <= 200),
    base_price_cents        bigint not null check (base_price_cents >= 0),
    compare_at_price_cents  bigint check (compare_at_price_cents >= 0),
    cost_cents              bigint check (cost_cents >= 0),
    currency                char(3) not null check (currency ~ '^[A-Z]{3}$'),
    weight_grams            integer check (weight_grams >= 0),
    seo_title               text check (length(seo_title) <= 70),
    seo_description         text check (length(seo_description) <= 320),
    search_tsv              tsvector generated always as (
                                setweight(to_tsvector('simple', coalesce(name, '')), 'A')
                                || setweight(to_tsvector('simple', coalesce(brand, '')), 'B')
                                || setweight(to_tsvector('simple', coalesce(description, '')), 'C')) stored,
    version                 bigint not null default 0,
    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint products_tenant_slug_key unique (tenant_id, slug),
    constraint products_store_fkey foreign key (tenant_id, store_id) references app.stores (tenant_id, id),
    constraint products_category_fkey foreign key (tenant_id, category_id) references app.categories (tenant_id, id)
);
create index products_listing_idx on app.products (tenant_id, store_id, status, created_at desc, id);
create index products_category_idx on app.products (tenant_id, category_id);
create index products_search_idx on app.products using gin (search_tsv);
alter table app.products enable row level security;
alter table app.products force row level security;
create policy tenant_isolation on app.products
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

create table app.product_variants (
    tenant_id            uuid not null references app.tenants (id),
    id                   uuid not null,
    product_id           uuid not null,
    name                 text check (length(name) <= 200),
    sku                  text not null check (sku ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$'),
    barcode              text check (barcode ~ '^[A-Za-z0-9-]{4,64}$'),
    attributes           jsonb not null default '{}'::jsonb check (jsonb_typeof(attributes) = 'object'),
    price_cents          bigint not null check (price_cents >= 0),
    cost_cents           bigint check (cost_cents >= 0),
    low_stock_threshold  integer not null default 0 check (low_stock_threshold >= 0),
    is_active            boolean not null default true,
    position             integer not null default 0 check (position >= 0),
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint product_variants_tenant_sku_key unique (tenant_id, sku),
    constraint product_variants_tenant_barcode_key unique (tenant_id, barcode),
    constraint product_variants_product_key unique (tenant_id, product_id, id),
    constraint product_variants_product_fkey foreign key (tenant_id, product_id)
        references app.products (tenant_id, id) on delete cascade
);
create index product_variants_product_idx on app.product_variants (tenant_id, product_id, position);
alter table app.product_variants enable row level security;
alter table app.product_variants force row level security;
create policy tenant_isolation on app.product_variants
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

create table app.product_images (
    tenant_id   uuid not null references app.tenants (id),
    id          uuid not null,
    product_id  uuid not null,
    variant_id  uuid,
    url         text not null check (url ~ '^https?://' and length(url) <= 2000),
    position    integer not null default 0 check (position >= 0),
    alt_text    text check (length(alt_text) <= 300),
    created_at  timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint product_images_product_fkey foreign key (tenant_id, product_id)
        references app.products (tenant_id, id) on delete cascade,
    -- an image's variant must be a variant of the same product
    constraint product_images_variant_fkey foreign key (tenant_id, product_id, variant_id)
        references app.product_variants (tenant_id, product_id, id) on delete set null (variant_id)
);
create index product_images_product_idx on app.product_images (tenant_id, product_id, position);
alter table app.product_images enable row level security;
alter table app.product_images force row level security;
create policy tenant_isolation on app.product_images
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

create table app.store_locations (
    tenant_id   uuid not null references app.tenants (id),
    id          uuid not null,
    store_id    uuid not null,
    code        text not null check (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$'),
    name        text not null check (length(name) between 1 and 200),
    area        text check (length(area) <= 100),
    status      text not null default 'active' check (status in ('active', 'inactive')),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint store_locations_store_code_key unique (tenant_id, store_id, code),
    constraint store_locations_store_fkey foreign key (tenant_id, store_id) references app.stores (tenant_id, id)
);
alter table app.store_locations enable row level security;
alter table app.store_locations force row level security;
create policy tenant_isolation on app.store_locations
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Stock of one variant at one location. The invariants live here, not only in code: on hand and
-- reserved never negative, reserved never above on hand.
create table app.inventory_levels (
    tenant_id    uuid not null references app.tenants (id),
    variant_id   uuid not null,
    location_id  uuid not null,
    on_hand      integer not null default 0,
    reserved     integer not null default 0,
    updated_at   timestamptz not null default now(),
    primary key (tenant_id, variant_id, location_id),
    constraint inventory_levels_on_hand_not_negative check (on_hand >= 0),
    constraint inventory_levels_reserved_within_on_hand check (reserved >= 0 and reserved <= on_hand),
    constraint inventory_levels_variant_fkey foreign key (tenant_id, variant_id)
        references app.product_variants (tenant_id, id) on delete cascade,
    constraint inventory_levels_location_fkey foreign key (tenant_id, location_id)
        references app.store_locations (tenant_id, id)
);
create index inventory_levels_location_idx on app.inventory_levels (tenant_id, location_id);
alter table app.inventory_levels enable row level security;
alter table app.inventory_levels force row level security;
create policy tenant_isolation on app.inventory_levels
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Every stock change, with the level it produced: the journal the levels can be reconciled against.
create table app.inventory_movements (
    tenant_id        uuid not null references app.tenants (id),
    id               uuid not null,
    variant_id       uuid not null,
    location_id      uuid not null,
    reason           text not null check (reason in ('set', 'adjustment', 'restock', 'import', 'reservation',
                                                     'release', 'sale', 'return')),
    on_hand_change   integer not null,
    reserved_change  integer not null default 0,
    on_hand_after    integer not null,
    reserved_after   integer not null,
    reference_type   text check (length(reference_type) <= 50),
    reference_id     text check (length(reference_id) <= 100),
    note             text check (length(note) <= 500),
    actor_type       text not null check (actor_type in ('user', 'operator', 'system')),
    actor_id         text,
    created_at       timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint inventory_movements_level_fkey foreign key (tenant_id, variant_id, location_id)
        references app.inventory_levels (tenant_id, variant_id, location_id) on delete cascade
);
create index inventory_movements_variant_idx on app.inventory_movements (tenant_id, variant_id, created_at desc);
alter table app.inventory_movements enable row level security;
alter table app.inventory_movements force row level security;
create policy tenant_isolation on app.inventory_movements
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Transactional outbox: written in the same transaction as the change it announces. The relay claims
-- due events across tenants as the platform role (only the columns it needs), then handles each one
-- bound to its tenant.
create table app.outbox_events (
    tenant_id        uuid not null references app.tenants (id),
    id               uuid not null,
    aggregate_type   text not null,
    aggregate_id     uuid not null,
    event_type       text not null,
    payload          jsonb not null default '{}'::jsonb,
    status           text not null default 'pending' check (status in ('pending', 'delivered', 'parked')),
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null default now(),
    locked_until     timestamptz,
    last_error       text,
    created_at       timestamptz not null default now(),
    delivered_at     timestamptz,
    primary key (tenant_id, id)
);
create index outbox_events_due_idx on app.outbox_events (next_attempt_at) where status = 'pending';
create index outbox_events_tenant_idx on app.outbox_events (tenant_id, status, created_at);
alter table app.outbox_events enable row level security;
alter table app.outbox_events force row level security;
create policy tenant_isolation on app.outbox_events
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Bulk catalog imports: progress visible while running, errors per row when done.
create table app.catalog_imports (
    tenant_id      uuid not null references app.tenants (id),
    id             uuid not null,
    store_id       uuid not null,
    format         text not null check (format in ('csv', 'json')),
    mode           text not null check (mode in ('all_or_nothing', 'valid_only')),
    status         text not null default 'running' check (status in ('running', 'completed', 'failed')),
    total_rows     integer not null default 0,
    processed_rows integer not null default 0,
    saved_rows     integer not null default 0,
    error_rows     integer not null default 0,
    errors         jsonb not null default '[]'::jsonb,
    created_by     text,
    created_at     timestamptz not null default now(),
    finished_at    timestamptz,
    primary key (tenant_id, id),
    constraint catalog_imports_store_fkey foreign key (tenant_id, store_id) references app.stores (tenant_id, id)
);
alter table app.catalog_imports enable row level security;
alter table app.catalog_imports force row level security;
create policy tenant_isolation on app.catalog_imports
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

grant select, insert, update, delete on app.categories, app.products, app.product_variants, app.product_images,
    app.store_locations, app.inventory_levels, app.catalog_imports to ${runtime_role};
-- The movement journal and the outbox are append-only for requests; relays update outbox state.
grant select, insert on app.inventory_movements to ${runtime_role};
grant select, insert, update on app.outbox_events to ${runtime_role};
grant select (tenant_id, id, aggregate_type, aggregate_id, event_type, status, attempts, next_attempt_at,
              locked_until, created_at),
      update (status, attempts, next_attempt_at, locked_until, last_error, delivered_at)
    on app.outbox_events to ${platform_role};
revoke all on function app.categories_prevent_cycle() from public;
