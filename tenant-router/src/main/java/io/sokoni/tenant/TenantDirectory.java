package io.sokoni.tenant;

import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whether a tenant exists and may be served (status {@code active}), read from the control database and
 * cached briefly. Suspension invalidates the entry on this instance; others learn within the TTL.
 */
public class TenantDirectory {

	private final JdbcTemplate platform;

	private final LoadingCache<TenantId, Optional<String>> statuses;

	public TenantDirectory(DataSource platformDataSource, Duration ttl) {
		this.platform = new JdbcTemplate(platformDataSource);
		this.statuses = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build(this::lookup);
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

	private Optional<String> lookup(TenantId tenant) {
		return platform.query("select status from app.tenants where id = ?", (rs, i) -> rs.getString(1),
				tenant.value()).stream().findFirst();
	}

}
