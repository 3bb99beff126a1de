-- Sokoni schema, part 45: what the WhatsApp sender and the account screen need beyond V40.

-- The account: the token's last four characters (to recognise it; the token itself stays encrypted)
-- and the last "send a test message" outcome.
alter table app.whatsapp_accounts
    add column access_token_hint text check (length(access_token_hint) <= 8),
    add column last_tested_at    timestamptz,
    add column last_test_ok      boolean,
    add column last_test_detail  text check (length(last_test_detail) <= 1000);

-- A merchant reply outside the 24-hour window names an approved template; its language and body
-- parameters travel with the queued row. sent_as says how the message finally went (text or template).
alter table app.whatsapp_notifications
    add column template_name     text check (template_name ~ '^[a-z0-9_]+$' and length(template_name) <= 512),
    add column template_language text check (template_language ~ '^[a-z]{2,3}(_[A-Z]{2})?$'),
    add column template_params   jsonb check (template_params is null or jsonb_typeof(template_params) = 'array'),
    add column sent_as           text check (sent_as in ('text', 'template'));

-- While a sender works on a row (status 'sending') next_attempt_at is its lease; rows whose lease ran
-- out (the instance died mid-send) are found by this index and retried.
create index whatsapp_notifications_sending_idx on app.whatsapp_notifications (next_attempt_at)
    where status = 'sending';
