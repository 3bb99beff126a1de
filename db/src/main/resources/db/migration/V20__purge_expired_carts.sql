-- Expired carts that never became an order are deleted by a job, across tenants, as the platform role,
-- with their items, delivery quotes and abandonment reasons (their foreign keys cascade; PostgreSQL runs
-- the cascade as the owner of those tables, so the platform role needs no rights on them). The job reads
-- only the keys, status and expiry it was already granted.
create index carts_expiry_idx on app.carts (expires_at) where status <> 'converted';

grant delete on app.carts to ${platform_role};
