package io.sokoni.platform.insight;

import static io.sokoni.jooq.Tables.INSIGHT_REFRESH_STATE;

import java.util.List;
import java.util.UUID;

import io.sokoni.platform.database.AllDatabases;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Refreshes the daily aggregates, then the insight cards, of the tenants with new events, every
 * {@code refresh-interval} (1 minute by default): only those tenants, and only their days from the
 * earliest new event on, so the work follows the traffic, not the number of tenants. Due tenants are
 * found as the platform role in every database (oldest first, {@code refresh-batch} per round); each is
 * refreshed with its tenant bound. Several instances may run it: taking a tenant's mark is one
 * conditional update, so one of them does it.
 */
@Component
class InsightRefreshJob {

	private static final Logger log = LoggerFactory.getLogger(InsightRefreshJob.class);

	private final AllDatabases databases;

	private final InsightAggregates aggregates;

	private final InsightCards cards;

	private final InsightProperties props;

	InsightRefreshJob(AllDatabases databases, InsightAggregates aggregates, InsightCards cards,
			InsightProperties props) {
		this.databases = databases;
		this.aggregates = aggregates;
		this.cards = cards;
		this.props = props;
	}

	@Scheduled(initialDelayString = "${sokoni.insight.refresh-interval:1m}",
			fixedDelayString = "${sokoni.insight.refresh-interval:1m}")
	void scheduled() {
		try {
			refreshDue();
		}
		catch (RuntimeException ex) {
			log.warn("Insight refresh failed: {}", ex.toString());
		}
	}

	/** One round over every database; answers how many tenants were refreshed. */
	int refreshDue() {
		int refreshed = 0;
		for (DSLContext platform : databases.all()) {
			List<UUID> due = platform.select(INSIGHT_REFRESH_STATE.TENANT_ID)
				.from(INSIGHT_REFRESH_STATE)
				.where(INSIGHT_REFRESH_STATE.DIRTY_FROM.isNotNull())
				.orderBy(INSIGHT_REFRESH_STATE.DIRTY_FROM)
				.limit(props.refreshBatch())
				.fetch(r -> r.value1());
			for (UUID tenant : due) {
				try {
					if (TenantContext.callAs(TenantId.of(tenant), aggregates::refresh)) {
						TenantContext.runAs(TenantId.of(tenant), cards::generate);
						refreshed++;
					}
				}
				catch (RuntimeException ex) {
					log.warn("Insight refresh of tenant {} failed", tenant, ex);
				}
			}
		}
		return refreshed;
	}

}
