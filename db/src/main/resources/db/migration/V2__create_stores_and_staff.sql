-- Sokoni schema, part 2: stores, staff and the tenant audit log.
-- Every table: tenant_id first, primary key (tenant_id, id), composite tenant foreign keys (PostgreSQL
-- checks foreign keys without RLS, so a plain key would let one tenant point at another's row),
-- per-tenant uniqueness, ENABLE + FORCE row level security and the tenant policy.

create table app.stores (
    tenant_id       uuid not null references app.tenants (id),
    id              uuid not null,
    slug            text not null check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$'),
    name            text not null check (length(name) between 1 and 200),
    currency        char(3) not null default 'KES' check (currency ~ '^[A-Z]{3}$'),
    logo_url        text check (logo_url ~ '^https?://'),
    contact_phone   text check (contact_phone ~ '^\+[1-9][0-9]{7,14}$'),
    contact_email   text check (contact_email ~ '^[^@\s]+@[^@\s]+$'),
    area            text,
    address         text,
    seo_title       text check (length(seo_title) <= 70),
    seo_description text check (length(seo_description) <= 320),
    is_live         boolean not null default false,
    version         bigint not null default 0,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint stores_tenant_slug_key unique (tenant_id, slug)
);
alter table app.stores enable row level security;
alter table app.stores force row level security;
create policy tenant_isolation on app.stores
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

create table app.users (
    tenant_id      uuid not null references app.tenants (id),
    id             uuid not null,
    email          text not null check (email = lower(email) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    phone          text check (phone ~ '^\+[1-9][0-9]{7,14}$'),
    full_name      text not null check (length(full_name) between 1 and 200),
    password_hash  text not null,
    role           text not null check (role in ('owner', 'staff', 'viewer')),
    status         text not null default 'active' check (status in ('active', 'deactivated')),
    last_login_at  timestamptz,
    mfa_secret     text,
    version        bigint not null default 0,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint users_tenant_email_key unique (tenant_id, email)
);
alter table app.users enable row level security;
alter table app.users force row level security;
create policy tenant_isolation on app.users
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Invites: only a hash of the token is stored; the token is shown once, to the inviter.
create table app.staff_invites (
    tenant_id    uuid not null references app.tenants (id),
    id           uuid not null,
    email        text not null check (email = lower(email)),
    role         text not null check (role in ('staff', 'viewer', 'owner')),
    token_hash   text not null,
    invited_by   uuid not null,
    expires_at   timestamptz not null,
    accepted_at  timestamptz,
    revoked_at   timestamptz,
    user_id      uuid,
    created_at   timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint staff_invites_tenant_token_key unique (tenant_id, token_hash),
    foreign key (tenant_id, invited_by) references app.users (tenant_id, id),
    foreign key (tenant_id, user_id) references app.users (tenant_id, id)
);
create index staff_invites_tenant_email_idx on app.staff_invites (tenant_id, email);
alter table app.staff_invites enable row level security;
alter table app.staff_invites force row level security;
create policy tenant_isolation on app.staff_invites
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Admin and auth events of one tenant: who, what, when, from where. Append-only for the runtime role.
create table app.audit_log (
    tenant_id   uuid not null references app.tenants (id),
    id          uuid not null,
    actor_type  text not null check (actor_type in ('user', 'operator', 'anonymous', 'system')),
    actor_id    text,
    action      text not null,
    target_type text,
    target_id   text,
    details     jsonb not null default '{}'::jsonb,
    ip          text,
    user_agent  text,
    request_id  text,
    created_at  timestamptz not null default now(),
    primary key (tenant_id, id)
);
create index audit_log_tenant_created_idx on app.audit_log (tenant_id, created_at desc);
alter table app.audit_log enable row level security;
alter table app.audit_log force row level security;
create policy tenant_isolation on app.audit_log
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

grant select, insert, update, delete on app.stores, app.users, app.staff_invites to ${runtime_role};
grant select, insert on app.audit_log to ${runtime_role};
