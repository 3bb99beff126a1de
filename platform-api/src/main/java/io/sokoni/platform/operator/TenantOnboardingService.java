package io.sokoni.platform.operator;

import static io.sokoni.jooq.Tables.TENANTS;

import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.PhoneNumbers;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.auth.Role;
import io.sokoni.platform.auth.StaffService;
import io.sokoni.platform.database.PlatformDatabase;
import io.sokoni.platform.store.StoreService;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates a merchant: the tenant row, its first store, the owner account and the audit entry in one
 * transaction bound to the new tenant (shared database, runtime role), nested in a platform-role
 * transaction that first claims the store's platform subdomain and then records the operator audit
 * entry. A taken host name fails before anything is written; a failure of the tenant transaction rolls
 * the claim back. The domain's tenant key is checked when the platform transaction commits, after the
 * tenant row exists.
 */
@Service
class TenantOnboardingService {

	private final DSLContext dsl;

	private final StoreService stores;

	private final StaffService staff;

	private final AuditTrail audit;

	private final TransactionTemplate tx;

	private final TransactionTemplate platformTx;

	private final PlatformRepository platform;

	private final String platformDomain;

	private final RoutingCaches caches;

	TenantOnboardingService(DSLContext dsl, StoreService stores, StaffService staff, AuditTrail audit,
			TransactionTemplate tx, @Qualifier(PlatformDatabase.TX) PlatformTransactionManager platformTxManager,
			PlatformRepository platform, @Value("${sokoni.platform-domain}") String platformDomain,
			RoutingCaches caches) {
		this.dsl = dsl;
		this.stores = stores;
		this.staff = staff;
		this.audit = audit;
		this.tx = tx;
		this.platformTx = new TransactionTemplate(platformTxManager);
		this.platform = platform;
		this.platformDomain = platformDomain;
		this.caches = caches;
	}

	Onboarded create(CreateTenantRequest r) {
		TenantId tenant = TenantId.of(Ids.next());
		UUID storeId = Ids.next();
		String host = r.store().slug() + "." + platformDomain;
		Onboarded onboarded = platformTx.execute(claim -> {
			platform.insertDomain(Ids.next(), tenant.value(), storeId, host, "platform", "verified", "platform");
			Onboarded created = TenantContext.callAs(tenant, () -> createInTenant(tenant, storeId, host, r));
			// The operator's own trail, like every other operator action (the tenant's audit log has its
			// copy); committed with the host claim.
			audit.recordOperator("tenant.created", "tenant", tenant.value(),
					Map.of("slug", r.slug(), "store", r.store().slug(), "host", host));
			return created;
		});
		// Committed: a request for the host made before (the demo store while the app starts, a merchant
		// checking too early) may have cached it as unknown, here and on other instances.
		caches.hostChanged(host);
		return onboarded;
	}

	private Onboarded createInTenant(TenantId tenant, UUID storeId, String host, CreateTenantRequest r) {
		return tx.execute(status -> {
			dsl.insertInto(TENANTS)
				.set(TENANTS.ID, tenant.value())
				.set(TENANTS.SLUG, r.slug())
				.set(TENANTS.NAME, r.name())
				.set(TENANTS.PLAN, r.plan() == null ? "starter" : r.plan())
				.set(TENANTS.TIMEZONE, r.timezone() == null ? "Africa/Nairobi" : r.timezone())
				.set(TENANTS.DEFAULT_CURRENCY, r.defaultCurrency() == null ? "KES" : r.defaultCurrency())
				.set(TENANTS.MPESA_SHORTCODE, r.mpesaShortcode())
				.set(TENANTS.MPESA_PAYBILL, r.mpesaPaybill())
				.set(TENANTS.WHATSAPP_NUMBER, phone(r.whatsappNumber()))
				.execute();
			var s = r.store();
			stores.create(storeId, s.slug(), s.name(),
					s.currency() != null ? s.currency() : r.defaultCurrency() != null ? r.defaultCurrency() : "KES",
					phone(s.contactPhone()), s.contactEmail(), s.area(), s.address(), s.live() == null || s.live());
			UUID ownerId = staff.createUser(r.owner().email(), phone(r.owner().phone()), r.owner().fullName(),
					r.owner().password(), Role.OWNER);
			audit.recordAs("operator", "operator", "tenant.created", "tenant", tenant,
					Map.of("slug", r.slug(), "store", s.slug(), "owner", r.owner().email()));
			return new Onboarded(tenant.value(), ownerId, storeId, host);
		});
	}

	private static String phone(String input) {
		return input == null ? null : PhoneNumbers.normalize(input).orElseThrow();
	}

	record Onboarded(UUID tenantId, UUID ownerId, UUID storeId, String platformHost) {
	}

}
