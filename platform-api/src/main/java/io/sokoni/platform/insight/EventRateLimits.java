package io.sokoni.platform.insight;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.springframework.stereotype.Component;

/**
 * Event budgets (Bucket4j token buckets, in memory, per instance), counted in events rather than
 * requests: per client address (IPv6: its /64), checked for a whole batch before anything else; and
 * per storefront session, checked per event, so one chatty session loses its own surplus events only.
 * Event requests do not draw on the storefront's general write budget (carts, checkout): analytics can
 * never crowd out a checkout. Buckets live in a size-bounded map, as in the storefront rate limit.
 */
@Component
class EventRateLimits {

	private record Key(boolean address, Object subject) {
	}

	private final InsightProperties props;

	private final Cache<Key, Bucket> buckets;

	EventRateLimits(InsightProperties props) {
		this.props = props;
		this.buckets = Caffeine.newBuilder()
			.maximumSize(props.trackedKeys())
			.expireAfterAccess(Duration.ofMinutes(10))
			.build();
	}

	/** Takes {@code events} from the address's budget; 0 when granted, else the seconds to wait. */
	long takeForAddress(String address, int events) {
		var probe = bucket(new Key(true, address), props.addressEventsPerMinute()).tryConsumeAndReturnRemaining(events);
		return probe.isConsumed() ? 0 : Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
	}

	/** Takes one event from the session's budget (the session id is scoped by store). */
	boolean takeForSession(Object store, String session) {
		return bucket(new Key(false, store + "/" + session), props.sessionEventsPerMinute()).tryConsume(1);
	}

	private Bucket bucket(Key key, long perMinute) {
		return buckets.get(key, k -> Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
			.build());
	}

}
