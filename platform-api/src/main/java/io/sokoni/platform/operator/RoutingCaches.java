package io.sokoni.platform.operator;

import io.sokoni.platform.database.ChangeNotices;
import io.sokoni.tenant.HostTenantResolver;
import io.sokoni.tenant.TenantDirectory;
import io.sokoni.tenant.TenantId;
import org.springframework.stereotype.Component;

/**
 * Keeps every instance's tenant-status and host caches in step with operator actions: a suspension, a
 * reactivation, a new store's host, a domain verified or detached is dropped from this instance's caches
 * after the transaction commits (before, a storefront request could load the old row again and keep it
 * for the cache's TTL) and from the others' through {@link ChangeNotices} (topic {@code routing},
 * details {@code tenant:<id>} or {@code host:<name>}). Dropping a host also drops a cached "unknown
 * host", so a new store answers at once.
 */
@Component
class RoutingCaches {

	static final String TOPIC = "routing";

	private final TenantDirectory tenants;

	private final HostTenantResolver hosts;

	private final ChangeNotices notices;

	RoutingCaches(TenantDirectory tenants, HostTenantResolver hosts, ChangeNotices notices) {
		this.tenants = tenants;
		this.hosts = hosts;
		this.notices = notices;
		notices.subscribe(TOPIC, this::onNotice, this::forgetAll);
	}

	/** The tenant's status changes in the current transaction. */
	void tenantChanged(TenantId tenant) {
		notices.afterCommit(TOPIC, "tenant:" + tenant.value(), () -> forgetTenant(tenant));
	}

	/** What the host name serves changes in the current transaction (or has just committed). */
	void hostChanged(String host) {
		notices.afterCommit(TOPIC, "host:" + host, () -> hosts.invalidate(host));
	}

	private void forgetTenant(TenantId tenant) {
		tenants.invalidate(tenant);
		hosts.invalidateTenant(tenant);
	}

	private void onNotice(String details) {
		String[] parts = details.split(":", 2);
		if (parts.length == 2 && parts[0].equals("host")) {
			hosts.invalidate(parts[1]);
			return;
		}
		if (parts.length == 2 && parts[0].equals("tenant")) {
			TenantId.parse(parts[1]).ifPresentOrElse(this::forgetTenant, this::forgetAll);
			return;
		}
		forgetAll();
	}

	private void forgetAll() {
		tenants.invalidateAll();
		hosts.invalidateAll();
	}

}
