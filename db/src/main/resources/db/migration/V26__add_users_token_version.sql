-- A per-user token version (issue 18, item 11): Sokoni's access tokens carry the version current when
-- they were issued; a password change or a deactivation bumps it, so every token issued before stops
-- working at once instead of when it expires.
alter table app.users add column token_version integer not null default 0;
