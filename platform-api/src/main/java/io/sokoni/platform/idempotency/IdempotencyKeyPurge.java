package io.sokoni.platform.idempotency;

import static io.sokoni.jooq.Tables.IDEMPOTENCY_KEYS;

import java.time.Duration;

import io.sokoni.platform.database.AllDatabases;
import io.sokoni.platform.database.DatabaseTime;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes idempotency keys older than the retention period (7 days by default), in every database, as
 * the platform role (which reads only a key's tenant, id and age). A retry later than that runs as a
 * new request; a checkout retried that late finds its cart converted and gets 409, not a second order.
 * Several instances may run it at once: a key is deleted once.
 */
@Component
class IdempotencyKeyPurge {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurge.class);

	private static final int BATCH = 10_000;

	private final AllDatabases databases;

	private final Duration retention;

	IdempotencyKeyPurge(AllDatabases databases,
			@Value("${sokoni.idempotency.retention:7d}") Duration retention) {
		if (retention.toHours() < 1) {
			throw new IllegalArgumentException("sokoni.idempotency.retention must be at least 1h");
		}
		this.databases = databases;
		this.retention = retention;
	}

	@Scheduled(initialDelayString = "${sokoni.idempotency.purge-interval:1h}",
			fixedDelayString = "${sokoni.idempotency.purge-interval:1h}")
	void scheduled() {
		try {
			int purged = purge();
			if (purged > 0) {
				log.info("Purged {} idempotency keys older than {}", purged, retention);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Idempotency key purge failed: {}", ex.toString());
		}
	}

	/** One run over every database, in batches; returns how many keys were deleted. */
	int purge() {
		int purged = 0;
		for (DSLContext platform : databases.all()) {
			int batch;
			do {
				var old = DSL.select(IDEMPOTENCY_KEYS.TENANT_ID, IDEMPOTENCY_KEYS.ID)
					.from(IDEMPOTENCY_KEYS)
					.where(IDEMPOTENCY_KEYS.CREATED_AT.lt(DatabaseTime.ago(retention)))
					.limit(BATCH);
				batch = platform.deleteFrom(IDEMPOTENCY_KEYS)
					.where(DSL.row(IDEMPOTENCY_KEYS.TENANT_ID, IDEMPOTENCY_KEYS.ID).in(old))
					.execute();
				purged += batch;
			}
			while (batch == BATCH);
		}
		return purged;
	}

}
