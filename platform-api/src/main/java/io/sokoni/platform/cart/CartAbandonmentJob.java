package io.sokoni.platform.cart;

import static io.sokoni.jooq.Tables.CARTS;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/**
 * Marks idle carts abandoned. Due carts are found across tenants as the platform role (which reads
 * only the keys and timestamps of carts), in every database; each tenant's share is then updated with
 * that tenant bound, re-checking in the update that the cart is still open, idle and not empty (the
 * shopper may have come back meanwhile). Several instances may run it at once: the update is
 * conditional, so a cart is marked once.
 */
@Component
class CartAbandonmentJob {

	private static final Logger log = LoggerFactory.getLogger(CartAbandonmentJob.class);

	private final AllDatabases databases;

	private final CartService carts;

	private final CartProperties props;

	CartAbandonmentJob(AllDatabases databases, CartService carts, CartProperties props) {
		this.databases = databases;
		this.carts = carts;
		this.props = props;
	}

	@Scheduled(initialDelayString = "${sokoni.cart.abandonment-interval:5m}",
			fixedDelayString = "${sokoni.cart.abandonment-interval:5m}")
	void scheduled() {
		if (!props.abandonmentEnabled()) {
			return;
		}
		try {
			int marked = markAbandoned();
			if (marked > 0) {
				log.info("Marked {} idle carts abandoned", marked);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Cart abandonment run failed: {}", ex.toString());
		}
	}

	/** One run over every database; returns how many carts were marked. */
	int markAbandoned() {
		int marked = 0;
		for (DSLContext database : databases.all()) {
			marked += markAbandoned(database);
		}
		return marked;
	}

	/**
	 * Pages through the open carts idle longer than the threshold that have not expired (an expired
	 * cart is over; leaving it out keeps every run's scan to the last {@code ttl} of carts), oldest
	 * first, by keyset.
	 */
	private int markAbandoned(DSLContext platform) {
		OffsetDateTime cutoff = OffsetDateTime.now().minus(props.abandonAfter());
		int marked = 0;
		OffsetDateTime afterAt = null;
		UUID afterId = null;
		while (true) {
			List<Record3<UUID, UUID, OffsetDateTime>> page = platform
				.select(CARTS.TENANT_ID, CARTS.ID, CARTS.LAST_ACTIVITY_AT)
				.from(CARTS)
				// The status as a literal, so the partial index of open carts serves the generic plan too.
				.where(CARTS.STATUS.eq(DSL.inline("open")), CARTS.LAST_ACTIVITY_AT.lt(cutoff),
						CARTS.EXPIRES_AT.gt(DSL.currentOffsetDateTime()),
						afterAt == null ? DSL.noCondition()
								: DSL.row(CARTS.LAST_ACTIVITY_AT, CARTS.ID).gt(afterAt, afterId))
				.orderBy(CARTS.LAST_ACTIVITY_AT, CARTS.ID)
				.limit(props.abandonmentBatchSize())
				.fetch();
			Map<UUID, List<UUID>> byTenant = new LinkedHashMap<>();
			page.forEach(r -> byTenant.computeIfAbsent(r.value1(), t -> new ArrayList<>()).add(r.value2()));
			for (Map.Entry<UUID, List<UUID>> share : byTenant.entrySet()) {
				marked += TenantContext.callAs(TenantId.of(share.getKey()), () -> carts.abandonIdle(share.getValue()));
			}
			if (page.size() < props.abandonmentBatchSize()) {
				return marked;
			}
			afterAt = page.get(page.size() - 1).value3();
			afterId = page.get(page.size() - 1).value2();
		}
	}

}
