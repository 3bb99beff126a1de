-- Mobile-money callbacks are answered once stored and applied from an in-memory queue, so Daraja gets
-- its answer in the time of one insert however busy applying is. A callback the queue never applied
-- (the instance stopped, the queue was full) is applied by a sweep: `apply_due_at` is when the sweep
-- may take it (null once it has an outcome), claimed like the reconciler's attempts (a conditional
-- update of the schedule the sweep saw, so two instances apply it once). `url_nonce` is the attempt
-- nonce of an STK callback's URL, kept so the sweep matches it as the request would have.
alter table app.payment_callbacks
    add column url_nonce    text check (length(url_nonce) <= 64),
    add column apply_due_at timestamptz;
create index payment_callbacks_apply_due_idx on app.payment_callbacks (apply_due_at)
    where apply_due_at is not null;

grant update (apply_due_at) on app.payment_callbacks to ${runtime_role};
-- The sweep finds due callbacks across tenants as the platform role (keys and schedule only), then
-- claims and applies each bound to its tenant.
grant select (apply_due_at) on app.payment_callbacks to ${platform_role};
