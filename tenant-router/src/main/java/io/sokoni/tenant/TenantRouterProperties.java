package io.sokoni.tenant;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Connections of the shared (control) database and the router's caches.
 *
 * @param url                  JDBC URL of the shared database
 * @param runtimeUsername      the runtime role (row-level security applies)
 * @param runtimePassword      its password, if any (from the environment)
 * @param platformUsername     the platform role (platform tables only)
 * @param platformPassword     its password, if any
 * @param poolSize             connections in the shared runtime pool
 * @param platformPoolSize     connections in the platform pool
 * @param connectionTimeout    how long a request waits for a connection before failing (503)
 * @param dedicatedIdleTimeout when an unused dedicated-database pool is closed
 * @param routeCacheTtl        how long a tenant's route is cached
 * @param hostCacheTtl         how long a resolved host is cached
 * @param unknownHostCacheTtl  how long an unknown host is remembered as unknown
 * @param tenantStatusTtl      how long a tenant's status is cached
 * @param directUrl            JDBC URL of the shared database bypassing any transaction-pooling
 *                             PgBouncer in {@code url}, for what needs a session of its own (the
 *                             {@code LISTEN} connection, Flyway's session advisory lock); unset = {@code url}
 */
@ConfigurationProperties("sokoni.db")
public record TenantRouterProperties(String url, String runtimeUsername, String runtimePassword,
		String platformUsername, String platformPassword, @DefaultValue("10") int poolSize,
		@DefaultValue("4") int platformPoolSize, @DefaultValue("3s") Duration connectionTimeout,
		@DefaultValue("10m") Duration dedicatedIdleTimeout, @DefaultValue("30s") Duration routeCacheTtl,
		@DefaultValue("5m") Duration hostCacheTtl, @DefaultValue("10s") Duration unknownHostCacheTtl,
		@DefaultValue("5s") Duration tenantStatusTtl, String directUrl) {

	/** Where session-scoped work connects: {@code directUrl} when set, else {@code url}. */
	public String sessionUrl() {
		return directUrl == null || directUrl.isBlank() ? url : directUrl;
	}

}
