package io.sokoni.platform.order;

import static io.sokoni.jooq.Tables.INVENTORY_RESERVATIONS;

import io.sokoni.platform.database.AllDatabases;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gives back the stock of M-Pesa orders never paid in time: finds lapsed holds across tenants as the
 * platform role (which may read only the reservations' keys, status and expiry), then cancels each order
 * bound to its tenant. Cancelling is conditional on the order still awaiting payment and releases only
 * holds still active, so a payment racing the job, a second instance running the same job, or a rerun
 * after a crash changes nothing twice.
 */
@Component
public class ReservationExpiryJob {

	private static final Logger log = LoggerFactory.getLogger(ReservationExpiryJob.class);

	private final AllDatabases databases;

	private final OrderLifecycle lifecycle;

	private final CheckoutProperties props;

	ReservationExpiryJob(AllDatabases databases, OrderLifecycle lifecycle, CheckoutProperties props) {
		this.databases = databases;
		this.lifecycle = lifecycle;
		this.props = props;
	}

	@Scheduled(fixedDelayString = "${sokoni.checkout.expiry-interval:30s}",
			initialDelayString = "${sokoni.checkout.expiry-interval:30s}")
	void scheduled() {
		if (props.expiryEnabled()) {
			expireLapsed();
		}
	}

	/** Cancels the orders whose holds lapsed; returns how many it cancelled. */
	public int expireLapsed() {
		int cancelled = 0;
		for (DSLContext platform : databases.all()) {
			var due = platform.selectDistinct(INVENTORY_RESERVATIONS.TENANT_ID, INVENTORY_RESERVATIONS.ORDER_ID)
				.from(INVENTORY_RESERVATIONS)
				// The status as a literal, so the partial expiry index serves the generic plan too.
				.where(INVENTORY_RESERVATIONS.STATUS.eq(DSL.inline("active")),
						INVENTORY_RESERVATIONS.EXPIRES_AT.lt(DSL.currentOffsetDateTime()))
				.limit(props.expiryBatch())
				.fetch();
			for (var order : due) {
				try {
					if (TenantContext.callAs(TenantId.of(order.value1()), () -> lifecycle.expire(order.value2()))) {
						cancelled++;
					}
				}
				catch (RuntimeException ex) {
					log.warn("Could not expire order {} of tenant {}", order.value2(), order.value1(), ex);
				}
			}
		}
		if (cancelled > 0) {
			log.info("Cancelled {} orders whose stock hold expired unpaid", cancelled);
		}
		return cancelled;
	}

}
