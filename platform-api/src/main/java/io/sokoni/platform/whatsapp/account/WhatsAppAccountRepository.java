package io.sokoni.platform.whatsapp.account;

import static io.sokoni.jooq.Tables.WHATSAPP_ACCOUNTS;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.jooq.tables.records.WhatsappAccountsRecord;
import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The bound tenant's WhatsApp account row (one per tenant), the token as stored (ciphertext). */
@Repository
class WhatsAppAccountRepository {

	private final DSLContext dsl;

	WhatsAppAccountRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	Optional<WhatsappAccountsRecord> find() {
		return dsl.selectFrom(WHATSAPP_ACCOUNTS).where(WHATSAPP_ACCOUNTS.TENANT_ID.eq(tenant())).fetchOptional();
	}

	Optional<WhatsappAccountsRecord> lock() {
		return dsl.selectFrom(WHATSAPP_ACCOUNTS).where(WHATSAPP_ACCOUNTS.TENANT_ID.eq(tenant())).forUpdate().fetchOptional();
	}

	WhatsappAccountsRecord insert(String phoneNumberId, String wabaId, String displayNumber, byte[] token, String hint) {
		return dsl.insertInto(WHATSAPP_ACCOUNTS)
			.set(WHATSAPP_ACCOUNTS.TENANT_ID, tenant())
			.set(WHATSAPP_ACCOUNTS.PHONE_NUMBER_ID, phoneNumberId)
			.set(WHATSAPP_ACCOUNTS.WABA_ID, wabaId)
			.set(WHATSAPP_ACCOUNTS.DISPLAY_NUMBER, displayNumber)
			.set(WHATSAPP_ACCOUNTS.ACCESS_TOKEN_CIPHERTEXT, token)
			.set(WHATSAPP_ACCOUNTS.ACCESS_TOKEN_HINT, hint)
			.returning()
			.fetchSingle();
	}

	/** Writes the new values; a null token keeps the stored one. A new number forgets the last test. */
	WhatsappAccountsRecord update(String phoneNumberId, String wabaId, String displayNumber, byte[] token, String hint,
			boolean newNumber) {
		var update = dsl.update(WHATSAPP_ACCOUNTS)
			.set(WHATSAPP_ACCOUNTS.PHONE_NUMBER_ID, phoneNumberId)
			.set(WHATSAPP_ACCOUNTS.WABA_ID, wabaId)
			.set(WHATSAPP_ACCOUNTS.DISPLAY_NUMBER, displayNumber)
			.set(WHATSAPP_ACCOUNTS.UPDATED_AT, DSL.currentOffsetDateTime());
		if (token != null) {
			update = update.set(WHATSAPP_ACCOUNTS.ACCESS_TOKEN_CIPHERTEXT, token).set(WHATSAPP_ACCOUNTS.ACCESS_TOKEN_HINT, hint);
		}
		if (newNumber || token != null) {
			update = update.setNull(WHATSAPP_ACCOUNTS.LAST_TESTED_AT)
				.setNull(WHATSAPP_ACCOUNTS.LAST_TEST_OK)
				.setNull(WHATSAPP_ACCOUNTS.LAST_TEST_DETAIL);
		}
		return update.where(WHATSAPP_ACCOUNTS.TENANT_ID.eq(tenant())).returning().fetchSingle();
	}

	int delete() {
		return dsl.deleteFrom(WHATSAPP_ACCOUNTS).where(WHATSAPP_ACCOUNTS.TENANT_ID.eq(tenant())).execute();
	}

	void recordTest(boolean ok, String detail, OffsetDateTime at) {
		dsl.update(WHATSAPP_ACCOUNTS)
			.set(WHATSAPP_ACCOUNTS.LAST_TESTED_AT, at)
			.set(WHATSAPP_ACCOUNTS.LAST_TEST_OK, ok)
			.set(WHATSAPP_ACCOUNTS.LAST_TEST_DETAIL, detail.length() > 1000 ? detail.substring(0, 1000) : detail)
			.where(WHATSAPP_ACCOUNTS.TENANT_ID.eq(tenant()))
			.execute();
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
