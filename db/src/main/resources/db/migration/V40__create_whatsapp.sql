-- Sokoni schema, part 40: WhatsApp commerce (issue 19). Inbound webhooks, threads and messages,
-- status updates, catalog orders turned into carts, and the notifications Sokoni sends.
-- Same rules as before: tenant_id first, composite tenant foreign keys, per-tenant uniqueness,
-- ENABLE + FORCE row level security and the tenant policy (InitPlan form, V6).

-- ------------------------------------------------------------------------------------------------
-- Platform tables (control database): read before a tenant is known.
-- ------------------------------------------------------------------------------------------------

-- Which tenant registered a WhatsApp phone-number id. Meta names the number in every delivery
-- (metadata.phone_number_id) and that is all the webhook knows of the tenant; a number belongs to one
-- tenant only. Stays in the control database whatever the tenant's route (TenantMoveService), like
-- payment_callback_tokens; only the platform role reads and writes it.
create table app.whatsapp_phone_numbers (
    phone_number_id  text primary key check (phone_number_id ~ '^[0-9]{1,40}$'),
    tenant_id        uuid not null references app.tenants (id),
    created_at       timestamptz not null default now()
);
create index whatsapp_phone_numbers_tenant_idx on app.whatsapp_phone_numbers (tenant_id);
alter table app.whatsapp_phone_numbers enable row level security;
alter table app.whatsapp_phone_numbers force row level security;
create policy tenant_isolation on app.whatsapp_phone_numbers
    using (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
    with check (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
grant select, insert, update, delete on app.whatsapp_phone_numbers to ${platform_role};

-- Every signed body Meta posted, stored as received (before it is parsed, before the tenant is known)
-- and committed before the webhook answers 200; a worker processes it from here, so a crash after the
-- answer loses nothing. The body is the exact bytes as UTF-8 text, or base64 when they are not valid
-- UTF-8. claimed_until is the lease of the instance working on it (set at insertion by the instance that
-- received it; a sweep takes rows whose lease ran out). Pruned after the retention period once processed.
create table app.whatsapp_webhook_deliveries (
    id             bigint generated always as identity primary key,
    body           text not null check (length(body) <= 4194304),
    body_encoding  text not null default 'utf8' check (body_encoding in ('utf8', 'base64')),
    received_at    timestamptz not null default now(),
    claimed_until  timestamptz,
    processed_at   timestamptz,
    attempts       integer not null default 0 check (attempts >= 0),
    last_error     text check (length(last_error) <= 2000)
);
-- The sweep's queue (unprocessed rows only) and the pruning job's.
create index whatsapp_webhook_deliveries_unprocessed_idx on app.whatsapp_webhook_deliveries (id)
    where processed_at is null;
create index whatsapp_webhook_deliveries_processed_idx on app.whatsapp_webhook_deliveries (processed_at)
    where processed_at is not null;
grant select, insert, update, delete on app.whatsapp_webhook_deliveries to ${platform_role};

-- ------------------------------------------------------------------------------------------------
-- Tenant tables.
-- ------------------------------------------------------------------------------------------------

-- The tenant's WhatsApp business number. The access token is a Tink AEAD ciphertext bound to the tenant
-- and column (secrets/SecretBox), never returned.
create table app.whatsapp_accounts (
    tenant_id                 uuid primary key references app.tenants (id),
    phone_number_id           text not null unique check (phone_number_id ~ '^[0-9]{1,40}$'),
    waba_id                   text not null check (waba_id ~ '^[0-9]{1,40}$'),
    display_number            text not null check (display_number ~ '^\+[1-9][0-9]{7,14}$'),
    access_token_ciphertext   bytea not null,
    created_at                timestamptz not null default now(),
    updated_at                timestamptz not null default now()
);

-- Which order notifications the tenant sends, and the approved template used outside the 24-hour window.
create table app.whatsapp_notification_settings (
    tenant_id          uuid not null references app.tenants (id),
    kind               text not null check (kind in ('order_placed', 'payment_received', 'payment_failed',
                                                     'dispatched', 'delivered', 'cancelled')),
    enabled            boolean not null default false,
    template_name      text check (template_name ~ '^[a-z0-9_]+$' and length(template_name) <= 512),
    template_language  text check (template_language ~ '^[a-z]{2,3}(_[A-Z]{2})?$'),
    updated_at         timestamptz not null default now(),
    primary key (tenant_id, kind)
);

-- One conversation per shopper and tenant. wa_id is the shopper's number in the same normalised form as
-- checkout customers (+E.164, PhoneNumbers), so a WhatsApp shopper and a web shopper with the same number
-- are one customer. last_inbound_at opens the 24-hour window; opted_out_at set by STOP, cleared by START.
create table app.whatsapp_threads (
    tenant_id        uuid not null references app.tenants (id),
    id               uuid not null,
    customer_id      uuid,
    wa_id            text not null check (wa_id ~ '^\+?[0-9]{5,20}$'),
    profile_name     text check (length(profile_name) <= 200),
    cart_id          uuid,
    status           text not null default 'open' check (status in ('open', 'closed')),
    last_inbound_at  timestamptz,
    last_message_at  timestamptz,
    unread_count     integer not null default 0 check (unread_count >= 0),
    opted_out_at     timestamptz,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint whatsapp_threads_wa_id_key unique (tenant_id, wa_id),
    constraint whatsapp_threads_customer_fkey foreign key (tenant_id, customer_id)
        references app.customers (tenant_id, id),
    constraint whatsapp_threads_cart_fkey foreign key (tenant_id, cart_id) references app.carts (tenant_id, id)
        on delete set null (cart_id)
);
-- The merchant inbox: threads by latest activity.
create index whatsapp_threads_recent_idx on app.whatsapp_threads (tenant_id, last_message_at desc nulls last, id);

-- Messages of a thread, both ways. wamid is Meta's id (unique per tenant: Meta delivers at least once).
create table app.whatsapp_messages (
    tenant_id      uuid not null references app.tenants (id),
    id             uuid not null,
    thread_id      uuid not null,
    direction      text not null check (direction in ('inbound', 'outbound')),
    wamid          text check (length(wamid) between 1 and 256),
    kind           text not null check (kind in ('text', 'order', 'interactive', 'button', 'location', 'image',
                                                 'audio', 'video', 'document', 'sticker', 'template',
                                                 'unsupported')),
    body           text check (length(body) <= 65536),
    template_name  text check (length(template_name) <= 512),
    metadata       jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
    status         text not null check (status in ('received', 'pending', 'sent', 'delivered', 'read', 'failed')),
    error_code     integer,
    created_at     timestamptz not null default now(),
    sent_at        timestamptz,
    delivered_at   timestamptz,
    read_at        timestamptz,
    failed_at      timestamptz,
    primary key (tenant_id, id),
    constraint whatsapp_messages_thread_fkey foreign key (tenant_id, thread_id)
        references app.whatsapp_threads (tenant_id, id)
);
create unique index whatsapp_messages_wamid_key on app.whatsapp_messages (tenant_id, wamid) where wamid is not null;
create index whatsapp_messages_thread_idx on app.whatsapp_messages (tenant_id, thread_id, created_at desc, id);

-- Status updates of outbound messages, one row per (wamid, status) whatever order they arrive in, kept
-- even before the wamid is known (a status can arrive before the send answer is stored). The shown
-- status is the highest rank: sent 1, delivered 2, read 3, failed 9 (final).
create table app.whatsapp_message_statuses (
    tenant_id    uuid not null references app.tenants (id),
    wamid        text not null check (length(wamid) between 1 and 256),
    status       text not null check (status in ('sent', 'delivered', 'read', 'failed')),
    rank         smallint not null check (rank in (1, 2, 3, 9)),
    error_code   integer,
    error_title  text check (length(error_title) <= 500),
    occurred_at  timestamptz not null,
    received_at  timestamptz not null default now(),
    primary key (tenant_id, wamid, status),
    constraint whatsapp_message_statuses_rank check (rank = case status when 'sent' then 1 when 'delivered' then 2
                                                                        when 'read' then 3 else 9 end)
);

-- What Sokoni sends: order notifications (outbox consumers), replies to catalog orders (cart_reply,
-- queued by the inbound worker) and merchant replies. notification_key makes each one exactly once
-- toward Meta (e.g. order:<id>:payment_received, cart_reply:<inbound wamid>).
create table app.whatsapp_notifications (
    tenant_id         uuid not null references app.tenants (id),
    id                uuid not null,
    notification_key  text not null check (length(notification_key) between 1 and 300),
    kind              text not null check (kind in ('order_placed', 'payment_received', 'payment_failed',
                                                    'dispatched', 'delivered', 'cancelled', 'cart_reply', 'reply')),
    order_id          uuid,
    thread_id         uuid,
    to_wa_id          text not null check (to_wa_id ~ '^\+?[0-9]{5,20}$'),
    body              text check (length(body) <= 4096),
    status            text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'parked',
                                                                        'skipped')),
    attempts          integer not null default 0 check (attempts >= 0),
    next_attempt_at   timestamptz not null default now(),
    last_error        text check (length(last_error) <= 2000),
    message_id        uuid,
    wamid             text check (length(wamid) between 1 and 256),
    created_at        timestamptz not null default now(),
    sent_at           timestamptz,
    primary key (tenant_id, id),
    constraint whatsapp_notifications_key unique (tenant_id, notification_key),
    constraint whatsapp_notifications_order_fkey foreign key (tenant_id, order_id)
        references app.orders (tenant_id, id),
    constraint whatsapp_notifications_thread_fkey foreign key (tenant_id, thread_id)
        references app.whatsapp_threads (tenant_id, id),
    constraint whatsapp_notifications_message_fkey foreign key (tenant_id, message_id)
        references app.whatsapp_messages (tenant_id, id)
);
-- The sender's claims across tenants.
create index whatsapp_notifications_due_idx on app.whatsapp_notifications (next_attempt_at) where status = 'pending';
create index whatsapp_notifications_order_idx on app.whatsapp_notifications (tenant_id, order_id)
    where order_id is not null;

do $$
declare
    t text;
begin
    foreach t in array array['whatsapp_accounts', 'whatsapp_notification_settings', 'whatsapp_threads',
                             'whatsapp_messages', 'whatsapp_message_statuses', 'whatsapp_notifications']
    loop
        execute format('alter table app.%I enable row level security', t);
        execute format('alter table app.%I force row level security', t);
        execute format('create policy tenant_isolation on app.%I '
                       'using (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid)) '
                       'with check (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid))', t);
    end loop;
end
$$;

grant select, insert, update, delete on app.whatsapp_accounts, app.whatsapp_notification_settings to ${runtime_role};
-- Conversations are history: never deleted by requests.
grant select, insert, update on app.whatsapp_threads, app.whatsapp_messages, app.whatsapp_message_statuses,
    app.whatsapp_notifications to ${runtime_role};

-- The notification sender finds due rows across tenants as the platform role (keys and schedule only),
-- then claims and sends each bound to its tenant.
grant select (tenant_id, id, status, next_attempt_at) on app.whatsapp_notifications to ${platform_role};
