-- Login throttling, counted where every instance sees it (issue 18, items 6 and 7): one row per account
-- (tenant slug and email) and one per client address, keyed by a SHA-256 of that key, so neither emails
-- nor addresses are kept here. Platform-wide on purpose: login happens before a tenant is bound, and an
-- unknown tenant slug is throttled like a known one. An attempt is reserved (attempts + 1) in one
-- conditional upsert before the password is hashed; after the free attempts each next one must wait
-- until next_attempt_at, a delay that doubles up to a cap. Only the platform role touches it.
create table app.login_throttle (
    key              text primary key check (key ~ '^(account|address):[0-9a-f]{64}$'),
    attempts         integer not null check (attempts >= 0),
    last_attempt_at  timestamptz not null,
    next_attempt_at  timestamptz not null
);

-- The purge of rows idle for longer than the window.
create index login_throttle_last_attempt_idx on app.login_throttle (last_attempt_at);

grant select, insert, update, delete on app.login_throttle to ${platform_role};
