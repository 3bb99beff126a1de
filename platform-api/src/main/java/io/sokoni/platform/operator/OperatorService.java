package io.sokoni.platform.operator;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.database.PlatformDatabase;
import io.sokoni.platform.database.SchemaMigrations;
import io.sokoni.platform.store.StoreService;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.DatabaseRegistry;
import io.sokoni.tenant.HostTenantResolver;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Operator actions on tenants, their domains and the database registry. */
@Service
class OperatorService {

	private static final Logger log = LoggerFactory.getLogger(OperatorService.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final PlatformRepository platform;

	private final StoreService stores;

	private final RoutingCaches caches;

	private final DatabaseRegistry registry;

	private final SchemaMigrations migrations;

	private final DomainVerifier verifier;

	private final AuditTrail audit;

	private final DatabaseRules databaseRules;

	private final String platformDomain;

	OperatorService(PlatformRepository platform, StoreService stores, RoutingCaches caches, DatabaseRegistry registry,
			SchemaMigrations migrations, DomainVerifier verifier, AuditTrail audit, DatabaseRules databaseRules,
			@Value("${sokoni.platform-domain}") String platformDomain) {
		this.platform = platform;
		this.stores = stores;
		this.caches = caches;
		this.databaseRules = databaseRules;
		this.platformDomain = HostTenantResolver.normalize(platformDomain).orElse(platformDomain);
		this.registry = registry;
		this.migrations = migrations;
		this.verifier = verifier;
		this.audit = audit;
	}

	@Transactional(transactionManager = PlatformDatabase.TX, readOnly = true)
	public TenantView tenant(UUID id) {
		return platform.findTenant(id).orElseThrow(() -> ApiException.notFound("Tenant"));
	}

	@Transactional(transactionManager = PlatformDatabase.TX, readOnly = true)
	public List<TenantView> tenants(String status, UUID after, int limit) {
		return platform.listTenants(status, after, limit);
	}

	@Transactional(transactionManager = PlatformDatabase.TX)
	public TenantView setStatus(UUID id, String status, String reason) {
		if (!platform.setTenantStatus(id, status)) {
			throw ApiException.notFound("Tenant");
		}
		audit.recordOperator("tenant." + ("active".equals(status) ? "reactivated" : "suspended"), "tenant", id,
				reason == null ? Map.of() : Map.of("reason", reason));
		caches.tenantChanged(TenantId.of(id));
		return platform.findTenant(id).orElseThrow();
	}

	@Transactional(transactionManager = PlatformDatabase.TX, readOnly = true)
	public List<DomainView> domains(UUID tenantId) {
		tenant(tenantId);
		return platform.listDomains(tenantId);
	}

	/** Attaches a custom host name to a store of the tenant; it serves once verified. */
	@Transactional(transactionManager = PlatformDatabase.TX)
	public DomainView attachDomain(UUID tenantId, UUID storeId, String host) {
		tenant(tenantId);
		String normalized = HostTenantResolver.normalize(host).orElse(host);
		// Names under the platform's own domain are its stores' subdomains: a custom domain there would
		// squat the subdomain of a store not created yet.
		if (normalized.equals(platformDomain) || normalized.endsWith("." + platformDomain)) {
			throw new ApiException(ProblemType.BUSINESS_RULE,
					"Host names under " + platformDomain + " are the platform's; attach a domain of the merchant's own");
		}
		// The store lives in the tenant's own database: check it there, bound to that tenant.
		if (TenantContext.callAs(TenantId.of(tenantId), () -> stores.find(storeId)).isEmpty()) {
			throw ApiException.notFound("Store");
		}
		byte[] token = new byte[16];
		RANDOM.nextBytes(token);
		DomainView domain = platform.insertDomain(Ids.next(), tenantId, storeId, host, "custom", "pending",
				"sokoni-verify=" + HexFormat.of().formatHex(token));
		audit.recordOperator("domain.attached", "domain", domain.id(), Map.of("host", host, "tenant", tenantId));
		caches.hostChanged(host); // a request made before may have cached it as unknown
		return domain;
	}

	/**
	 * Verifies a custom domain by its DNS TXT record, or by the operator's attestation ({@code manual})
	 * when DNS cannot be checked from here.
	 */
	@Transactional(transactionManager = PlatformDatabase.TX)
	public DomainView verifyDomain(UUID tenantId, UUID domainId, String method) {
		DomainView domain = platform.findDomain(tenantId, domainId).orElseThrow(() -> ApiException.notFound("Domain"));
		boolean verified = "manual".equals(method) || verifier.hasChallengeRecord(domain.host(), domain.verificationToken());
		if (!verified) {
			platform.setDomainStatus(domainId, "pending");
			throw new ApiException(ProblemType.BUSINESS_RULE, "No TXT record _sokoni-challenge." + domain.host()
					+ " with the verification token was found");
		}
		DomainView updated = platform.setDomainStatus(domainId, "verified");
		audit.recordOperator("domain.verified", "domain", domainId, Map.of("host", domain.host(), "method", method));
		caches.hostChanged(domain.host());
		return updated;
	}

	@Transactional(transactionManager = PlatformDatabase.TX)
	public void detachDomain(UUID tenantId, UUID domainId) {
		DomainView domain = platform.findDomain(tenantId, domainId).orElseThrow(() -> ApiException.notFound("Domain"));
		if (!platform.deleteCustomDomain(tenantId, domainId)) {
			throw new ApiException(ProblemType.BUSINESS_RULE, "Platform subdomains cannot be detached");
		}
		audit.recordOperator("domain.detached", "domain", domainId, Map.of("host", domain.host()));
		caches.hostChanged(domain.host());
	}

	@Transactional(transactionManager = PlatformDatabase.TX, readOnly = true)
	public List<DatabaseView> databases() {
		return platform.listDatabases();
	}

	/**
	 * Registers a dedicated database and migrates it at once, in one platform transaction: a database
	 * that cannot be migrated is rolled back, never visible in the registry (the platform role may not
	 * delete registry rows anyway).
	 */
	@Transactional(transactionManager = PlatformDatabase.TX)
	public DatabaseView registerDatabase(RegisterDatabaseRequest request) {
		databaseRules.check(request);
		DatabaseView created = platform.insertDatabase(Ids.next(), request);
		try {
			// The registry and the migrations read and record through the same platform pool, so they
			// join this transaction and see the uncommitted row.
			migrations.migrate(registry.find(created.id()).orElseThrow());
		}
		catch (RuntimeException ex) {
			log.warn("Migrating database {} failed: {}", request.name(), ex.getMessage());
			throw new ApiException(ProblemType.BUSINESS_RULE,
					"The database could not be reached or migrated with the given owner role");
		}
		audit.recordOperator("database.registered", "database", created.id(), Map.of("name", request.name()));
		return platform.findDatabase(created.id()).orElseThrow();
	}

}
