-- A catalog import runs on one application instance. If that instance stops or dies mid-import, the
-- import would show "running" for ever. Each progress update now records a heartbeat, and a job marks
-- running imports whose heartbeat is too old "interrupted". The job runs as the platform role, which
-- reads only an import's tenant, id, status and heartbeat, and may change only its status and end time.
alter table app.catalog_imports add column heartbeat_at timestamptz not null default now();

alter table app.catalog_imports drop constraint catalog_imports_status_check;
alter table app.catalog_imports add constraint catalog_imports_status_check
    check (status in ('running', 'completed', 'failed', 'interrupted'));

create index catalog_imports_running_idx on app.catalog_imports (heartbeat_at) where status = 'running';

grant select (tenant_id, id, status, heartbeat_at) on app.catalog_imports to ${platform_role};
grant update (status, finished_at) on app.catalog_imports to ${platform_role};
