package io.sokoni.platform.fairness;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
 * Giving way also leaves the machine idle part of the time: with a {@code floodShare} below 1, a slot a
 * flooding tenant held for {@code t} rests {@code t × (1 − share) / share} (at most {@link #MAX_REST})
 * before its next request of that tenant starts. One slot kept busy back to back is a whole core of the
 * application and PostgreSQL on a small machine, and a calm store's short requests then wait for the
 * operating system's scheduler behind it; the rests are when they run at once.
 * <p>
 * The map holds its semaphores weakly: a tenant's semaphore lives while a request holds it (each holder
 * keeps the {@link Slots} it entered until it leaves), so the map never holds more than the tenants with
 * requests in flight plus those the garbage collector has not yet cleared, however many tenants the instance
 * serves (with a strong map, every tenant served since the start stayed: about 100 bytes each). A semaphore
 * is dropped only when nobody holds it, hence no permit of it is taken: a new one starts with all of them
 * and the limit holds.
 */
public class TenantConcurrencyLimit {

	/** The longest rest between a flooding tenant's requests, however long its last one took. */
	static final Duration MAX_REST = Duration.ofMillis(100);

	private final Cache<TenantId, Slots> inProgress = Caffeine.newBuilder().weakValues().build();

	private final int limit;

	/** Slots a flooding tenant may keep while a calm one is served; {@code limit} turns that off. */
	private final int floodLimit;

	/** Made once, so a look-up allocates nothing. */
	private final Function<TenantId, Slots> newSlots;

	private final long maxWaitNanos;

	private final long calmWindowNanos;

	/** A flooding tenant's rest per nanosecond a slot of it was held, while it gives way: (1 − share) / share. */
	private final double restPerHeld;

	/** When a calm tenant last got a slot, and which (its id, not its slots, so they can be collected). */
	private volatile long lastCalmEntry;

	private volatile TenantId lastCalmTenant;

	public TenantConcurrencyLimit(int limit, Duration maxWait) {
		this(limit, maxWait, limit, Duration.ZERO, 1);
	}

	public TenantConcurrencyLimit(int limit, Duration maxWait, int floodLimit, Duration calmWindow, double floodShare) {
		if (limit < 1 || floodLimit < 1) {
			throw new IllegalArgumentException("limit and flood limit must be at least 1: " + limit + ", " + floodLimit);
		}
		if (!(floodShare > 0 && floodShare <= 1)) {
			throw new IllegalArgumentException("flood share must be above 0 and at most 1: " + floodShare);
		}
		this.restPerHeld = (1 - floodShare) / floodShare;
		this.limit = limit;
		this.floodLimit = Math.min(floodLimit, limit);
		this.newSlots = t -> new Slots(this, t);
		this.maxWaitNanos = maxWait.toNanos();
		this.calmWindowNanos = calmWindow.toNanos();
		this.lastCalmEntry = System.nanoTime() - calmWindowNanos - 1;
	}

	/**
	 * Takes one of the tenant's slots, waiting up to maxWait for one (and, for a flooding tenant giving way,
	 * the rest its last request earned); null when none came free. The caller keeps what it got and gives
	 * the slot back with {@link Slots#exit(long)}.
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
			else {
				slots.rest();
			}
			return slots;
		}
		if (maxWaitNanos <= 0) {
			return null;
		}
		slots.waiting.incrementAndGet(); // counted until it has rested: a request that waited is of a flood
		try {
			if (!permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
				return null;
			}
			slots.rest();
			return slots;
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

		/** Until when (System.nanoTime) the tenant's next request rests while it gives way. */
		private volatile long restUntil;

		/**
		 * Gives back the slot taken by {@link TenantConcurrencyLimit#enter}.
		 * @param workStarted System.nanoTime when enter returned: how long the slot was held earns the rest
		 */
		public void exit(long workStarted) {
			if (owner.givesWay(this)) {
				if (owner.restPerHeld > 0) {
					long now = System.nanoTime();
					long rest = Math.min((long) ((now - workStarted) * owner.restPerHeld), MAX_REST.toNanos());
					restUntil = Math.max(restUntil, now + rest);
				}
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

		/** Waits out the rest the tenant's last request earned, while it still gives way (slot held). */
		private void rest() throws InterruptedException {
			if (owner.restPerHeld == 0) {
				return;
			}
			for (long left = restUntil - System.nanoTime(); left > 0 && owner.givesWay(this);
					left = restUntil - System.nanoTime()) {
				LockSupport.parkNanos(this, left);
				if (Thread.interrupted()) {
					exit(System.nanoTime());
					throw new InterruptedException();
				}
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
