package io.sokoni.platform.cart;

import static io.sokoni.jooq.Tables.CARTS;

import io.sokoni.platform.database.AllDatabases;
import io.sokoni.platform.database.DatabaseTime;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes carts that expired more than {@code purge-after} ago and never became an order, in every
 * database, as the platform role (which reads only a cart's keys, status and expiry), in batches. Their
 * items, delivery quotes and abandonment reasons go with them (foreign keys on delete cascade). A
 * converted cart stays: its order refers to it. Several instances may run it at once: a cart is deleted
 * once.
 */
@Component
class ExpiredCartPurge {

	private static final Logger log = LoggerFactory.getLogger(ExpiredCartPurge.class);

	/** Carts per statement: each may take up to a hundred items and a few quotes and reasons with it. */
	static final int BATCH = 1_000;

	private final AllDatabases databases;

	private final CartProperties props;

	ExpiredCartPurge(AllDatabases databases, CartProperties props) {
		this.databases = databases;
		this.props = props;
	}

	@Scheduled(initialDelayString = "${sokoni.cart.purge-interval:1h}",
			fixedDelayString = "${sokoni.cart.purge-interval:1h}")
	void scheduled() {
		if (!props.purgeEnabled()) {
			return;
		}
		try {
			int purged = purge();
			if (purged > 0) {
				log.info("Deleted {} carts expired more than {} ago", purged, props.purgeAfter());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Expired cart purge failed: {}", ex.toString());
		}
	}

	/** One run over every database; returns how many carts were deleted. */
	int purge() {
		int purged = 0;
		for (DSLContext platform : databases.all()) {
			int batch;
			do {
				// The status as a literal, so the partial index of unconverted carts by expiry serves the plan.
				var due = DSL.select(CARTS.TENANT_ID, CARTS.ID)
					.from(CARTS)
					.where(CARTS.STATUS.ne(DSL.inline("converted")),
							CARTS.EXPIRES_AT.lt(DatabaseTime.ago(props.purgeAfter())))
					.limit(BATCH);
				batch = platform.deleteFrom(CARTS).where(DSL.row(CARTS.TENANT_ID, CARTS.ID).in(due)).execute();
				purged += batch;
			}
			while (batch == BATCH);
		}
		return purged;
	}

}
