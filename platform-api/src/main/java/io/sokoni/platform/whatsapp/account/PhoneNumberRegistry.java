package io.sokoni.platform.whatsapp.account;

import static io.sokoni.jooq.Tables.WHATSAPP_PHONE_NUMBERS;

import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.database.PlatformDatabase;
import io.sokoni.tenant.TenantId;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code whatsapp_phone_numbers} in the control database: which tenant a phone-number id belongs to (the
 * webhook routes by it before a tenant is known). One tenant per id, enforced by its primary key; written
 * as the platform role, in transactions of the platform transaction manager (a tenant on a dedicated
 * database still claims its number here).
 */
@Component
public class PhoneNumberRegistry {

	private final PlatformDatabase platform;

	PhoneNumberRegistry(PlatformDatabase platform) {
		this.platform = platform;
	}

	/**
	 * Claims the id for the tenant: true when it is now (or already was) the tenant's, false when another
	 * tenant holds it. One statement, so two tenants claiming at once cannot both win.
	 */
	@Transactional(transactionManager = PlatformDatabase.TX)
	public boolean claim(String phoneNumberId, TenantId tenant) {
		platform.dsl()
			.insertInto(WHATSAPP_PHONE_NUMBERS)
			.set(WHATSAPP_PHONE_NUMBERS.PHONE_NUMBER_ID, phoneNumberId)
			.set(WHATSAPP_PHONE_NUMBERS.TENANT_ID, tenant.value())
			.set(WHATSAPP_PHONE_NUMBERS.CREATED_AT, DSL.currentOffsetDateTime())
			.onConflict(WHATSAPP_PHONE_NUMBERS.PHONE_NUMBER_ID)
			.doNothing()
			.execute();
		return owner(phoneNumberId).map(tenant.value()::equals).orElse(false);
	}

	/** Gives the id up, if the tenant holds it. */
	@Transactional(transactionManager = PlatformDatabase.TX)
	public void release(String phoneNumberId, TenantId tenant) {
		platform.dsl()
			.deleteFrom(WHATSAPP_PHONE_NUMBERS)
			.where(WHATSAPP_PHONE_NUMBERS.PHONE_NUMBER_ID.eq(phoneNumberId),
					WHATSAPP_PHONE_NUMBERS.TENANT_ID.eq(tenant.value()))
			.execute();
	}

	@Transactional(transactionManager = PlatformDatabase.TX, readOnly = true)
	public Optional<UUID> owner(String phoneNumberId) {
		return platform.dsl()
			.select(WHATSAPP_PHONE_NUMBERS.TENANT_ID)
			.from(WHATSAPP_PHONE_NUMBERS)
			.where(WHATSAPP_PHONE_NUMBERS.PHONE_NUMBER_ID.eq(phoneNumberId))
			.fetchOptional(WHATSAPP_PHONE_NUMBERS.TENANT_ID);
	}

}
