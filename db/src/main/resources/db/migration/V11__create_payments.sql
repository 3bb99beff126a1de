-- Sokoni schema, part 11: payments (M-Pesa STK Push and C2B, cash on delivery, refunds).
-- Same rules as before: tenant_id first, primary key (tenant_id, id), composite tenant foreign keys,
-- per-tenant uniqueness, ENABLE + FORCE row level security and the tenant policy (InitPlan form, V6).
-- Money is integer minor units; M-Pesa moves whole shillings, so M-Pesa amounts are multiples of 100.

-- What an order has received and given back, kept in the order's own row so one check guards every
-- refund (never more than was paid, whatever races) and one row lock orders every payment of an order.
-- payment_flag marks what the merchant must look at: money that came after the order was cancelled,
-- more than the total, or a payment whose amount or phone did not match what was asked.
alter table app.orders
    add column amount_paid_cents     bigint not null default 0 check (amount_paid_cents >= 0),
    add column amount_refunded_cents bigint not null default 0 check (amount_refunded_cents >= 0),
    add column payment_flag          text check (payment_flag in ('paid_after_cancellation', 'overpaid',
                                                                  'review')),
    add constraint orders_refund_not_over_paid check (amount_refunded_cents <= amount_paid_cents);
create index orders_payment_flag_idx on app.orders (tenant_id, placed_at desc) where payment_flag is not null;

-- The tenant's M-Pesa account. Secrets are Tink AEAD ciphertexts (the keyset id travels inside each
-- ciphertext, so the master key can rotate); the database never sees a plaintext secret or the key.
-- The *_hint columns keep the last characters for the masked view.
create table app.mpesa_accounts (
    tenant_id                       uuid not null references app.tenants (id),
    id                              uuid not null,
    environment                     text not null check (environment in ('sandbox', 'production')),
    account_type                    text not null check (account_type in ('paybill', 'till')),
    -- Paybill number, or for a till the store (head office) number STK Push sends as BusinessShortCode.
    business_shortcode              text not null check (business_shortcode ~ '^[0-9]{5,7}$'),
    till_number                     text check (till_number ~ '^[0-9]{5,8}$'),
    consumer_key_ciphertext         bytea not null,
    consumer_key_hint               text not null check (length(consumer_key_hint) <= 8),
    consumer_secret_ciphertext      bytea not null,
    passkey_ciphertext              bytea not null,
    initiator_name                  text check (length(initiator_name) between 1 and 100),
    security_credential_ciphertext  bytea,
    c2b_validation_enabled          boolean not null default false,
    c2b_registered_at               timestamptz,
    c2b_register_answer             jsonb,
    last_tested_at                  timestamptz,
    last_test_ok                    boolean,
    last_test_detail                text check (length(last_test_detail) <= 1000),
    version                         bigint not null default 0,
    created_at                      timestamptz not null default now(),
    updated_at                      timestamptz not null default now(),
    primary key (tenant_id, id),
    -- One M-Pesa account per tenant.
    constraint mpesa_accounts_tenant_key unique (tenant_id),
    constraint mpesa_accounts_till_number check ((account_type = 'till') = (till_number is not null)),
    constraint mpesa_accounts_initiator check ((initiator_name is null) = (security_credential_ciphertext is null))
);

-- Payments of an order (order_id null: a paybill/till payment no order matched, kept for the merchant
-- until assigned by hand). One row per STK Push payment of an order (its pushes are attempts), per C2B
-- confirmation, per cash collection. amount_cents is what was asked (STK) or received (C2B, cash);
-- received_cents what the provider reported paid.
create table app.payments (
    tenant_id        uuid not null references app.tenants (id),
    id               uuid not null,
    order_id         uuid,
    method           text not null check (method in ('mpesa_stk', 'mpesa_c2b', 'cod')),
    status           text not null check (status in ('pending', 'succeeded', 'failed', 'review', 'unmatched')),
    amount_cents     bigint not null check (amount_cents >= 0),
    received_cents   bigint not null default 0 check (received_cents >= 0),
    currency         char(3) not null check (currency ~ '^[A-Z]{3}$'),
    phone            text check (phone ~ '^\+[1-9][0-9]{7,14}$' or phone ~ '^[0-9* ]{4,20}$'),
    payer_name       text check (length(payer_name) <= 200),
    -- What the shopper typed as the account (C2B BillRefNumber).
    account_reference text check (length(account_reference) <= 100),
    mpesa_receipt    text check (mpesa_receipt ~ '^[A-Z0-9]{6,20}$'),
    failure_code     text check (length(failure_code) <= 50),
    failure_reason   text check (length(failure_reason) <= 500),
    requested_at     timestamptz not null default now(),
    completed_at     timestamptz,
    version          bigint not null default 0,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint payments_order_fkey foreign key (tenant_id, order_id) references app.orders (tenant_id, id),
    constraint payments_unmatched_has_no_order check ((status = 'unmatched') = (order_id is null))
);
-- A receipt is money once: a duplicate confirmation or callback cannot count it twice.
create unique index payments_receipt_key on app.payments (tenant_id, mpesa_receipt) where mpesa_receipt is not null;
create index payments_order_idx on app.payments (tenant_id, order_id, created_at);
create index payments_status_idx on app.payments (tenant_id, status, created_at desc);

-- STK Push attempts of a payment. Recorded (with a nonce) and committed before Daraja is called; the
-- CheckoutRequestID is stored when Daraja answers. At most one open attempt per order.
create table app.payment_attempts (
    tenant_id            uuid not null references app.tenants (id),
    id                   uuid not null,
    payment_id           uuid not null,
    order_id             uuid not null,
    nonce                text not null check (nonce ~ '^[A-Za-z0-9_-]{16,64}$'),
    phone                text not null check (phone ~ '^254[17][0-9]{8}$'),
    amount_shillings     bigint not null check (amount_shillings >= 1),
    status               text not null check (status in ('recorded', 'pending', 'succeeded', 'failed',
                                                         'cancelled', 'timeout', 'review')),
    merchant_request_id  text check (length(merchant_request_id) <= 100),
    checkout_request_id  text check (length(checkout_request_id) <= 100),
    result_code          text check (length(result_code) <= 50),
    result_desc          text check (length(result_desc) <= 500),
    mpesa_receipt        text check (mpesa_receipt ~ '^[A-Z0-9]{6,20}$'),
    -- Reconciler schedule: when the attempt is next queried, and how often it was.
    next_query_at        timestamptz,
    query_count          integer not null default 0 check (query_count >= 0),
    created_at           timestamptz not null default now(),
    completed_at         timestamptz,
    updated_at           timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint payment_attempts_payment_fkey foreign key (tenant_id, payment_id) references app.payments (tenant_id, id),
    constraint payment_attempts_order_fkey foreign key (tenant_id, order_id) references app.orders (tenant_id, id),
    constraint payment_attempts_nonce_key unique (tenant_id, nonce)
);
create unique index payment_attempts_checkout_request_key on app.payment_attempts (tenant_id, checkout_request_id)
    where checkout_request_id is not null;
-- Never two pushes in flight for one order.
create unique index payment_attempts_one_open_idx on app.payment_attempts (tenant_id, order_id)
    where status in ('recorded', 'pending');
create index payment_attempts_order_idx on app.payment_attempts (tenant_id, order_id, created_at);
-- The reconciler finds due attempts across tenants.
create index payment_attempts_due_idx on app.payment_attempts (next_query_at)
    where status in ('recorded', 'pending');

-- Every body Daraja (or anyone holding the URL) posted, stored before it is parsed, in its own commit.
-- The body is text: an unparsable one is kept too. Pruned after the retention period.
create table app.payment_callbacks (
    tenant_id       uuid not null references app.tenants (id),
    id              uuid not null,
    kind            text not null check (kind in ('stk', 'c2b_validation', 'c2b_confirmation', 'reversal_result',
                                                  'reversal_timeout', 'status_result', 'status_timeout')),
    body            text not null check (length(body) <= 65536),
    source_ip       text check (length(source_ip) <= 100),
    ip_allowed      boolean,
    -- How applying it ended: applied, duplicate, unmatched, unparsable, rejected, review, ignored.
    outcome         text check (length(outcome) <= 50),
    outcome_detail  text check (length(outcome_detail) <= 1000),
    payment_id      uuid,
    attempt_id      uuid,
    received_at     timestamptz not null default now(),
    processed_at    timestamptz,
    primary key (tenant_id, id)
);
create index payment_callbacks_payment_idx on app.payment_callbacks (tenant_id, payment_id, received_at);
create index payment_callbacks_received_idx on app.payment_callbacks (received_at);

-- The audit trail of a payment: every state change, callback, query, assignment, refund (append-only).
create table app.payment_audit (
    tenant_id   uuid not null references app.tenants (id),
    id          uuid not null,
    payment_id  uuid not null,
    event_type  text not null check (length(event_type) between 1 and 50),
    actor_type  text not null check (actor_type in ('user', 'operator', 'anonymous', 'system', 'provider')),
    actor_id    text,
    details     jsonb not null default '{}'::jsonb check (jsonb_typeof(details) = 'object'),
    created_at  timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint payment_audit_payment_fkey foreign key (tenant_id, payment_id) references app.payments (tenant_id, id)
);
create index payment_audit_payment_idx on app.payment_audit (tenant_id, payment_id, created_at);

-- Cash collected on delivery, one record per order (a second recording is refused, not added).
create table app.cod_collections (
    tenant_id           uuid not null references app.tenants (id),
    id                  uuid not null,
    order_id            uuid not null,
    payment_id          uuid not null,
    amount_cents        bigint not null check (amount_cents > 0),
    currency            char(3) not null check (currency ~ '^[A-Z]{3}$'),
    collector_kind      text not null check (collector_kind in ('rider', 'partner')),
    collector_name      text not null check (length(collector_name) between 1 and 200),
    delivery_partner_id uuid,
    mpesa_receipt       text check (mpesa_receipt ~ '^[A-Z0-9]{6,20}$'),
    collected_at        timestamptz not null default now(),
    recorded_by         text,
    created_at          timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint cod_collections_order_key unique (tenant_id, order_id),
    constraint cod_collections_order_fkey foreign key (tenant_id, order_id) references app.orders (tenant_id, id),
    constraint cod_collections_payment_fkey foreign key (tenant_id, payment_id) references app.payments (tenant_id, id),
    constraint cod_collections_partner_fkey foreign key (tenant_id, delivery_partner_id)
        references app.delivery_partners (tenant_id, id)
);
create index cod_collections_day_idx on app.cod_collections (tenant_id, collected_at);

-- Refunds: by M-Pesa reversal (pending until Daraja's result) or recorded as done by hand.
create table app.refunds (
    tenant_id        uuid not null references app.tenants (id),
    id               uuid not null,
    order_id         uuid not null,
    payment_id       uuid,
    amount_cents     bigint not null check (amount_cents > 0),
    currency         char(3) not null check (currency ~ '^[A-Z]{3}$'),
    method           text not null check (method in ('mpesa_reversal', 'manual')),
    status           text not null check (status in ('pending', 'processed', 'failed')),
    reference        text check (length(reference) <= 100),
    reason           text check (length(reason) <= 500),
    restock          boolean not null default false,
    conversation_id  text check (length(conversation_id) <= 100),
    failure_reason   text check (length(failure_reason) <= 500),
    created_by       text,
    created_at       timestamptz not null default now(),
    processed_at     timestamptz,
    primary key (tenant_id, id),
    constraint refunds_order_fkey foreign key (tenant_id, order_id) references app.orders (tenant_id, id),
    constraint refunds_payment_fkey foreign key (tenant_id, payment_id) references app.payments (tenant_id, id)
);
create index refunds_order_idx on app.refunds (tenant_id, order_id, created_at);
create unique index refunds_conversation_key on app.refunds (tenant_id, conversation_id) where conversation_id is not null;

do $$
declare
    t text;
begin
    foreach t in array array['mpesa_accounts', 'payments', 'payment_attempts', 'payment_callbacks',
                             'payment_audit', 'cod_collections', 'refunds']
    loop
        execute format('alter table app.%I enable row level security', t);
        execute format('alter table app.%I force row level security', t);
        execute format('create policy tenant_isolation on app.%I '
                       'using (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid)) '
                       'with check (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid))', t);
    end loop;
end
$$;

grant select, insert, update, delete on app.mpesa_accounts to ${runtime_role};
-- Money rows are never deleted by requests; callbacks and the audit are append-only apart from a
-- callback's outcome.
grant select, insert, update on app.payments, app.payment_attempts, app.refunds to ${runtime_role};
grant select, insert, update (outcome, outcome_detail, payment_id, attempt_id, processed_at)
    on app.payment_callbacks to ${runtime_role};
grant select, insert on app.payment_audit, app.cod_collections to ${runtime_role};

-- Callback URLs carry an unguessable token that names the tenant before anything is parsed. The
-- mapping is a platform table in the control database (a tenant on a dedicated database keeps its
-- token); only the token's SHA-256 is looked up. The token itself is kept encrypted (Tink AEAD, like
-- the account's secrets) because Sokoni writes it into every callback URL it sends. A rotated token
-- stays valid until retired, so callbacks of pushes already sent still arrive.
create table app.payment_callback_tokens (
    id                uuid primary key,
    tenant_id         uuid not null references app.tenants (id),
    token_hash        bytea not null unique check (length(token_hash) = 32),
    token_ciphertext  bytea not null,
    status            text not null default 'active' check (status in ('active', 'retired')),
    created_at        timestamptz not null default now(),
    retired_at        timestamptz
);
create index payment_callback_tokens_tenant_idx on app.payment_callback_tokens (tenant_id, created_at desc);
alter table app.payment_callback_tokens enable row level security;
alter table app.payment_callback_tokens force row level security;
create policy tenant_isolation on app.payment_callback_tokens
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
grant select, insert, update on app.payment_callback_tokens to ${platform_role};

-- The reconciler finds attempts without a final result across tenants as the platform role (keys and
-- schedule only), then queries and applies each bound to its tenant; the pruning job deletes old raw
-- callbacks.
grant select (tenant_id, id, status, next_query_at) on app.payment_attempts to ${platform_role};
grant select (tenant_id, id, received_at) on app.payment_callbacks to ${platform_role};
grant delete on app.payment_callbacks to ${platform_role};
