-- Sokoni schema, part 1: the platform tables and the tenant-binding convention.
--
-- Roles are cluster-wide, so they are created outside migrations (see io.sokoni.db.DatabaseInstaller);
-- their names arrive as Flyway placeholders:
--   ${runtime_role}   the application pool: row-level security applies, no TRUNCATE, not the owner.
--   ${platform_role}  BYPASSRLS, but granted only the platform tables below (host resolution,
--                     operator actions, the database registry). It cannot touch tenant data.
--
-- Tenancy rule (ARCHITECTURE section 2): every table with tenant_id has ENABLE and FORCE row level
-- security and a policy
--   tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
-- for USING and WITH CHECK. The tenant is bound per transaction with set_config(..., true); NULLIF
-- turns the '' a reused connection reports after such a transaction into NULL, so "no tenant" means
-- "no rows", never an error.

grant usage on schema app to ${runtime_role}, ${platform_role};

-- Tenants: one row per merchant. Platform-wide, but still under RLS keyed by id: the runtime role
-- sees and creates only the row of the tenant bound to its transaction.
create table app.tenants (
    id                uuid primary key,
    slug              text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$'),
    name              text not null check (length(name) between 1 and 200),
    plan              text not null default 'starter' check (plan in ('starter', 'growth', 'enterprise')),
    status            text not null default 'active' check (status in ('active', 'suspended')),
    timezone          text not null default 'Africa/Nairobi',
    default_currency  char(3) not null default 'KES' check (default_currency ~ '^[A-Z]{3}$'),
    mpesa_shortcode   text check (mpesa_shortcode ~ '^[0-9]{5,7}$'),
    mpesa_paybill     text check (mpesa_paybill ~ '^[0-9]{5,7}$'),
    whatsapp_number   text check (whatsapp_number ~ '^\+[1-9][0-9]{7,14}$'),
    settings          jsonb not null default '{}'::jsonb,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now()
);
alter table app.tenants enable row level security;
alter table app.tenants force row level security;
create policy tenant_isolation on app.tenants
    using (id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Database registry: where tenant data can live. Passwords are never stored, only a reference to a
-- secret (for example env:SOKONI_DB_ACME_PASSWORD) that the application resolves at connect time.
create table app.db_connections (
    id                   uuid primary key,
    name                 text not null unique check (name ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    kind                 text not null check (kind in ('shared', 'dedicated')),
    jdbc_url             text not null check (jdbc_url like 'jdbc:postgresql://%'),
    runtime_username     text not null,
    runtime_secret_ref   text,
    owner_username       text not null,
    owner_secret_ref     text,
    max_pool_size        integer not null default 5 check (max_pool_size between 1 and 100),
    status               text not null default 'active' check (status in ('active', 'retired')),
    schema_version       text,
    created_at           timestamptz not null default now()
);

-- Tenant -> database routing. A tenant without a row lives in the shared database.
create table app.tenant_db_routing (
    tenant_id        uuid primary key references app.tenants (id),
    db_connection_id uuid not null references app.db_connections (id),
    routed_at        timestamptz not null default now()
);
alter table app.tenant_db_routing enable row level security;
alter table app.tenant_db_routing force row level security;
create policy tenant_isolation on app.tenant_db_routing
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Host names that reach a store: platform subdomains ({store}.{platform-domain}, verified at once)
-- and custom domains (pending until verified). Host names are globally unique by nature. The store
-- may live in a dedicated database, so store_id is not a foreign key here. Only the platform role
-- writes here; the tenant key is checked at commit so onboarding can claim the host name first, in
-- a platform transaction that commits after the tenant's own.
create table app.store_domains (
    id                   uuid primary key,
    tenant_id            uuid not null references app.tenants (id) deferrable initially deferred,
    store_id             uuid not null,
    host                 text not null unique
                         check (host ~ '^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$'),
    kind                 text not null check (kind in ('platform', 'custom')),
    verification_status  text not null check (verification_status in ('pending', 'verified', 'failed')),
    verification_token   text not null,
    verified_at          timestamptz,
    last_checked_at      timestamptz,
    created_at           timestamptz not null default now()
);
create index store_domains_tenant_idx on app.store_domains (tenant_id, store_id);
alter table app.store_domains enable row level security;
alter table app.store_domains force row level security;
create policy tenant_isolation on app.store_domains
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- What platform operators did (tenant-level admin events are in app.audit_log).
create table app.platform_audit_log (
    id          uuid primary key,
    actor       text not null,
    action      text not null,
    target_type text,
    target_id   text,
    details     jsonb not null default '{}'::jsonb,
    ip          text,
    request_id  text,
    created_at  timestamptz not null default now()
);
create index platform_audit_log_created_idx on app.platform_audit_log (created_at);

-- The runtime role creates its own tenant row (onboarding runs bound to the new tenant) and reads it;
-- it cannot change it (status and plan are the operator's) and never sees the registry, routing,
-- domains or the platform audit.
grant select, insert on app.tenants to ${runtime_role};
grant select, insert, update on app.tenants, app.store_domains, app.db_connections,
    app.tenant_db_routing to ${platform_role};
grant delete on app.store_domains, app.tenant_db_routing to ${platform_role};
grant select, insert on app.platform_audit_log to ${platform_role};
