package io.sokoni.tenant;

import java.sql.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whether a tenant exists and may be served (status {@code active}), read from the control database.
 * A tenant's status is read on its first request; then one statement every {@code ttl} reads again the
 * statuses of every tenant asked for in the last {@link #IDLE} (reading each on its own when its entry
 * aged, as before, cost one statement per tenant per TTL: with 10,000 merchants at work, up to 2,000 a
 * second). Suspension invalidates the entry on this instance (and on the others through their
 * notices); a missed notice is corrected within the TTL. A refresh that fails, or that overlaps an
 * invalidation, changes nothing; after one that failed, statuses are read per tenant again until a
 * refresh succeeds, so no status is trusted for longer than the TTL plus one refresh.
 */
public class TenantDirectory implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(TenantDirectory.class);

	/** A tenant not asked for this long is forgotten (and no longer refreshed). */
	static final Duration IDLE = Duration.ofMinutes(2);

	/** Tenants read per statement by a refresh. */
	private static final int CHUNK = 10_000;

	private final JdbcTemplate platform;

	private final LoadingCache<TenantId, Status> statuses;

	/**
	 * A tenant's status, changed in place by a refresh (a write to the cache would count as a use and keep
	 * an unused tenant forever), and the invalidation count when it was first read.
	 */
	private static final class Status {

		final long readAfter;

		volatile Optional<String> value;

		Status(long readAfter, Optional<String> value) {
			this.readAfter = readAfter;
			this.value = value;
		}

	}

	/** Counts invalidations: a refresh that sees it change may have read a status before a change. */
	private final AtomicLong invalidations = new AtomicLong();

	private final ScheduledExecutorService refresher;

	public TenantDirectory(DataSource platformDataSource, Duration ttl) {
		this.platform = new JdbcTemplate(platformDataSource);
		this.statuses = Caffeine.newBuilder().expireAfterAccess(IDLE).maximumSize(100_000).build(this::lookup);
		this.refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
			.daemon()
			.name("tenant-status-refresh")
			.factory());
		long period = Math.max(1, ttl.toMillis());
		refresher.scheduleWithFixedDelay(this::refresh, period, period, TimeUnit.MILLISECONDS);
	}

	public boolean isActive(TenantId tenant) {
		return statuses.get(tenant).value.map("active"::equals).orElse(false);
	}

	public boolean exists(TenantId tenant) {
		return statuses.get(tenant).value.isPresent();
	}

	/** The tenant with this slug, whatever its status. */
	public Optional<TenantId> findBySlug(String slug) {
		return platform
			.query("select id from app.tenants where slug = ?",
					(rs, i) -> TenantId.of(rs.getObject(1, java.util.UUID.class)), slug)
			.stream()
			.findFirst();
	}

	public void invalidate(TenantId tenant) {
		invalidations.incrementAndGet();
		statuses.invalidate(tenant);
	}

	public void invalidateAll() {
		invalidations.incrementAndGet();
		statuses.invalidateAll();
	}

	/**
	 * Reads again the statuses of every tenant held, a chunk per statement; false (nothing changed) when
	 * it failed or overlapped an invalidation. A failure drops every entry: each tenant is read again on
	 * its next request.
	 */
	boolean refresh() {
		List<TenantId> held = new ArrayList<>(statuses.asMap().keySet());
		if (held.isEmpty()) {
			return true;
		}
		long began = invalidations.get();
		Map<TenantId, Optional<String>> read = new HashMap<>();
		try {
			for (int from = 0; from < held.size(); from += CHUNK) {
				List<TenantId> chunk = held.subList(from, Math.min(held.size(), from + CHUNK));
				chunk.forEach(t -> read.put(t, Optional.empty())); // absent from the answer: no such tenant
				UUID[] ids = chunk.stream().map(TenantId::value).toArray(UUID[]::new);
				platform.query(con -> {
					Array array = con.createArrayOf("uuid", ids);
					var statement = con.prepareStatement("select id, status from app.tenants where id = any(?)");
					statement.setArray(1, array);
					return statement;
				}, rs -> {
					read.put(TenantId.of(rs.getObject(1, UUID.class)), Optional.of(rs.getString(2)));
				});
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not refresh {} tenant statuses; each is read again on its next request", held.size(), ex);
			invalidateAll();
			return false;
		}
		if (invalidations.get() != began) {
			return false; // the next refresh reads them again
		}
		read.forEach((tenant, value) -> {
			Status status = statuses.policy().getIfPresentQuietly(tenant);
			if (status != null && status.readAfter <= began) {
				status.value = value;
			}
		});
		return true;
	}

	private Status lookup(TenantId tenant) {
		long count = invalidations.get();
		return new Status(count, platform.query("select status from app.tenants where id = ?",
				(rs, i) -> rs.getString(1), tenant.value()).stream().findFirst());
	}

	@Override
	public void close() {
		refresher.shutdownNow();
	}

}
