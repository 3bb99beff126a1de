package io.sokoni.platform.payment.c2b;

import static io.sokoni.jooq.Tables.MPESA_ACCOUNTS;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The C2B columns of the bound tenant's M-Pesa account. */
@Repository
class C2bRepository {

	private final DSLContext dsl;

	C2bRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	boolean validationEnabled() {
		return dsl.select(MPESA_ACCOUNTS.C2B_VALIDATION_ENABLED)
			.from(MPESA_ACCOUNTS)
			.where(MPESA_ACCOUNTS.TENANT_ID.eq(tenant()))
			.fetchOptional(MPESA_ACCOUNTS.C2B_VALIDATION_ENABLED)
			.orElse(false);
	}

	/** Records Daraja's answer to registering the URLs; returns when. */
	OffsetDateTime recordRegistration(String answerJson) {
		return dsl.update(MPESA_ACCOUNTS)
			.set(MPESA_ACCOUNTS.C2B_REGISTER_ANSWER, JSONB.valueOf(answerJson))
			.set(MPESA_ACCOUNTS.C2B_REGISTERED_AT, DSL.currentOffsetDateTime())
			.set(MPESA_ACCOUNTS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(MPESA_ACCOUNTS.TENANT_ID.eq(tenant()))
			.returningResult(MPESA_ACCOUNTS.C2B_REGISTERED_AT)
			.fetchOptional(r -> r.value1())
			.orElse(null);
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
