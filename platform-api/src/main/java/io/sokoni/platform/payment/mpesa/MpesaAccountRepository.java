package io.sokoni.platform.payment.mpesa;

import static io.sokoni.jooq.Tables.MPESA_ACCOUNTS;

import java.time.OffsetDateTime;
import java.util.Optional;

import io.sokoni.jooq.tables.records.MpesaAccountsRecord;
import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The bound tenant's M-Pesa account row (one per tenant), ciphertexts as stored. */
@Repository
class MpesaAccountRepository {

	private final DSLContext dsl;

	MpesaAccountRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	Optional<MpesaAccountsRecord> find() {
		return dsl.selectFrom(MPESA_ACCOUNTS).where(MPESA_ACCOUNTS.TENANT_ID.eq(tenant())).fetchOptional();
	}

	Optional<MpesaAccountsRecord> lock() {
		return dsl.selectFrom(MPESA_ACCOUNTS).where(MPESA_ACCOUNTS.TENANT_ID.eq(tenant())).forUpdate().fetchOptional();
	}

	MpesaAccountsRecord insert(MpesaAccountsRecord row) {
		row.setTenantId(tenant());
		return dsl.insertInto(MPESA_ACCOUNTS).set(row).returning().fetchSingle();
	}

	/** Writes the row's changed fields, bumping the version. */
	MpesaAccountsRecord update(MpesaAccountsRecord row) {
		// Only the fields the service changed are in the record's changed set, so only they are written.
		return dsl.update(MPESA_ACCOUNTS)
			.set(row)
			.set(MPESA_ACCOUNTS.VERSION, MPESA_ACCOUNTS.VERSION.plus(1))
			.set(MPESA_ACCOUNTS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(MPESA_ACCOUNTS.TENANT_ID.eq(tenant()), MPESA_ACCOUNTS.ID.eq(row.getId()))
			.returning()
			.fetchSingle();
	}

	int delete() {
		return dsl.deleteFrom(MPESA_ACCOUNTS).where(MPESA_ACCOUNTS.TENANT_ID.eq(tenant())).execute();
	}

	void recordTest(boolean ok, String detail, OffsetDateTime at) {
		dsl.update(MPESA_ACCOUNTS)
			.set(MPESA_ACCOUNTS.LAST_TESTED_AT, at)
			.set(MPESA_ACCOUNTS.LAST_TEST_OK, ok)
			.set(MPESA_ACCOUNTS.LAST_TEST_DETAIL, detail.length() > 1000 ? detail.substring(0, 1000) : detail)
			.where(MPESA_ACCOUNTS.TENANT_ID.eq(tenant()))
			.execute();
	}

	private static java.util.UUID tenant() {
		return TenantContext.require().value();
	}

}
