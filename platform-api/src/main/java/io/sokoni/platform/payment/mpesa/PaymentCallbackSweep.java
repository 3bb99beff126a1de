package io.sokoni.platform.payment.mpesa;

import static io.sokoni.jooq.Tables.PAYMENT_CALLBACKS;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.database.AllDatabases;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies stored callbacks the queue did not (the instance stopped before, or its queue was full), in
 * every database: found as the platform role (keys and schedule only), then each claimed bound to its
 * tenant by moving its {@code apply_due_at} forward, conditional on the value the sweep saw (two
 * instances: one claim wins), and applied like a queued one. A C2B confirmation has no other way in:
 * without this sweep, money that arrived during a restart would never reach its order.
 */
@Component
public class PaymentCallbackSweep {

	private static final Logger log = LoggerFactory.getLogger(PaymentCallbackSweep.class);

	private static final int BATCH = 200;

	private final AllDatabases databases;

	private final PaymentCallbackStore store;

	private final CallbackAppliers appliers;

	private final CallbackProperties props;

	private final TransactionTemplate tx;

	PaymentCallbackSweep(AllDatabases databases, PaymentCallbackStore store, CallbackAppliers appliers,
			CallbackProperties props, TransactionTemplate tx) {
		this.databases = databases;
		this.store = store;
		this.appliers = appliers;
		this.props = props;
		this.tx = tx;
	}

	@Scheduled(fixedDelayString = "${sokoni.mpesa.callbacks.sweep-interval:30s}",
			initialDelayString = "${sokoni.mpesa.callbacks.sweep-interval:30s}")
	void scheduled() {
		try {
			sweep();
		}
		catch (RuntimeException ex) {
			log.warn("The payment callback sweep failed; it runs again in {}", props.sweepInterval(), ex);
		}
	}

	/** Applies every callback due now; returns how many this instance claimed. */
	public int sweep() {
		int claimed = 0;
		for (DSLContext platform : databases.all()) {
			List<Record3<UUID, UUID, OffsetDateTime>> due;
			do {
				due = platform.select(PAYMENT_CALLBACKS.TENANT_ID, PAYMENT_CALLBACKS.ID, PAYMENT_CALLBACKS.APPLY_DUE_AT)
					.from(PAYMENT_CALLBACKS)
					.where(PAYMENT_CALLBACKS.APPLY_DUE_AT.le(DSL.currentOffsetDateTime()))
					.orderBy(PAYMENT_CALLBACKS.APPLY_DUE_AT)
					.limit(BATCH)
					.fetch();
				for (var row : due) {
					TenantId tenant = TenantId.of(row.value1());
					OffsetDateTime lease = OffsetDateTime.now().plus(props.sweepLease());
					Optional<StoredCallback> callback = TenantContext.callAs(tenant,
							() -> tx.execute(s -> store.claim(row.value2(), row.value3(), lease)));
					if (callback.isPresent()) {
						claimed++;
						log.info("Applying {} callback {} of tenant {} from the sweep", callback.get().kind(),
								row.value2(), tenant);
						appliers.applyNow(tenant, callback.get());
					}
				}
			}
			while (due.size() == BATCH);
		}
		return claimed;
	}

}
