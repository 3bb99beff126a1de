package io.sokoni.platform.whatsapp.outbound;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Meta's throughput limit per business number (80 messages/s by default, more for upgraded numbers):
 * one Bucket4j token bucket per phone-number id, in memory. It counts this instance's sends: with
 * several instances sending, set {@code rate-per-second} to the number's limit divided by their count.
 * The bucket holds one second's worth, so a burst never exceeds the rate over any second.
 */
@Component
class SendRateLimiter {

	private final int perSecond;

	private final TimeMeter clock;

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(100_000)
		.build();

	@Autowired
	SendRateLimiter(OutboundProperties props) {
		this(props, TimeMeter.SYSTEM_NANOTIME);
	}

	/** With another clock (tests). */
	SendRateLimiter(OutboundProperties props, TimeMeter clock) {
		this.perSecond = props.ratePerSecond();
		this.clock = clock;
	}

	/**
	 * Takes one send from the number's budget, waiting up to {@code maxWait} for it; false when the wait
	 * would be longer (the caller puts the message back for later).
	 */
	boolean acquire(String phoneNumberId, Duration maxWait) {
		try {
			Bucket bucket = bucket(phoneNumberId);
			return maxWait.isZero() || maxWait.isNegative() ? bucket.tryConsume(1)
					: bucket.asBlocking().tryConsume(1, maxWait);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private Bucket bucket(String phoneNumberId) {
		return buckets.get(phoneNumberId, k -> Bucket.builder()
			.withCustomTimePrecision(clock)
			.addLimit(Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
			.build());
	}

}
