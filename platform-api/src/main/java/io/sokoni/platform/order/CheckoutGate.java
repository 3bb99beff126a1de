package io.sokoni.platform.order;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.springframework.stereotype.Component;

/**
 * Bounds how many checkouts of one tenant run at once in this instance; the others wait here, holding
 * no database connection, for up to the queue timeout (then 429 with Retry-After). Checkouts of one
 * store mostly contend for the same rows (a flash-sale item's stock, the order counter), so more of them
 * at once do not sell faster; without the bound, a flash sale would take every pooled connection and
 * other tenants' requests would wait or fail with it.
 */
@Component
class CheckoutGate {

	private final Map<UUID, Semaphore> permits = new ConcurrentHashMap<>();

	private final CheckoutProperties props;

	CheckoutGate(CheckoutProperties props) {
		this.props = props;
	}

	<T> T run(UUID tenantId, Supplier<T> checkout) {
		Semaphore tenant = permits.computeIfAbsent(tenantId, t -> new Semaphore(props.concurrentPerTenant(), true));
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
		try {
			return checkout.get();
		}
		finally {
			tenant.release();
		}
	}

}
