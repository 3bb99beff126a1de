-- Sokoni schema, part 60: every key of a tenant table includes tenant_id (issue 20, ready for a
-- distributed PostgreSQL that shards by tenant_id; SchemaIsolationIT checks it over the catalog).
-- A WhatsApp phone-number id belongs to one tenant only: app.whatsapp_phone_numbers (the platform
-- registry, primary key phone_number_id, claimed before the account row is written) guarantees that
-- across every database. The account row's own global unique key repeated it inside one database only
-- and kept whatsapp_accounts from being distributed by tenant. Its primary key (tenant_id) remains.
alter table app.whatsapp_accounts drop constraint whatsapp_accounts_phone_number_id_key;
