package io.sokoni.platform.insight;

import java.util.List;

import io.sokoni.platform.database.AllDatabases;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the monthly partitions of {@code app.insight_events} in every database: creates
 * {@code partitions-ahead} months ahead (an insert into a month without a partition would fail) and
 * drops the months older than {@code retention-months} (13 by default), at start and every six hours.
 * Both run as the platform role through the two SECURITY DEFINER functions of V50, which give every
 * partition forced RLS and the tenant policy; several instances may run them at once (they take an
 * advisory lock).
 */
@Component
class EventPartitionJob {

	private static final Logger log = LoggerFactory.getLogger(EventPartitionJob.class);

	private final AllDatabases databases;

	private final InsightProperties props;

	EventPartitionJob(AllDatabases databases, InsightProperties props) {
		this.databases = databases;
		this.props = props;
	}

	@EventListener(ApplicationReadyEvent.class)
	void atStart() {
		scheduled();
	}

	@Scheduled(initialDelayString = "PT6H", fixedDelayString = "PT6H")
	void scheduled() {
		try {
			maintain();
		}
		catch (RuntimeException ex) {
			log.warn("Insight event partition maintenance failed: {}", ex.toString());
		}
	}

	/** Creates and drops partitions in every database; answers the names dropped. */
	List<String> maintain() {
		List<String> dropped = new java.util.ArrayList<>();
		for (DSLContext platform : databases.all()) {
			Integer created = platform.resultQuery("select app.insight_events_ensure_partitions(?)", props.partitionsAhead())
				.fetchOne(0, Integer.class);
			List<String> gone = platform.resultQuery("select app.insight_events_drop_partitions(?)", props.retentionMonths())
				.fetch(0, String.class);
			if (created != null && created > 0 || !gone.isEmpty()) {
				log.info("Insight event partitions: {} created, dropped {}", created, gone);
			}
			dropped.addAll(gone);
		}
		return dropped;
	}

}
