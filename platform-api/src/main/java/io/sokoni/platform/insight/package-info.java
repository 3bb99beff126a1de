/**
 * Merchant insight: storefront and server events (monthly partitions), their daily aggregates per tenant,
 * the admin API over them (funnel, products, searches, abandonments, revenue) and insight cards.
 */
package io.sokoni.platform.insight;
