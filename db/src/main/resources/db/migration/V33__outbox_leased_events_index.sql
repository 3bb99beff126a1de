-- The relay's claim skips an event while another event of the same aggregate is leased (pending with
-- locked_until in the future). PostgreSQL planned that check as one scan of every row of the table
-- (pending, delivered and parked alike, kept for the retention period), materialized once per claim: a
-- claim took longer the more events the table held (79 ms per 100 events over 60,000 rows, while
-- the due events themselves were found through their index). Leased events are a handful at any time;
-- indexed on their own, the check reads only them (21 ms in the same run, on a loaded machine).
create index outbox_events_leased_idx on app.outbox_events (tenant_id, aggregate_id)
    where status = 'pending' and locked_until is not null;
