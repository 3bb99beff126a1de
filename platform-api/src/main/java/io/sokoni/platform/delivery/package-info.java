/** Delivery zones by city area and their quotes, delivery partners, and dispatching orders to them. */
package io.sokoni.platform.delivery;
