/**
 * Storefront carts (web and WhatsApp): items with availability, coupon and delivery area, delivery
 * quotes, expiry and abandonment, and the locked view of a cart the checkout turns into an order.
 */
package io.sokoni.platform.cart;
