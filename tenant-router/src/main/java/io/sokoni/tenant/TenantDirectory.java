package io.sokoni.tenant;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whether a tenant exists and may be served (status {@code active}), read from the control database:
 * once per tenant, then for every tenant in use by one statement per {@code ttl}
 * ({@link BulkRefreshedCache}). Suspension invalidates the entry on this instance (and on the others
 * through their notices); a missed notice is corrected within the TTL.
 */
public class TenantDirectory implements AutoCloseable {

	private final JdbcTemplate platform;

	private final BulkRefreshedCache<TenantId, String> statuses;

	public TenantDirectory(DataSource platformDataSource, Duration ttl) {
		this.platform = new JdbcTemplate(platformDataSource);
		this.statuses = new BulkRefreshedCache<>("tenant-statuses", ttl, this::lookup, this::lookupAll);
	}

	public boolean isActive(TenantId tenant) {
		return statuses.get(tenant).map("active"::equals).orElse(false);
	}

	public boolean exists(TenantId tenant) {
		return statuses.get(tenant).isPresent();
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
		statuses.invalidate(tenant);
	}

	public void invalidateAll() {
		statuses.invalidateAll();
	}

	/** Reads every status held again now (the refresher does it every TTL). */
	boolean refresh() {
		return statuses.refresh();
	}

	private Optional<String> lookup(TenantId tenant) {
		return platform.query("select status from app.tenants where id = ?", (rs, i) -> rs.getString(1),
				tenant.value()).stream().findFirst();
	}

	private Map<TenantId, String> lookupAll(List<TenantId> tenants) {
		return BulkRefreshedCache.byTenant(platform, "select id, status from app.tenants where id = any(?)", tenants);
	}

	@Override
	public void close() {
		statuses.close();
	}

}
