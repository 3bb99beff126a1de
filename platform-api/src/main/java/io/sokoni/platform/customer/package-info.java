/**
 * Customers of a tenant, one per phone number: created by the first checkout with that number (later
 * checkouts never change them; only verified sources do: a confirmed payment, a WhatsApp message, the
 * merchant), with order count, lifetime value and last order kept current by the order code, and
 * tagged by the merchant.
 */
package io.sokoni.platform.customer;
