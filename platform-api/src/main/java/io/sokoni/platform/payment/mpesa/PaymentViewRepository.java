package io.sokoni.platform.payment.mpesa;

import static io.sokoni.jooq.Tables.PAYMENTS;
import static io.sokoni.jooq.Tables.PAYMENT_AUDIT;
import static io.sokoni.jooq.Tables.PAYMENT_CALLBACKS;


import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** What the merchant reads about payments: lists, one payment with its attempts, audit and raw callbacks. */
@Repository
class PaymentViewRepository {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SelectField<?>[] PAYMENT = { PAYMENTS.ID, PAYMENTS.ORDER_ID, PAYMENTS.METHOD, PAYMENTS.STATUS,
			PAYMENTS.AMOUNT_CENTS, PAYMENTS.RECEIVED_CENTS, PAYMENTS.CURRENCY, PAYMENTS.PHONE, PAYMENTS.PAYER_NAME,
			PAYMENTS.ACCOUNT_REFERENCE, PAYMENTS.MPESA_RECEIPT, PAYMENTS.FAILURE_CODE, PAYMENTS.FAILURE_REASON,
			PAYMENTS.REQUESTED_AT, PAYMENTS.COMPLETED_AT, PAYMENTS.CREATED_AT, PAYMENTS.UPDATED_AT };

	private final DSLContext dsl;

	PaymentViewRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	/** Newest first (ids are time-ordered), before the keyset id {@code before}, optionally of one status. */
	List<PaymentViews.PaymentSummary> list(String status, UUID before, int limit) {
		return dsl.select(PAYMENT)
			.from(PAYMENTS)
			.where(PAYMENTS.TENANT_ID.eq(tenant()), status == null ? DSL.noCondition() : PAYMENTS.STATUS.eq(status),
					before == null ? DSL.noCondition() : PAYMENTS.ID.lt(before))
			.orderBy(PAYMENTS.ID.desc())
			.limit(limit)
			.fetch(PaymentViewRepository::summary);
	}

	Optional<PaymentViews.PaymentSummary> find(UUID id) {
		return dsl.select(PAYMENT)
			.from(PAYMENTS)
			.where(PAYMENTS.TENANT_ID.eq(tenant()), PAYMENTS.ID.eq(id))
			.fetchOptional(PaymentViewRepository::summary);
	}

	List<PaymentViews.PaymentSummary> ofOrder(UUID orderId) {
		return dsl.select(PAYMENT)
			.from(PAYMENTS)
			.where(PAYMENTS.TENANT_ID.eq(tenant()), PAYMENTS.ORDER_ID.eq(orderId))
			.orderBy(PAYMENTS.ID)
			.fetch(PaymentViewRepository::summary);
	}

	List<PaymentViews.AuditEntry> audit(UUID paymentId) {
		return dsl.select(PAYMENT_AUDIT.ID, PAYMENT_AUDIT.EVENT_TYPE, PAYMENT_AUDIT.ACTOR_TYPE, PAYMENT_AUDIT.ACTOR_ID,
				PAYMENT_AUDIT.DETAILS, PAYMENT_AUDIT.CREATED_AT)
			.from(PAYMENT_AUDIT)
			.where(PAYMENT_AUDIT.TENANT_ID.eq(tenant()), PAYMENT_AUDIT.PAYMENT_ID.eq(paymentId))
			.orderBy(PAYMENT_AUDIT.CREATED_AT, PAYMENT_AUDIT.ID)
			.fetch(r -> new PaymentViews.AuditEntry(r.value1(), r.value2(), r.value3(), r.value4(), object(r.value5()),
					r.value6()));
	}

	/** The raw callbacks applied to the payment or to one of its attempts. */
	List<PaymentViews.RawCallback> callbacks(UUID paymentId, List<UUID> attemptIds) {
		return dsl.select(PAYMENT_CALLBACKS.ID, PAYMENT_CALLBACKS.KIND, PAYMENT_CALLBACKS.BODY,
				PAYMENT_CALLBACKS.SOURCE_IP, PAYMENT_CALLBACKS.IP_ALLOWED, PAYMENT_CALLBACKS.OUTCOME,
				PAYMENT_CALLBACKS.OUTCOME_DETAIL, PAYMENT_CALLBACKS.RECEIVED_AT, PAYMENT_CALLBACKS.PROCESSED_AT)
			.from(PAYMENT_CALLBACKS)
			.where(PAYMENT_CALLBACKS.TENANT_ID.eq(tenant()), PAYMENT_CALLBACKS.PAYMENT_ID.eq(paymentId)
				.or(attemptIds.isEmpty() ? DSL.falseCondition() : PAYMENT_CALLBACKS.ATTEMPT_ID.in(attemptIds)))
			.orderBy(PAYMENT_CALLBACKS.RECEIVED_AT, PAYMENT_CALLBACKS.ID)
			.fetch(r -> new PaymentViews.RawCallback(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
					r.value6(), r.value7(), r.value8(), r.value9()));
	}

	private static PaymentViews.PaymentSummary summary(Record r) {
		return new PaymentViews.PaymentSummary(r.get(PAYMENTS.ID), r.get(PAYMENTS.ORDER_ID), r.get(PAYMENTS.METHOD),
				r.get(PAYMENTS.STATUS), r.get(PAYMENTS.AMOUNT_CENTS), r.get(PAYMENTS.RECEIVED_CENTS),
				r.get(PAYMENTS.CURRENCY), r.get(PAYMENTS.PHONE), r.get(PAYMENTS.PAYER_NAME),
				r.get(PAYMENTS.ACCOUNT_REFERENCE), r.get(PAYMENTS.MPESA_RECEIPT), r.get(PAYMENTS.FAILURE_CODE),
				r.get(PAYMENTS.FAILURE_REASON), r.get(PAYMENTS.REQUESTED_AT), r.get(PAYMENTS.COMPLETED_AT),
				r.get(PAYMENTS.CREATED_AT), r.get(PAYMENTS.UPDATED_AT));
	}

	private static Map<String, Object> object(JSONB json) {
		return json == null ? Map.of() : JSON.readValue(json.data(), new TypeReference<Map<String, Object>>() {
		});
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}


}
