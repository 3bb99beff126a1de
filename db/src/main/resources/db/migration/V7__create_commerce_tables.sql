-- Sokoni schema, part 7: customers, delivery, discounts, carts, orders and stock reservations.
-- Same rules as before: tenant_id first, primary key (tenant_id, id), composite tenant foreign keys,
-- per-tenant uniqueness, ENABLE + FORCE row level security and the tenant policy (InitPlan form, V6).
-- Money is integer minor units with the store's currency.

-- Customers are keyed by their phone in E.164 form (+2547XXXXXXXX), one row per tenant and phone.
-- Lifetime value and order count are kept current by the order code in the transaction of each change.
create table app.customers (
    tenant_id             uuid not null references app.tenants (id),
    id                    uuid not null,
    phone                 text not null check (phone ~ '^\+[1-9][0-9]{7,14}$'),
    name                  text not null check (length(name) between 1 and 200),
    email                 text check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    whatsapp_opt_in       boolean not null default false,
    city_area             text check (length(city_area) <= 100),
    tags                  text[] not null default '{}',
    order_count           integer not null default 0 check (order_count >= 0),
    lifetime_value_cents  bigint not null default 0 check (lifetime_value_cents >= 0),
    last_order_at         timestamptz,
    version               bigint not null default 0,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint customers_tenant_phone_key unique (tenant_id, phone)
);
create index customers_recent_idx on app.customers (tenant_id, last_order_at desc nulls last, id);

create table app.customer_addresses (
    tenant_id       uuid not null references app.tenants (id),
    id              uuid not null,
    customer_id     uuid not null,
    label           text check (length(label) <= 50),
    city_area       text not null check (length(city_area) between 1 and 100),
    street_address  text check (length(street_address) <= 300),
    instructions    text check (length(instructions) <= 500),
    is_default      boolean not null default false,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint customer_addresses_customer_fkey foreign key (tenant_id, customer_id)
        references app.customers (tenant_id, id) on delete cascade,
    -- The same address given at two checkouts is one address.
    constraint customer_addresses_same_key unique nulls not distinct
        (tenant_id, customer_id, city_area, street_address, instructions)
);

-- Delivery zones of a store: the city areas a zone serves are rows of their own so that one area is
-- served by at most one zone of a store (unique key), and a quote can never pick between two fees.
create table app.delivery_zones (
    tenant_id                      uuid not null references app.tenants (id),
    id                             uuid not null,
    store_id                       uuid not null,
    name                           text not null check (length(name) between 1 and 100),
    fee_cents                      bigint not null check (fee_cents >= 0),
    min_order_cents                bigint not null default 0 check (min_order_cents >= 0),
    free_delivery_threshold_cents  bigint check (free_delivery_threshold_cents >= 0),
    eta_minutes                    integer not null check (eta_minutes between 1 and 43200),
    is_default                     boolean not null default false,
    is_active                      boolean not null default true,
    version                        bigint not null default 0,
    created_at                     timestamptz not null default now(),
    updated_at                     timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint delivery_zones_store_fkey foreign key (tenant_id, store_id) references app.stores (tenant_id, id),
    constraint delivery_zones_store_name_key unique (tenant_id, store_id, name)
);
-- At most one default zone per store: the zone a merchant chose for areas no other zone lists.
create unique index delivery_zones_one_default_idx on app.delivery_zones (tenant_id, store_id) where is_default;

create table app.delivery_zone_areas (
    tenant_id  uuid not null references app.tenants (id),
    zone_id    uuid not null,
    store_id   uuid not null,
    -- lower case, single spaces: how areas are matched
    area_key   text not null check (area_key ~ '^[a-z0-9][a-z0-9 .''/-]{0,99}$'),
    area_name  text not null check (length(area_name) between 1 and 100),
    primary key (tenant_id, zone_id, area_key),
    constraint delivery_zone_areas_store_area_key unique (tenant_id, store_id, area_key),
    constraint delivery_zone_areas_zone_fkey foreign key (tenant_id, zone_id)
        references app.delivery_zones (tenant_id, id) on delete cascade
);

create table app.delivery_partners (
    tenant_id   uuid not null references app.tenants (id),
    id          uuid not null,
    store_id    uuid not null,
    name        text not null check (length(name) between 1 and 100),
    provider    text not null check (provider in ('pickup_mtaani', 'own_riders', 'manual', 'other')),
    config      jsonb not null default '{}'::jsonb check (jsonb_typeof(config) = 'object'),
    is_active   boolean not null default true,
    version     bigint not null default 0,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint delivery_partners_store_fkey foreign key (tenant_id, store_id) references app.stores (tenant_id, id),
    constraint delivery_partners_store_name_key unique (tenant_id, store_id, name)
);

-- Price rules: what a discount is. Automatic rules apply by themselves in their window; rules with
-- requires_coupon apply only through one of their coupon codes.
create table app.price_rules (
    tenant_id         uuid not null references app.tenants (id),
    id                uuid not null,
    store_id          uuid not null,
    name              text not null check (length(name) between 1 and 100),
    kind              text not null check (kind in ('percentage', 'amount', 'buy_x_get_y')),
    percent_off       integer check (percent_off between 1 and 100),
    amount_off_cents  bigint check (amount_off_cents > 0),
    buy_quantity      integer check (buy_quantity between 1 and 1000),
    get_quantity      integer check (get_quantity between 1 and 1000),
    scope             text not null check (scope in ('storewide', 'product', 'category')),
    product_id        uuid,
    category_id       uuid,
    min_subtotal_cents bigint not null default 0 check (min_subtotal_cents >= 0),
    requires_coupon   boolean not null default false,
    starts_at         timestamptz,
    ends_at           timestamptz,
    is_active         boolean not null default true,
    version           bigint not null default 0,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint price_rules_store_fkey foreign key (tenant_id, store_id) references app.stores (tenant_id, id),
    constraint price_rules_product_fkey foreign key (tenant_id, product_id)
        references app.products (tenant_id, id) on delete cascade,
    constraint price_rules_category_fkey foreign key (tenant_id, category_id)
        references app.categories (tenant_id, id) on delete cascade,
    constraint price_rules_kind_values check (
        (kind = 'percentage' and percent_off is not null and amount_off_cents is null and buy_quantity is null)
        or (kind = 'amount' and amount_off_cents is not null and percent_off is null and buy_quantity is null)
        or (kind = 'buy_x_get_y' and buy_quantity is not null and get_quantity is not null
            and percent_off is null and amount_off_cents is null)),
    constraint price_rules_scope_target check (
        (scope = 'storewide' and product_id is null and category_id is null)
        or (scope = 'product' and product_id is not null and category_id is null)
        or (scope = 'category' and category_id is not null and product_id is null)),
    constraint price_rules_window check (ends_at is null or starts_at is null or ends_at > starts_at)
);
create index price_rules_store_idx on app.price_rules (tenant_id, store_id, is_active);

-- Coupon codes (stored upper case). times_used is raised by one conditional update per order, so the
-- overall limit holds under concurrent checkouts; per-customer use is counted from redemptions.
create table app.coupons (
    tenant_id           uuid not null references app.tenants (id),
    id                  uuid not null,
    store_id            uuid not null,
    price_rule_id       uuid not null,
    code                text not null check (code ~ '^[A-Z0-9][A-Z0-9_-]{2,39}$'),
    usage_limit         integer check (usage_limit > 0),
    per_customer_limit  integer check (per_customer_limit > 0),
    times_used          integer not null default 0 check (times_used >= 0),
    starts_at           timestamptz,
    ends_at             timestamptz,
    is_active           boolean not null default true,
    version             bigint not null default 0,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint coupons_store_code_key unique (tenant_id, store_id, code),
    constraint coupons_store_fkey foreign key (tenant_id, store_id) references app.stores (tenant_id, id),
    constraint coupons_price_rule_fkey foreign key (tenant_id, price_rule_id)
        references app.price_rules (tenant_id, id) on delete cascade,
    constraint coupons_within_limit check (usage_limit is null or times_used <= usage_limit),
    constraint coupons_window check (ends_at is null or starts_at is null or ends_at > starts_at)
);

-- Carts. The shopper's key is an unguessable token; only its SHA-256 is stored.
create table app.carts (
    tenant_id           uuid not null references app.tenants (id),
    id                  uuid not null,
    store_id            uuid not null,
    token_hash          text not null,
    customer_id         uuid,
    channel             text not null default 'web' check (channel in ('web', 'whatsapp')),
    status              text not null default 'open' check (status in ('open', 'converted', 'abandoned')),
    currency            char(3) not null check (currency ~ '^[A-Z]{3}$'),
    coupon_code         text check (length(coupon_code) <= 40),
    city_area           text check (length(city_area) <= 100),
    expires_at          timestamptz not null,
    last_activity_at    timestamptz not null default now(),
    abandoned_at        timestamptz,
    converted_at        timestamptz,
    version             bigint not null default 0,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint carts_token_key unique (tenant_id, token_hash),
    constraint carts_store_fkey foreign key (tenant_id, store_id) references app.stores (tenant_id, id),
    constraint carts_customer_fkey foreign key (tenant_id, customer_id) references app.customers (tenant_id, id)
);
-- The abandonment job's queue: open carts by last activity.
create index carts_open_activity_idx on app.carts (last_activity_at) where status = 'open';

create table app.cart_items (
    tenant_id         uuid not null references app.tenants (id),
    id                uuid not null,
    cart_id           uuid not null,
    product_id        uuid not null,
    variant_id        uuid not null,
    quantity          integer not null check (quantity between 1 and 1000),
    unit_price_cents  bigint not null check (unit_price_cents >= 0),
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint cart_items_cart_variant_key unique (tenant_id, cart_id, variant_id),
    constraint cart_items_cart_fkey foreign key (tenant_id, cart_id) references app.carts (tenant_id, id)
        on delete cascade,
    constraint cart_items_variant_fkey foreign key (tenant_id, variant_id)
        references app.product_variants (tenant_id, id) on delete cascade,
    constraint cart_items_product_fkey foreign key (tenant_id, product_id)
        references app.products (tenant_id, id) on delete cascade
);

create table app.delivery_quotes (
    tenant_id       uuid not null references app.tenants (id),
    id              uuid not null,
    cart_id         uuid not null,
    zone_id         uuid not null,
    city_area       text not null check (length(city_area) between 1 and 100),
    subtotal_cents  bigint not null check (subtotal_cents >= 0),
    fee_cents       bigint not null check (fee_cents >= 0),
    eta_minutes     integer not null,
    rule_applied    text not null check (rule_applied in ('zone_fee', 'free_over_threshold', 'default_zone_fee',
                                                          'default_zone_free_over_threshold')),
    expires_at      timestamptz not null,
    created_at      timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint delivery_quotes_cart_fkey foreign key (tenant_id, cart_id) references app.carts (tenant_id, id)
        on delete cascade,
    constraint delivery_quotes_zone_fkey foreign key (tenant_id, zone_id)
        references app.delivery_zones (tenant_id, id) on delete cascade
);
create index delivery_quotes_cart_idx on app.delivery_quotes (tenant_id, cart_id, created_at desc);

create table app.checkout_abandonment_reasons (
    tenant_id   uuid not null references app.tenants (id),
    id          uuid not null,
    cart_id     uuid not null,
    reason      text not null check (reason in ('delivery_cost', 'payment_failure', 'price_sensitivity', 'other')),
    note        text check (length(note) <= 500),
    created_at  timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint checkout_abandonment_reasons_cart_fkey foreign key (tenant_id, cart_id)
        references app.carts (tenant_id, id) on delete cascade
);
create index checkout_abandonment_reasons_cart_idx on app.checkout_abandonment_reasons (tenant_id, cart_id);

-- Order numbers: one counter row per tenant, raised by one upsert in the checkout transaction. The
-- tables hanging off an order check their order foreign key at commit (deferred) so a checkout can
-- write them first and take the two rows many checkouts share (a popular item's stock level, this
-- counter) only in its last statements, holding those locks as briefly as possible.
create table app.order_counters (
    tenant_id    uuid not null references app.tenants (id),
    last_number  bigint not null check (last_number > 0),
    primary key (tenant_id)
);

create table app.orders (
    tenant_id                uuid not null references app.tenants (id),
    id                       uuid not null,
    store_id                 uuid not null,
    order_number             bigint not null check (order_number > 0),
    customer_id              uuid not null,
    cart_id                  uuid,
    status                   text not null check (status in ('pending', 'awaiting_payment', 'paid', 'packing',
                                                              'dispatched', 'delivered', 'cancelled', 'refunded')),
    channel                  text not null check (channel in ('web', 'whatsapp')),
    currency                 char(3) not null check (currency ~ '^[A-Z]{3}$'),
    subtotal_cents           bigint not null check (subtotal_cents >= 0),
    delivery_fee_cents       bigint not null check (delivery_fee_cents >= 0),
    discount_cents           bigint not null check (discount_cents >= 0),
    total_cents              bigint not null check (total_cents >= 0),
    payment_method           text not null check (payment_method in ('mpesa', 'cod')),
    payment_status           text not null default 'unpaid' check (payment_status in ('unpaid', 'paid', 'partial',
                                                                                       'refunded')),
    customer_phone           text not null,
    customer_name            text not null,
    delivery_city_area       text not null,
    delivery_zone_id         uuid,
    shipping_address         jsonb not null default '{}'::jsonb check (jsonb_typeof(shipping_address) = 'object'),
    discounts                jsonb not null default '[]'::jsonb check (jsonb_typeof(discounts) = 'array'),
    coupon_id                uuid,
    notes                    text check (length(notes) <= 1000),
    placed_at                timestamptz not null default now(),
    version                  bigint not null default 0,
    created_at               timestamptz not null default now(),
    updated_at               timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint orders_tenant_number_key unique (tenant_id, order_number),
    -- A cart becomes at most one order, whatever the idempotency keys of the requests.
    constraint orders_tenant_cart_key unique (tenant_id, cart_id),
    constraint orders_totals check (total_cents = subtotal_cents + delivery_fee_cents - discount_cents),
    constraint orders_store_fkey foreign key (tenant_id, store_id) references app.stores (tenant_id, id),
    constraint orders_customer_fkey foreign key (tenant_id, customer_id) references app.customers (tenant_id, id),
    constraint orders_cart_fkey foreign key (tenant_id, cart_id) references app.carts (tenant_id, id)
        on delete set null (cart_id),
    constraint orders_coupon_fkey foreign key (tenant_id, coupon_id) references app.coupons (tenant_id, id)
        on delete set null (coupon_id)
);
create index orders_placed_idx on app.orders (tenant_id, placed_at desc, id);
create index orders_status_idx on app.orders (tenant_id, status, placed_at desc);
create index orders_customer_idx on app.orders (tenant_id, customer_id, placed_at desc);
create index orders_phone_idx on app.orders (tenant_id, customer_phone);
create index orders_revenue_idx on app.orders (tenant_id, placed_at) where status in ('paid', 'delivered');

-- Item snapshots: what was sold at what price, kept whatever later happens to the product.
create table app.order_items (
    tenant_id         uuid not null references app.tenants (id),
    id                uuid not null,
    order_id          uuid not null,
    product_id        uuid not null,
    variant_id        uuid not null,
    sku               text not null,
    name_snapshot     text not null,
    variant_snapshot  text,
    quantity          integer not null check (quantity > 0),
    unit_price_cents  bigint not null check (unit_price_cents >= 0),
    discount_cents    bigint not null default 0 check (discount_cents >= 0),
    line_total_cents  bigint not null check (line_total_cents >= 0),
    primary key (tenant_id, id),
    constraint order_items_order_fkey foreign key (tenant_id, order_id) references app.orders (tenant_id, id)
        on delete cascade deferrable initially deferred,
    constraint order_items_line_total check (line_total_cents = quantity * unit_price_cents - discount_cents)
);
create index order_items_order_idx on app.order_items (tenant_id, order_id);

create table app.order_status_history (
    tenant_id    uuid not null references app.tenants (id),
    id           uuid not null,
    order_id     uuid not null,
    from_status  text,
    to_status    text not null,
    actor_type   text not null check (actor_type in ('user', 'operator', 'system', 'customer')),
    actor_id     text,
    note         text check (length(note) <= 500),
    changed_at   timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint order_status_history_order_fkey foreign key (tenant_id, order_id)
        references app.orders (tenant_id, id) on delete cascade deferrable initially deferred
);
create index order_status_history_order_idx on app.order_status_history (tenant_id, order_id, changed_at);

create table app.coupon_redemptions (
    tenant_id    uuid not null references app.tenants (id),
    id           uuid not null,
    coupon_id    uuid not null,
    customer_id  uuid not null,
    order_id     uuid not null,
    status       text not null default 'active' check (status in ('active', 'reversed')),
    created_at   timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint coupon_redemptions_order_key unique (tenant_id, order_id, coupon_id),
    constraint coupon_redemptions_coupon_fkey foreign key (tenant_id, coupon_id)
        references app.coupons (tenant_id, id) on delete cascade,
    constraint coupon_redemptions_customer_fkey foreign key (tenant_id, customer_id)
        references app.customers (tenant_id, id),
    constraint coupon_redemptions_order_fkey foreign key (tenant_id, order_id)
        references app.orders (tenant_id, id) on delete cascade deferrable initially deferred
);
create index coupon_redemptions_customer_idx on app.coupon_redemptions (tenant_id, coupon_id, customer_id);

-- Stock held for an order, per variant and location. active -> consumed (the sale is deducted from on
-- hand), released (cancelled) or expired (unpaid in time). expires_at is null when the hold does not
-- lapse (cash on delivery). Every status change is one conditional update from 'active', so a
-- reservation is released or consumed at most once.
create table app.inventory_reservations (
    tenant_id    uuid not null references app.tenants (id),
    id           uuid not null,
    order_id     uuid not null,
    variant_id   uuid not null,
    location_id  uuid not null,
    quantity     integer not null check (quantity > 0),
    status       text not null default 'active' check (status in ('active', 'consumed', 'released', 'expired')),
    expires_at   timestamptz,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint inventory_reservations_order_fkey foreign key (tenant_id, order_id)
        references app.orders (tenant_id, id) on delete cascade deferrable initially deferred,
    constraint inventory_reservations_level_fkey foreign key (tenant_id, variant_id, location_id)
        references app.inventory_levels (tenant_id, variant_id, location_id) on delete cascade
);
create index inventory_reservations_order_idx on app.inventory_reservations (tenant_id, order_id);
create index inventory_reservations_expiry_idx on app.inventory_reservations (expires_at) where status = 'active';

create table app.delivery_orders (
    tenant_id       uuid not null references app.tenants (id),
    id              uuid not null,
    order_id        uuid not null,
    partner_id      uuid,
    status          text not null default 'pending' check (status in ('pending', 'accepted', 'in_transit',
                                                                      'delivered', 'failed')),
    tracking_code   text check (length(tracking_code) <= 100),
    eta_minutes     integer check (eta_minutes > 0),
    cost_cents      bigint check (cost_cents >= 0),
    notes           text check (length(notes) <= 500),
    failure_reason  text check (length(failure_reason) <= 500),
    accepted_at     timestamptz,
    dispatched_at   timestamptz,
    delivered_at    timestamptz,
    failed_at       timestamptz,
    version         bigint not null default 0,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint delivery_orders_order_fkey foreign key (tenant_id, order_id) references app.orders (tenant_id, id)
        on delete cascade,
    constraint delivery_orders_partner_fkey foreign key (tenant_id, partner_id)
        references app.delivery_partners (tenant_id, id)
);
-- One live delivery per order; a failed one may be followed by another.
create unique index delivery_orders_live_idx on app.delivery_orders (tenant_id, order_id) where status <> 'failed';
create index delivery_orders_queue_idx on app.delivery_orders (tenant_id, status, created_at);

-- Order events wait in the outbox for the notification handler of a later version; the relay claims
-- only the types it delivers, so it looks for due events by type and never scans past the others.
create index outbox_events_pending_type_idx on app.outbox_events (event_type, next_attempt_at)
    where status = 'pending';

-- The jobs (cart abandonment, reservation expiry) find due rows across tenants as the platform role,
-- reading only keys and timestamps, then act bound to each tenant.
grant select (tenant_id, id, status, last_activity_at, expires_at) on app.carts to ${platform_role};
grant select (tenant_id, id, order_id, status, expires_at) on app.inventory_reservations to ${platform_role};

do $$
declare
    t text;
begin
    foreach t in array array['customers', 'customer_addresses', 'delivery_zones', 'delivery_zone_areas',
                             'delivery_partners', 'price_rules', 'coupons', 'carts', 'cart_items',
                             'delivery_quotes', 'checkout_abandonment_reasons', 'order_counters', 'orders',
                             'order_items', 'order_status_history', 'coupon_redemptions',
                             'inventory_reservations', 'delivery_orders']
    loop
        execute format('alter table app.%I enable row level security', t);
        execute format('alter table app.%I force row level security', t);
        execute format('create policy tenant_isolation on app.%I '
                       'using (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid)) '
                       'with check (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid))', t);
    end loop;
end
$$;

grant select, insert, update, delete on app.customers, app.customer_addresses, app.delivery_zones,
    app.delivery_zone_areas, app.delivery_partners, app.price_rules, app.coupons, app.carts, app.cart_items,
    app.delivery_quotes, app.checkout_abandonment_reasons to ${runtime_role};
-- Orders and what hangs off them are never deleted by requests; history and redemptions are append-only
-- apart from a redemption's reversal.
grant select, insert, update on app.order_counters, app.orders, app.order_items, app.coupon_redemptions,
    app.inventory_reservations, app.delivery_orders to ${runtime_role};
grant select, insert on app.order_status_history to ${runtime_role};
