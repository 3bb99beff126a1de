package io.sokoni.platform.payment.mpesa;

import static io.sokoni.jooq.Tables.PAYMENT_CALLBACKS;

import java.time.OffsetDateTime;

import io.sokoni.platform.database.AllDatabases;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes raw callbacks older than the retention period in every database, as the platform role (which
 * may read only their keys and time, and delete them), in batches so no statement holds many rows.
 * What a callback changed stays in the payments, attempts and their audit trail.
 */
@Component
public class PaymentCallbackPruneJob {

	private static final Logger log = LoggerFactory.getLogger(PaymentCallbackPruneJob.class);

	private static final int BATCH = 1000;

	private final AllDatabases databases;

	private final MpesaProperties props;

	PaymentCallbackPruneJob(AllDatabases databases, MpesaProperties props) {
		this.databases = databases;
		this.props = props;
	}

	@Scheduled(fixedDelayString = "${sokoni.mpesa.prune-interval:1h}", initialDelayString = "${sokoni.mpesa.prune-interval:1h}")
	void scheduled() {
		prune();
	}

	/** Deletes what is past retention; returns how many rows. */
	public int prune() {
		OffsetDateTime cutoff = OffsetDateTime.now().minus(props.callbackRetention());
		int total = 0;
		for (DSLContext platform : databases.all()) {
			int deleted;
			do {
				var old = DSL.select(PAYMENT_CALLBACKS.TENANT_ID, PAYMENT_CALLBACKS.ID)
					.from(PAYMENT_CALLBACKS)
					.where(PAYMENT_CALLBACKS.RECEIVED_AT.lt(cutoff))
					.limit(BATCH);
				deleted = platform.deleteFrom(PAYMENT_CALLBACKS)
					.where(DSL.row(PAYMENT_CALLBACKS.TENANT_ID, PAYMENT_CALLBACKS.ID).in(old))
					.execute();
				total += deleted;
			}
			while (deleted == BATCH);
		}
		if (total > 0) {
			log.info("Deleted {} raw payment callbacks older than {}", total, props.callbackRetention());
		}
		return total;
	}

}
