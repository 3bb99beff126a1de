-- What the shopper typed at checkout stays on the order (issue 18, item 14): a checkout no longer
-- changes an existing customer's profile or consent, so the email and WhatsApp opt-in given with an
-- order are kept here, for the merchant to see and for a verified source (a confirmed payment from the
-- customer's number) to apply to the customer later. Name, phone and address were already on the order.
alter table app.orders
    add column customer_email text check (customer_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    add column customer_whatsapp_opt_in boolean not null default false;
