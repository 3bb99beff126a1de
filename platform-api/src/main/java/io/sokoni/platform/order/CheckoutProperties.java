package io.sokoni.platform.order;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Checkout settings.
 * @param mpesaHold         how long stock stays held for an order awaiting M-Pesa payment
 * @param expiryInterval    how often lapsed holds are looked for
 * @param expiryEnabled     whether this instance runs the expiry job
 * @param expiryBatch       how many lapsed orders one run handles at most
 * @param concurrentPerTenant how many checkouts of one tenant run at once in an instance
 * @param queueTimeout      how long a checkout waits for its turn before 429
 */
@ConfigurationProperties("sokoni.checkout")
record CheckoutProperties(@DefaultValue("15m") Duration mpesaHold, @DefaultValue("30s") Duration expiryInterval,
		@DefaultValue("true") boolean expiryEnabled, @DefaultValue("500") int expiryBatch,
		@DefaultValue("8") int concurrentPerTenant, @DefaultValue("10s") Duration queueTimeout) {

	CheckoutProperties {
		if (concurrentPerTenant < 1) {
			throw new IllegalArgumentException("sokoni.checkout.concurrent-per-tenant must be at least 1");
		}
	}

}
