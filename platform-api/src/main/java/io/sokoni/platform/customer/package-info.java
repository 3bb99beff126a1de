/**
 * Customers of a tenant, one per phone number: upserted by checkouts with their delivery addresses,
 * order count, lifetime value and last order kept current by the order code, and tagged by the merchant.
 */
package io.sokoni.platform.customer;
