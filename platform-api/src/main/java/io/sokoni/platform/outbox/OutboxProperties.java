package io.sokoni.platform.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox relay.
 *
 * @param relayEnabled run the scheduled relay in this instance (tests that drive it by hand turn it off)
 * @param interval pause between polls when there was nothing (or less than a batch) to do, unless a commit
 *        of this instance wakes the relay sooner
 * @param minPollGap the shortest time between the starts of two polls, however often commits wake it
 * @param batchSize events claimed at once
 * @param lease how long a claim keeps other relays away unless renewed: renewed every third of it while its
 *        batch is delivered, it is how soon events a dead instance had claimed are delivered by another
 * @param maxAttempts failed deliveries after which an event is parked for an operator
 * @param backoffBase delay after the first failure; doubles with each failure (with jitter)
 * @param backoffMax the longest delay between two attempts
 * @param lagThreshold the health indicator reports DOWN when the oldest pending event is older
 * @param statsRefresh how often backlog and lag are re-read for metrics and health
 */
@ConfigurationProperties("sokoni.outbox")
public record OutboxProperties(@DefaultValue("true") boolean relayEnabled, @DefaultValue("200ms") Duration interval,
		@DefaultValue("50ms") Duration minPollGap,
		@DefaultValue("100") int batchSize, @DefaultValue("60s") Duration lease, @DefaultValue("10") int maxAttempts,
		@DefaultValue("1s") Duration backoffBase, @DefaultValue("5m") Duration backoffMax,
		@DefaultValue("5m") Duration lagThreshold, @DefaultValue("5s") Duration statsRefresh,
		@DefaultValue("7d") Duration retention) {

	public OutboxProperties {
		if (batchSize < 1 || batchSize > 500) {
			throw new IllegalArgumentException("sokoni.outbox.batch-size must be between 1 and 500");
		}
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("sokoni.outbox.max-attempts must be at least 1");
		}
		if (interval.isNegative() || interval.isZero() || lease.toMillis() < 1000) {
			throw new IllegalArgumentException("sokoni.outbox.interval must be positive and lease at least 1s");
		}
		if (minPollGap.isNegative() || minPollGap.compareTo(interval) > 0) {
			throw new IllegalArgumentException("sokoni.outbox.min-poll-gap must be between 0 and the interval");
		}
		if (backoffBase.isNegative() || backoffMax.compareTo(backoffBase) < 0) {
			throw new IllegalArgumentException("sokoni.outbox.backoff-max must not be below backoff-base");
		}
	}

}
