package io.sokoni.platform.fairness;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.sokoni.tenant.TenantId;

/**
 * One semaphore per tenant with {@code limit} permits. The hot path is a map look-up and a CAS (no lock,
 * no allocation once the tenant's semaphore exists); only a request over the limit parks, for at most
 * {@code maxWait}. A tenant's semaphore lives as long as the instance (about 100 bytes; README states the
 * memory per tenant).
 */
public class TenantConcurrencyLimit {

	private final ConcurrentHashMap<TenantId, Semaphore> inProgress = new ConcurrentHashMap<>();

	private final int limit;

	private final long maxWaitNanos;

	public TenantConcurrencyLimit(int limit, Duration maxWait) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1: " + limit);
		}
		this.limit = limit;
		this.maxWaitNanos = maxWait.toNanos();
	}

	/**
	 * Takes one of the tenant's slots, waiting up to maxWait for one; false when none came free. A true
	 * answer must be followed by {@link #exit(TenantId)}.
	 */
	public boolean enter(TenantId tenant) throws InterruptedException {
		Semaphore slots = inProgress.get(tenant);
		if (slots == null) {
			slots = inProgress.computeIfAbsent(tenant, t -> new Semaphore(limit));
		}
		return slots.tryAcquire() || (maxWaitNanos > 0 && slots.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS));
	}

	public void exit(TenantId tenant) {
		inProgress.get(tenant).release();
	}

	public int limit() {
		return limit;
	}

	/** Tenants with a semaphore (every tenant this instance served since it started). */
	public int trackedTenants() {
		return inProgress.size();
	}

}
