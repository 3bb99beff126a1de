package io.sokoni.platform.fairness;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sokoni.tenant.TenantId;

/**
 * One semaphore per tenant with {@code limit} permits. The hot path is a map look-up and a CAS (no lock,
 * no allocation once the tenant's semaphore exists); only a request over the limit parks, for at most
 * {@code maxWait}.
 * <p>
 * A flood gives way to calm tenants. A tenant is <em>flooding</em> while some of its requests wait for
 * its slots; a tenant is <em>calm</em> when it gets a slot with none of its requests waiting. While a
 * calm tenant was served within {@code calmWindow}, a flooding tenant works with {@code floodLimit} slots
 * only: each slot it gives back is kept back until it is down to that many. Its limit alone does not
 * protect the others on a small machine: a tenant keeping all its slots busy with checkouts keeps the
 * CPU (of the application and of PostgreSQL) busy too, and a calm store's requests queue behind that.
 * When the flood ends (nothing of it waits) or the calm tenants go quiet, the kept slots come back at
 * its next request in or out. Two tenants that both flood share the instance through their equal limits.
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

	/** Slots a flooding tenant may keep while a calm one is served; {@code limit} turns that off. */
	private final int floodLimit;

	/** Made once, so a look-up allocates nothing. */
	private final Function<TenantId, Slots> newSlots;

	private final long maxWaitNanos;

	private final long calmWindowNanos;

	/** When a calm tenant last got a slot, and which (its id, not its slots, so they can be collected). */
	private volatile long lastCalmEntry;

	private volatile TenantId lastCalmTenant;

	public TenantConcurrencyLimit(int limit, Duration maxWait) {
		this(limit, maxWait, limit, Duration.ZERO);
	}

	public TenantConcurrencyLimit(int limit, Duration maxWait, int floodLimit, Duration calmWindow) {
		if (limit < 1 || floodLimit < 1) {
			throw new IllegalArgumentException("limit and flood limit must be at least 1: " + limit + ", " + floodLimit);
		}
		this.limit = limit;
		this.floodLimit = Math.min(floodLimit, limit);
		this.newSlots = t -> new Slots(this, t);
		this.maxWaitNanos = maxWait.toNanos();
		this.calmWindowNanos = calmWindow.toNanos();
		this.lastCalmEntry = System.nanoTime() - calmWindowNanos - 1;
	}

	/**
	 * Takes one of the tenant's slots, waiting up to maxWait for one; null when none came free. The caller
	 * keeps what it got and gives the slot back with {@link Slots#exit()}.
	 */
	public Slots enter(TenantId tenant) throws InterruptedException {
		Slots slots = inProgress.get(tenant, newSlots);
		if (slots.kept.get() > 0 && !givesWay(slots)) {
			slots.releaseKept(0);
		}
		Semaphore permits = slots.permits;
		if (permits.tryAcquire()) {
			if (slots.waiting.get() == 0) {
				calmEntry(tenant);
			}
			return slots;
		}
		if (maxWaitNanos <= 0) {
			return null;
		}
		slots.waiting.incrementAndGet();
		try {
			return permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS) ? slots : null;
		}
		finally {
			slots.waiting.decrementAndGet();
		}
	}

	private void calmEntry(TenantId tenant) {
		if (floodLimit == limit) {
			return;
		}
		long now = System.nanoTime();
		// at most one write per millisecond by the same tenant: the field is shared by every request
		if (!tenant.equals(lastCalmTenant) || now - lastCalmEntry > 1_000_000) {
			lastCalmTenant = tenant;
			lastCalmEntry = now;
		}
	}

	/** Whether the tenant floods while another tenant was served calmly within the window. */
	private boolean givesWay(Slots slots) {
		return floodLimit < limit && slots.waiting.get() > 0 && !slots.tenant.equals(lastCalmTenant)
				&& System.nanoTime() - lastCalmEntry < calmWindowNanos;
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

		private final TenantConcurrencyLimit owner;

		private final TenantId tenant;

		private final Semaphore permits;

		/** Requests of the tenant waiting for a slot now. */
		private final AtomicInteger waiting = new AtomicInteger();

		/** Permits kept back while the tenant gives way (at most limit - floodLimit). */
		private final AtomicInteger kept = new AtomicInteger();

		private Slots(TenantConcurrencyLimit owner, TenantId tenant) {
			this.owner = owner;
			this.tenant = tenant;
			this.permits = new Semaphore(owner.limit);
		}

		/** Gives back the slot taken by {@link TenantConcurrencyLimit#enter}. */
		public void exit() {
			if (owner.givesWay(this)) {
				int most = owner.limit - owner.floodLimit;
				for (int k = kept.get(); k < most; k = kept.get()) {
					if (kept.compareAndSet(k, k + 1)) {
						return;
					}
				}
				permits.release();
			}
			else {
				releaseKept(1);
			}
		}

		/** Requests of the tenant waiting for a slot now. */
		int waiting() {
			return waiting.get();
		}

		private void releaseKept(int more) {
			int back = (kept.get() > 0 ? kept.getAndSet(0) : 0) + more;
			if (back > 0) {
				permits.release(back);
			}
		}

	}

}
