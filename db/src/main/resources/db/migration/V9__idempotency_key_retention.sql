-- Idempotency keys are a window for retries, not a record: the platform role deletes those older than
-- the retention period, across tenants. It reads only a key's tenant, id and age, never the request
-- hash or the stored answer.
create index idempotency_keys_age_idx on app.idempotency_keys (created_at);

grant select (tenant_id, id, created_at) on app.idempotency_keys to ${platform_role};
grant delete on app.idempotency_keys to ${platform_role};
