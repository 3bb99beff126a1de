-- Idempotency keys: a request that moves money or stock and carries an Idempotency-Key runs once per
-- tenant, scope and key; a retry (or a concurrent duplicate, which waits on the primary key) gets the
-- first answer back. The key row is written in the same transaction as the effect, so a failed
-- request leaves no key behind and can be retried.
create table app.idempotency_keys (
    tenant_id        uuid not null references app.tenants (id),
    id               uuid not null,
    scope            text not null check (length(scope) between 1 and 100),
    idempotency_key  text not null check (length(idempotency_key) between 1 and 200),
    request_hash     text not null,
    response_status  integer,
    response_body    jsonb,
    created_at       timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint idempotency_keys_scope_key unique (tenant_id, scope, idempotency_key)
);
create index idempotency_keys_created_idx on app.idempotency_keys (tenant_id, created_at);
alter table app.idempotency_keys enable row level security;
alter table app.idempotency_keys force row level security;
create policy tenant_isolation on app.idempotency_keys
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

grant select, insert, update, delete on app.idempotency_keys to ${runtime_role};
