package io.sokoni.platform.cart;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Storefront carts.
 *
 * @param ttl how long a cart lives after its last change (it then answers 410)
 * @param quoteTtl how long a delivery quote is honoured at checkout
 * @param abandonAfter idle time after which an open cart with items is marked abandoned
 * @param abandonmentEnabled run the abandonment job in this instance
 * @param abandonmentInterval pause between two runs of the abandonment job
 * @param abandonmentBatchSize carts read per page when looking for idle ones
 * @param purgeAfter how long after its expiry a cart that never became an order is deleted (with its
 * items, quotes and abandonment reasons)
 * @param purgeEnabled run the purge job in this instance
 * @param purgeInterval pause between two runs of the purge job
 */
@ConfigurationProperties("sokoni.cart")
public record CartProperties(@DefaultValue("7d") Duration ttl, @DefaultValue("15m") Duration quoteTtl,
		@DefaultValue("24h") Duration abandonAfter, @DefaultValue("true") boolean abandonmentEnabled,
		@DefaultValue("5m") Duration abandonmentInterval, @DefaultValue("500") int abandonmentBatchSize,
		@DefaultValue("1d") Duration purgeAfter, @DefaultValue("true") boolean purgeEnabled,
		@DefaultValue("1h") Duration purgeInterval) {

	public CartProperties {
		if (ttl.toSeconds() < 60 || quoteTtl.toSeconds() < 1 || abandonAfter.toSeconds() < 60) {
			throw new IllegalArgumentException(
					"sokoni.cart.ttl and abandon-after must be at least 1m, quote-ttl at least 1s");
		}
		if (purgeAfter.isNegative() || purgeInterval.toMillis() < 100) {
			throw new IllegalArgumentException(
					"sokoni.cart.purge-after must not be negative, purge-interval at least 100ms");
		}
		if (abandonmentInterval.toMillis() < 100 || abandonmentBatchSize < 1 || abandonmentBatchSize > 10_000) {
			throw new IllegalArgumentException(
					"sokoni.cart.abandonment-interval must be at least 100ms, abandonment-batch-size 1..10000");
		}
	}

}
