package io.sokoni.platform.catalog;

import static io.sokoni.jooq.Tables.CATALOG_IMPORTS;

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
 * Declares interrupted the imports no instance keeps alive: the instance running an import records a
 * heartbeat on it every 30 s ({@link ImportService#heartbeat}); an import still "running" whose last
 * heartbeat is older than {@code sokoni.catalog.import-stale-after} (2 min by default) belonged to an
 * instance that stopped or died. Runs in every database as the platform role, which reads only an
 * import's tenant, id, status and heartbeat. A worker that was only slow finds its import interrupted at
 * its next progress update and stops (an all-or-nothing import then saves nothing).
 */
@Component
class InterruptedImportSweep {

	private static final Logger log = LoggerFactory.getLogger(InterruptedImportSweep.class);

	private final AllDatabases databases;

	private final Duration staleAfter;

	InterruptedImportSweep(AllDatabases databases,
			@Value("${sokoni.catalog.import-stale-after:2m}") Duration staleAfter,
			@Value("${sokoni.catalog.import-heartbeat-interval:30s}") Duration heartbeat) {
		if (staleAfter.compareTo(heartbeat.multipliedBy(3)) < 0) {
			throw new IllegalArgumentException(
					"sokoni.catalog.import-stale-after must be at least three heartbeat intervals");
		}
		this.databases = databases;
		this.staleAfter = staleAfter;
	}

	@Scheduled(initialDelayString = "${sokoni.catalog.import-sweep-interval:1m}",
			fixedDelayString = "${sokoni.catalog.import-sweep-interval:1m}")
	void scheduled() {
		try {
			int interrupted = sweep();
			if (interrupted > 0) {
				log.warn("Declared {} catalog imports interrupted: no heartbeat for {}", interrupted, staleAfter);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Interrupted-import sweep failed: {}", ex.toString());
		}
	}

	/** One run over every database; returns how many imports it declared interrupted. */
	int sweep() {
		int interrupted = 0;
		for (DSLContext platform : databases.all()) {
			interrupted += platform.update(CATALOG_IMPORTS)
				.set(CATALOG_IMPORTS.STATUS, DSL.inline("interrupted"))
				.set(CATALOG_IMPORTS.FINISHED_AT, DSL.currentOffsetDateTime())
				// The status as a literal, so the partial index of running imports serves the generic plan too.
				.where(CATALOG_IMPORTS.STATUS.eq(DSL.inline("running")),
						CATALOG_IMPORTS.HEARTBEAT_AT.lt(DatabaseTime.ago(staleAfter)))
				.execute();
		}
		return interrupted;
	}

}
