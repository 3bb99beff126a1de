package io.sokoni.tenant;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Resolves the {@code Host} header of a storefront request to a store and its tenant: a verified custom
 * domain or a platform subdomain. Cached with Caffeine; unknown hosts are cached briefly too so random
 * host names cannot hammer the database. Call {@link #invalidate} when a domain or a tenant's status
 * changes.
 */
public class HostTenantResolver {

	private static final Pattern HOST = Pattern
		.compile("^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,62}$");

	private static final String LOOKUP = """
			select d.tenant_id, d.store_id, t.status
			from app.store_domains d join app.tenants t on t.id = d.tenant_id
			where d.host = ? and d.verification_status = 'verified'""";

	private final JdbcTemplate platform;

	private final LoadingCache<String, Optional<StoreHost>> cache;

	public HostTenantResolver(DataSource platformDataSource, Duration knownTtl, Duration unknownTtl) {
		this.platform = new JdbcTemplate(platformDataSource);
		this.cache = Caffeine.newBuilder().maximumSize(100_000).expireAfter(new Expiry<String, Optional<StoreHost>>() {
			@Override
			public long expireAfterCreate(String key, Optional<StoreHost> value, long currentTime) {
				return (value.isPresent() ? knownTtl : unknownTtl).toNanos();
			}

			@Override
			public long expireAfterUpdate(String key, Optional<StoreHost> value, long currentTime,
					long currentDuration) {
				return expireAfterCreate(key, value, currentTime);
			}

			@Override
			public long expireAfterRead(String key, Optional<StoreHost> value, long currentTime,
					long currentDuration) {
				return currentDuration;
			}
		}).build(this::lookup);
	}

	/** The store behind a Host header value (port and trailing dot ignored); empty if none. */
	public Optional<StoreHost> resolve(String hostHeader) {
		return normalize(hostHeader).flatMap(cache::get);
	}

	/** Lower-cases a host name and strips a port and a trailing dot; empty when it is not a host name. */
	public static Optional<String> normalize(String hostHeader) {
		if (hostHeader == null) {
			return Optional.empty();
		}
		String host = hostHeader.trim().toLowerCase(Locale.ROOT);
		int colon = host.lastIndexOf(':');
		if (colon > 0 && host.indexOf(']') < 0) {
			host = host.substring(0, colon);
		}
		if (host.endsWith(".")) {
			host = host.substring(0, host.length() - 1);
		}
		return HOST.matcher(host).matches() ? Optional.of(host) : Optional.empty();
	}

	public void invalidate(String host) {
		normalize(host).ifPresent(cache::invalidate);
	}

	/** Forgets every host, known or unknown (when changes may have been missed). */
	public void invalidateAll() {
		cache.invalidateAll();
	}

	/** Forgets every host of a tenant (suspension, reactivation, moves). */
	public void invalidateTenant(TenantId tenant) {
		cache.asMap().entrySet().removeIf(e -> e.getValue().map(h -> h.tenant().equals(tenant)).orElse(false));
	}

	private Optional<StoreHost> lookup(String host) {
		return platform.query(LOOKUP, (rs, i) -> new StoreHost(host, TenantId.of(rs.getObject(1, UUID.class)),
				rs.getObject(2, UUID.class), "active".equals(rs.getString(3))), host).stream().findFirst();
	}

}
