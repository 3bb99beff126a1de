package io.sokoni.platform.operator;

import static io.sokoni.jooq.Tables.DB_CONNECTIONS;
import static io.sokoni.jooq.Tables.STORE_DOMAINS;
import static io.sokoni.jooq.Tables.TENANTS;
import static io.sokoni.jooq.Tables.TENANT_DB_ROUTING;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.database.PlatformDatabase;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The platform tables, read and written as the platform role (cross-tenant by design, nothing else). */
@Repository
class PlatformRepository {

	private static final Field<String> DATABASE = DSL.coalesce(DB_CONNECTIONS.NAME, DSL.val("shared")).as("database");

	private static final SelectField<?>[] TENANT = { TENANTS.ID, TENANTS.SLUG, TENANTS.NAME, TENANTS.PLAN,
			TENANTS.STATUS, TENANTS.TIMEZONE, TENANTS.DEFAULT_CURRENCY, TENANTS.MPESA_SHORTCODE, TENANTS.MPESA_PAYBILL,
			TENANTS.WHATSAPP_NUMBER, DATABASE, TENANTS.CREATED_AT, TENANTS.UPDATED_AT };

	private static final SelectField<?>[] DOMAIN = { STORE_DOMAINS.ID, STORE_DOMAINS.STORE_ID, STORE_DOMAINS.HOST,
			STORE_DOMAINS.KIND, STORE_DOMAINS.VERIFICATION_STATUS, STORE_DOMAINS.VERIFICATION_TOKEN,
			STORE_DOMAINS.VERIFIED_AT, STORE_DOMAINS.CREATED_AT };

	private static final SelectField<?>[] DB = { DB_CONNECTIONS.ID, DB_CONNECTIONS.NAME, DB_CONNECTIONS.KIND,
			DB_CONNECTIONS.JDBC_URL, DB_CONNECTIONS.RUNTIME_USERNAME, DB_CONNECTIONS.RUNTIME_SECRET_REF,
			DB_CONNECTIONS.OWNER_USERNAME, DB_CONNECTIONS.OWNER_SECRET_REF, DB_CONNECTIONS.MAX_POOL_SIZE,
			DB_CONNECTIONS.STATUS, DB_CONNECTIONS.SCHEMA_VERSION, DB_CONNECTIONS.CREATED_AT };

	private final DSLContext dsl;

	PlatformRepository(PlatformDatabase platform) {
		this.dsl = platform.dsl();
	}

	Optional<TenantView> findTenant(UUID id) {
		return selectTenants(TENANTS.ID.eq(id)).fetchOptional(r -> r.into(TenantView.class));
	}

	List<TenantView> listTenants(String status, UUID after, int limit) {
		return selectTenants(status == null ? DSL.noCondition() : TENANTS.STATUS.eq(status),
				after == null ? DSL.noCondition() : TENANTS.ID.gt(after))
			.orderBy(TENANTS.ID)
			.limit(limit)
			.fetch(r -> r.into(TenantView.class));
	}

	private org.jooq.SelectConditionStep<org.jooq.Record> selectTenants(Condition... conditions) {
		return dsl.select(TENANT)
			.from(TENANTS)
			.leftJoin(TENANT_DB_ROUTING)
			.on(TENANT_DB_ROUTING.TENANT_ID.eq(TENANTS.ID))
			.leftJoin(DB_CONNECTIONS)
			.on(DB_CONNECTIONS.ID.eq(TENANT_DB_ROUTING.DB_CONNECTION_ID))
			.where(conditions);
	}

	boolean setTenantStatus(UUID id, String status) {
		return dsl.update(TENANTS)
			.set(TENANTS.STATUS, status)
			.set(TENANTS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(TENANTS.ID.eq(id))
			.execute() == 1;
	}

	List<DomainView> listDomains(UUID tenantId) {
		return dsl.select(DOMAIN)
			.from(STORE_DOMAINS)
			.where(STORE_DOMAINS.TENANT_ID.eq(tenantId))
			.orderBy(STORE_DOMAINS.CREATED_AT)
			.fetch(r -> r.into(DomainView.class));
	}

	Optional<DomainView> findDomain(UUID tenantId, UUID domainId) {
		return dsl.select(DOMAIN)
			.from(STORE_DOMAINS)
			.where(STORE_DOMAINS.TENANT_ID.eq(tenantId), STORE_DOMAINS.ID.eq(domainId))
			.fetchOptional(r -> r.into(DomainView.class));
	}

	DomainView insertDomain(UUID id, UUID tenantId, UUID storeId, String host, String kind, String status,
			String token) {
		return dsl.insertInto(STORE_DOMAINS)
			.set(STORE_DOMAINS.ID, id)
			.set(STORE_DOMAINS.TENANT_ID, tenantId)
			.set(STORE_DOMAINS.STORE_ID, storeId)
			.set(STORE_DOMAINS.HOST, host)
			.set(STORE_DOMAINS.KIND, kind)
			.set(STORE_DOMAINS.VERIFICATION_STATUS, status)
			.set(STORE_DOMAINS.VERIFICATION_TOKEN, token)
			.set(STORE_DOMAINS.VERIFIED_AT, "verified".equals(status) ? DSL.currentOffsetDateTime() : null)
			.returningResult(DOMAIN)
			.fetchSingle(r -> r.into(DomainView.class));
	}

	DomainView setDomainStatus(UUID domainId, String status) {
		return dsl.update(STORE_DOMAINS)
			.set(STORE_DOMAINS.VERIFICATION_STATUS, status)
			.set(STORE_DOMAINS.LAST_CHECKED_AT, DSL.currentOffsetDateTime())
			.set(STORE_DOMAINS.VERIFIED_AT,
					"verified".equals(status) ? DSL.currentOffsetDateTime() : DSL.inline(null, STORE_DOMAINS.VERIFIED_AT))
			.where(STORE_DOMAINS.ID.eq(domainId))
			.returningResult(DOMAIN)
			.fetchSingle(r -> r.into(DomainView.class));
	}

	boolean deleteCustomDomain(UUID tenantId, UUID domainId) {
		return dsl.deleteFrom(STORE_DOMAINS)
			.where(STORE_DOMAINS.TENANT_ID.eq(tenantId), STORE_DOMAINS.ID.eq(domainId),
					STORE_DOMAINS.KIND.eq("custom"))
			.execute() == 1;
	}

	DatabaseView insertDatabase(UUID id, RegisterDatabaseRequest r) {
		return dsl.insertInto(DB_CONNECTIONS)
			.set(DB_CONNECTIONS.ID, id)
			.set(DB_CONNECTIONS.NAME, r.name())
			.set(DB_CONNECTIONS.KIND, "dedicated")
			.set(DB_CONNECTIONS.JDBC_URL, r.jdbcUrl())
			.set(DB_CONNECTIONS.RUNTIME_USERNAME, r.runtimeUsername())
			.set(DB_CONNECTIONS.RUNTIME_SECRET_REF, r.runtimeSecretRef())
			.set(DB_CONNECTIONS.OWNER_USERNAME, r.ownerUsername())
			.set(DB_CONNECTIONS.OWNER_SECRET_REF, r.ownerSecretRef())
			.set(DB_CONNECTIONS.MAX_POOL_SIZE, r.maxPoolSize() == null ? 5 : r.maxPoolSize())
			.returningResult(DB)
			.fetchSingle(rec -> rec.into(DatabaseView.class));
	}

	List<DatabaseView> listDatabases() {
		return dsl.select(DB).from(DB_CONNECTIONS).orderBy(DB_CONNECTIONS.NAME).fetch(r -> r.into(DatabaseView.class));
	}

	Optional<DatabaseView> findDatabase(UUID id) {
		return dsl.select(DB).from(DB_CONNECTIONS).where(DB_CONNECTIONS.ID.eq(id)).fetchOptional(r -> r.into(DatabaseView.class));
	}

	void route(UUID tenantId, UUID databaseId) {
		dsl.insertInto(TENANT_DB_ROUTING)
			.set(TENANT_DB_ROUTING.TENANT_ID, tenantId)
			.set(TENANT_DB_ROUTING.DB_CONNECTION_ID, databaseId)
			.onConflict(TENANT_DB_ROUTING.TENANT_ID)
			.doUpdate()
			.set(TENANT_DB_ROUTING.DB_CONNECTION_ID, databaseId)
			.set(TENANT_DB_ROUTING.ROUTED_AT, DSL.currentOffsetDateTime())
			.execute();
	}

	/** Routes the tenant back to the shared database. */
	void unroute(UUID tenantId) {
		dsl.deleteFrom(TENANT_DB_ROUTING).where(TENANT_DB_ROUTING.TENANT_ID.eq(tenantId)).execute();
	}

}
