-- Outbox housekeeping: the relay's per-aggregate check and the parked count get their own indexes, and
-- the platform role may purge delivered events after the retention period (it reads delivered_at for
-- that, still never the payload). Nothing else may delete outbox events.
create index outbox_events_pending_aggregate_idx on app.outbox_events (tenant_id, aggregate_id)
    where status = 'pending';
create index outbox_events_parked_idx on app.outbox_events (created_at) where status = 'parked';
create index outbox_events_delivered_idx on app.outbox_events (delivered_at) where status = 'delivered';

grant select (delivered_at) on app.outbox_events to ${platform_role};
grant delete on app.outbox_events to ${platform_role};
