package io.sokoni.platform.order;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.springframework.stereotype.Component;

/**
 * Bounds how many checkouts of one tenant run at once in this instance; the others wait here, holding
 * no database connection, for up to the queue timeout (then 429 with Retry-After). Checkouts of one
 * store mostly contend for the same rows (a flash-sale item's stock, the order counter), so more of them
 * at once do not sell faster; without the bound, a flash sale would take every pooled connection and
 * other tenants' requests would wait or fail with it.
 * <p>
 * The semaphores are held weakly: a tenant's lives while a checkout of it holds or waits for a permit, so
 * the gate keeps no state for the tenants that are not checking out (with a strong map it kept one for
 * every tenant that ever checked out). One is dropped only when nobody holds it, so no permit of it is
 * taken and a new one with all its permits keeps the bound.
 */
@Component
class CheckoutGate {

	private final Cache<UUID, Semaphore> permits = Caffeine.newBuilder().weakValues().build();

	private final CheckoutProperties props;

	private final CheckoutsInFlight inFlight;

	CheckoutGate(CheckoutProperties props, CheckoutsInFlight inFlight) {
		this.props = props;
		this.inFlight = inFlight;
	}

	<T> T run(UUID tenantId, Supplier<T> checkout) {
		Semaphore tenant = permits.get(tenantId, t -> new Semaphore(props.concurrentPerTenant(), true));
		boolean admitted;
		try {
			admitted = tenant.tryAcquire(props.queueTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			admitted = false;
		}
		if (!admitted) {
			throw new ApiException(ProblemType.TOO_MANY_REQUESTS,
					"This store is taking many orders at once; please try again in a moment",
					Map.of("retryAfterSeconds", 2));
		}
		inFlight.started();
		try {
			return checkout.get();
		}
		finally {
			inFlight.ended();
			tenant.release();
		}
	}

	/** Tenants with a semaphore still in the map (checking out, or idle and not yet collected). */
	long trackedTenants() {
		permits.cleanUp();
		return permits.estimatedSize();
	}

}
