package io.sokoni.platform.fairness;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sokoni.tenant.TenantId;

/**
 * One semaphore per tenant with {@code limit} permits. The hot path is a map look-up and a CAS (no lock,
 * no allocation once the tenant's semaphore exists); only a request over the limit parks, for at most
 * {@code maxWait}.
 * <p>
 * The map holds its semaphores weakly: a tenant's semaphore lives while a request holds it (each holder
 * keeps the {@link Slots} it entered until it leaves), so the map never holds more than the tenants with
 * requests in flight plus those the garbage collector has not yet cleared, however many tenants the instance
 * serves (with a strong map, every tenant served since the start stayed: about 100 bytes each). A semaphore
 * is dropped only when nobody holds it, hence no permit of it is taken: a new one starts with all of them
 * and the limit holds.
 */
public class TenantConcurrencyLimit {

	private final Cache<TenantId, Slots> inProgress = Caffeine.newBuilder().weakValues().build();

	private final int limit;

	/** Made once, so a look-up allocates nothing. */
	private final Function<TenantId, Slots> newSlots;

	private final long maxWaitNanos;

	public TenantConcurrencyLimit(int limit, Duration maxWait) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1: " + limit);
		}
		this.limit = limit;
		this.newSlots = t -> new Slots(limit);
		this.maxWaitNanos = maxWait.toNanos();
	}

	/**
	 * Takes one of the tenant's slots, waiting up to maxWait for one; null when none came free. The caller
	 * keeps what it got and gives the slot back with {@link Slots#exit()}.
	 */
	public Slots enter(TenantId tenant) throws InterruptedException {
		Slots slots = inProgress.get(tenant, newSlots);
		Semaphore permits = slots.permits;
		boolean entered = permits.tryAcquire()
				|| (maxWaitNanos > 0 && permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS));
		return entered ? slots : null;
	}

	public int limit() {
		return limit;
	}

	/** Tenants with a semaphore still in the map (in flight, or idle and not yet collected). */
	public long trackedTenants() {
		inProgress.cleanUp();
		return inProgress.estimatedSize();
	}

	/** A tenant's slots; whoever entered holds it until it leaves, which keeps it in the map meanwhile. */
	public static final class Slots {

		private final Semaphore permits;

		private Slots(int limit) {
			this.permits = new Semaphore(limit);
		}

		/** Gives back the slot taken by {@link TenantConcurrencyLimit#enter}. */
		public void exit() {
			permits.release();
		}

	}

}
