/**
 * The merchant's catalog: categories (a tree), products with their variants and images, and bulk
 * imports; every product change announces itself through the outbox in the same transaction.
 */
package io.sokoni.platform.catalog;
