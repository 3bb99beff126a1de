-- Sokoni schema, part 70: moving a tenant between databases without losing a write.
--
-- Every tenant transaction starts with app.bind_tenant(tenant) instead of a bare set_config: it binds
-- the tenant (transaction-local, as before), takes a shared per-tenant advisory lock and checks that
-- the tenant still lives in this database. A move holds the same lock exclusively in the source
-- database (app.lock_tenant_for_move) from before it copies until the source rows are gone, so
--   * transactions already running finish before the copy reads (the move waits for them),
--   * transactions starting during the move do not wait: bind_tenant answers 'moving' and the
--     application answers 503 with Retry-After,
--   * a transaction reaching the old database after the move (another instance whose cached route is
--     stale) finds tenants.departed_at set: bind_tenant answers 'departed', the application forgets
--     the route and answers 503; the retry goes to the new database.
-- A tenant with no row in app.tenants here (a tenant being onboarded in the shared database) is "here":
-- only an explicit departure fences it out.

alter table app.tenants add column departed_at timestamptz;

comment on column app.tenants.departed_at is
    'Set when the tenant''s data was moved out of this database; null where the tenant lives';

create function app.bind_tenant(tenant text) returns text
    language plpgsql
    set search_path = app, pg_temp
as $$
begin
    perform set_config('app.tenant_id', tenant, true);
    if tenant = '' then
        return 'here';
    end if;
    if not pg_try_advisory_xact_lock_shared(hashtext('sokoni.tenant-move'), hashtext(tenant)) then
        return 'moving';
    end if;
    if exists (select 1 from app.tenants where id = tenant::uuid and departed_at is not null) then
        return 'departed';
    end if;
    return 'here';
end
$$;

-- Waits (up to the caller's lock_timeout) for the tenant's running transactions, then keeps new ones
-- out until the caller's transaction ends.
create function app.lock_tenant_for_move(tenant uuid) returns void
    language sql
    set search_path = app, pg_temp
as $$
    select pg_advisory_xact_lock(hashtext('sokoni.tenant-move'), hashtext(tenant::text));
$$;

revoke all on function app.bind_tenant(text), app.lock_tenant_for_move(uuid) from public;
grant execute on function app.bind_tenant(text) to ${runtime_role};
