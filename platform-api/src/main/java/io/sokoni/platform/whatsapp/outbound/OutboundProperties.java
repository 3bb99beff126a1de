package io.sokoni.platform.whatsapp.outbound;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The WhatsApp notification sender.
 * @param senderEnabled whether this instance runs the sender (every instance may: claims are exclusive)
 * @param interval      how often it looks for due notifications (a new one also wakes it at once)
 * @param batchSize     notifications claimed per tenant and round
 * @param concurrency   sends in flight at once per instance
 * @param maxAttempts   failed attempts after which a notification is parked
 * @param backoffBase   wait after the first retryable failure; doubles with each further one
 * @param backoffMax    longest wait between two attempts
 * @param lease         how long a claimed notification stays claimed; after it another sender may retry it
 * @param ratePerSecond messages per second per business number (Meta's default throughput is 80/s);
 *                      counted per instance
 */
@ConfigurationProperties("sokoni.whatsapp.outbound")
public record OutboundProperties(@DefaultValue("true") boolean senderEnabled, @DefaultValue("1s") Duration interval,
		@DefaultValue("50") int batchSize, @DefaultValue("8") int concurrency, @DefaultValue("6") int maxAttempts,
		@DefaultValue("5s") Duration backoffBase, @DefaultValue("15m") Duration backoffMax,
		@DefaultValue("2m") Duration lease, @DefaultValue("80") int ratePerSecond) {

	public OutboundProperties {
		if (batchSize < 1 || concurrency < 1 || maxAttempts < 1 || ratePerSecond < 1) {
			throw new IllegalArgumentException(
					"sokoni.whatsapp.outbound batch-size, concurrency, max-attempts and rate-per-second must be at least 1");
		}
	}

	/** The wait before attempt {@code failures + 1}: base × 2^(failures-1), at most backoffMax. */
	public Duration backoff(int failures) {
		long factor = 1L << Math.min(Math.max(failures - 1, 0), 20);
		Duration wait = backoffBase.multipliedBy(factor);
		return wait.compareTo(backoffMax) > 0 ? backoffMax : wait;
	}

}
