package io.sokoni.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Host names resolve to a store only when verified, through the platform role, and the cache forgets a
 * host or a tenant when told. Both cache lifetimes are long here, so every change the tests see is the
 * effect of an invalidation. Skipped when no PostgreSQL server answers.
 */
class HostTenantResolverIT extends PlatformRoleDatabaseIT {

	private HostTenantResolver resolver;

	@BeforeEach
	void newResolver() {
		resolver = new HostTenantResolver(platform, Duration.ofHours(1), Duration.ofHours(1));
	}

	@Test
	void verifiedDomainResolvesToItsTenantAndStore() {
		TenantId tenant = tenant();
		UUID store = UUID.randomUUID();
		String host = domain(tenant, store, "verified");

		assertThat(resolver.resolve(host)).contains(new StoreHost(host, tenant, store, true));
		assertThat(resolver.resolve(host.toUpperCase() + ":8443")).as("header with port, upper case")
			.contains(new StoreHost(host, tenant, store, true));
	}

	@Test
	void pendingOrFailedDomainDoesNotResolve() {
		TenantId tenant = tenant();
		assertThat(resolver.resolve(domain(tenant, UUID.randomUUID(), "pending"))).isEmpty();
		assertThat(resolver.resolve(domain(tenant, UUID.randomUUID(), "failed"))).isEmpty();
	}

	@Test
	void unknownOrMalformedHostDoesNotResolve() {
		assertThat(resolver.resolve("nobody-" + UUID.randomUUID().toString().substring(0, 8) + ".example.test"))
			.isEmpty();
		assertThat(resolver.resolve("not a host")).isEmpty();
		assertThat(resolver.resolve(null)).isEmpty();
	}

	@Test
	void verificationBecomesVisibleAfterInvalidatingTheHost() {
		TenantId tenant = tenant();
		UUID store = UUID.randomUUID();
		String host = domain(tenant, store, "pending");
		assertThat(resolver.resolve(host)).isEmpty();

		jdbc.update("update app.store_domains set verification_status = 'verified', verified_at = now() where host = ?",
				host);
		assertThat(resolver.resolve(host)).as("unknown host still cached").isEmpty();

		resolver.invalidate(host.toUpperCase() + ".");
		assertThat(resolver.resolve(host)).contains(new StoreHost(host, tenant, store, true));
	}

	@Test
	void movedOrRemovedDomainBecomesVisibleAfterInvalidatingTheHost() {
		TenantId tenant = tenant();
		UUID oldStore = UUID.randomUUID();
		UUID newStore = UUID.randomUUID();
		String host = domain(tenant, oldStore, "verified");
		assertThat(resolver.resolve(host)).map(StoreHost::storeId).contains(oldStore);

		jdbc.update("update app.store_domains set store_id = ? where host = ?", newStore, host);
		assertThat(resolver.resolve(host)).as("still cached").map(StoreHost::storeId).contains(oldStore);
		resolver.invalidate(host);
		assertThat(resolver.resolve(host)).map(StoreHost::storeId).contains(newStore);

		jdbc.update("delete from app.store_domains where host = ?", host);
		resolver.invalidate(host);
		assertThat(resolver.resolve(host)).isEmpty();
	}

	@Test
	void tenantActiveReflectsTheTenantsStatus() {
		TenantId tenant = tenant();
		String host = domain(tenant, UUID.randomUUID(), "verified");
		String second = domain(tenant, UUID.randomUUID(), "verified");
		TenantId bystander = tenant();
		String bystanderHost = domain(bystander, UUID.randomUUID(), "verified");
		assertThat(resolver.resolve(host)).map(StoreHost::tenantActive).contains(true);
		assertThat(resolver.resolve(second)).map(StoreHost::tenantActive).contains(true);
		assertThat(resolver.resolve(bystanderHost)).map(StoreHost::tenantActive).contains(true);

		jdbc.update("update app.tenants set status = 'suspended' where id in (?, ?)", tenant.value(),
				bystander.value());
		resolver.invalidateTenant(tenant);
		assertThat(resolver.resolve(host)).map(StoreHost::tenantActive).contains(false);
		assertThat(resolver.resolve(second)).map(StoreHost::tenantActive).contains(false);
		assertThat(resolver.resolve(bystanderHost)).as("other tenants' hosts stay cached")
			.map(StoreHost::tenantActive)
			.contains(true);

		jdbc.update("update app.tenants set status = 'active' where id = ?", tenant.value());
		resolver.invalidate(host);
		assertThat(resolver.resolve(host)).map(StoreHost::tenantActive).contains(true);
	}

	// ------------------------------------------------------------------------------------------------

	/** A new custom domain of a store, in the given verification state; returns its host name. */
	private static String domain(TenantId tenant, UUID store, String verificationStatus) {
		String host = "shop-" + UUID.randomUUID().toString().substring(0, 8) + ".example.test";
		jdbc.update("""
				insert into app.store_domains (id, tenant_id, store_id, host, kind, verification_status,
				                               verification_token, verified_at)
				values (?, ?, ?, ?, 'custom', ?, 'token', case when ? = 'verified' then now() end)""",
				UUID.randomUUID(), tenant.value(), store, host, verificationStatus, verificationStatus);
		return host;
	}

}
