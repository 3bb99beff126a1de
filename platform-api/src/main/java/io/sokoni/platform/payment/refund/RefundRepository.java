package io.sokoni.platform.payment.refund;

import static io.sokoni.jooq.Tables.PAYMENTS;
import static io.sokoni.jooq.Tables.REFUNDS;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.Records;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Refunds of the bound tenant. */
@Repository
class RefundRepository {

	private final DSLContext dsl;

	RefundRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	void insert(Refund r) {
		dsl.insertInto(REFUNDS)
			.set(REFUNDS.TENANT_ID, tenant())
			.set(REFUNDS.ID, r.id())
			.set(REFUNDS.ORDER_ID, r.orderId())
			.set(REFUNDS.PAYMENT_ID, r.paymentId())
			.set(REFUNDS.AMOUNT_CENTS, r.amountCents())
			.set(REFUNDS.CURRENCY, r.currency())
			.set(REFUNDS.METHOD, r.method())
			.set(REFUNDS.STATUS, r.status())
			.set(REFUNDS.REFERENCE, r.reference())
			.set(REFUNDS.REASON, r.reason())
			.set(REFUNDS.RESTOCK, r.restock())
			.set(REFUNDS.CREATED_BY, r.createdBy())
			.set(REFUNDS.PROCESSED_AT, "processed".equals(r.status()) ? DSL.currentOffsetDateTime() : null)
			.execute();
	}

	Optional<Refund> find(UUID id) {
		return dsl.select(REFUNDS.ID, REFUNDS.ORDER_ID, REFUNDS.PAYMENT_ID, REFUNDS.AMOUNT_CENTS, REFUNDS.CURRENCY,
				REFUNDS.METHOD, REFUNDS.STATUS, REFUNDS.REFERENCE, REFUNDS.REASON, REFUNDS.RESTOCK,
				REFUNDS.CONVERSATION_ID, REFUNDS.FAILURE_REASON, REFUNDS.CREATED_BY, REFUNDS.CREATED_AT,
				REFUNDS.PROCESSED_AT)
			.from(REFUNDS)
			.where(REFUNDS.TENANT_ID.eq(tenant()), REFUNDS.ID.eq(id))
			.fetchOptional(Records.mapping(Refund::new));
	}

	List<Refund> ofOrder(UUID orderId) {
		return dsl.select(REFUNDS.ID, REFUNDS.ORDER_ID, REFUNDS.PAYMENT_ID, REFUNDS.AMOUNT_CENTS, REFUNDS.CURRENCY,
				REFUNDS.METHOD, REFUNDS.STATUS, REFUNDS.REFERENCE, REFUNDS.REASON, REFUNDS.RESTOCK,
				REFUNDS.CONVERSATION_ID, REFUNDS.FAILURE_REASON, REFUNDS.CREATED_BY, REFUNDS.CREATED_AT,
				REFUNDS.PROCESSED_AT)
			.from(REFUNDS)
			.where(REFUNDS.TENANT_ID.eq(tenant()), REFUNDS.ORDER_ID.eq(orderId))
			.orderBy(REFUNDS.ID)
			.fetch(Records.mapping(Refund::new));
	}

	/** The refund with this Daraja ConversationID, locked; empty when there is none. */
	Optional<UUID> lockByConversation(String conversationId) {
		return dsl.select(REFUNDS.ID)
			.from(REFUNDS)
			.where(REFUNDS.TENANT_ID.eq(tenant()), REFUNDS.CONVERSATION_ID.eq(conversationId))
			.forUpdate()
			.fetchOptional(REFUNDS.ID);
	}

	/**
	 * A pending reversal of the payment with this receipt and amount whose ConversationID is not stored
	 * yet (Daraja's result came before Sokoni recorded Daraja's answer), locked; the oldest first.
	 */
	Optional<UUID> lockUnansweredReversal(String receipt, long amountCents) {
		return dsl.select(REFUNDS.ID)
			.from(REFUNDS)
			.join(PAYMENTS)
			.on(PAYMENTS.TENANT_ID.eq(REFUNDS.TENANT_ID), PAYMENTS.ID.eq(REFUNDS.PAYMENT_ID))
			.where(REFUNDS.TENANT_ID.eq(tenant()), REFUNDS.STATUS.eq("pending"), REFUNDS.CONVERSATION_ID.isNull(),
					REFUNDS.AMOUNT_CENTS.eq(amountCents), PAYMENTS.MPESA_RECEIPT.eq(receipt))
			.orderBy(REFUNDS.ID)
			.limit(1)
			.forUpdate()
			.of(REFUNDS)
			.fetchOptional(REFUNDS.ID);
	}

	/** Records Daraja's ConversationID unless an early result already did. */
	void setConversationIfNone(UUID id, String conversationId) {
		dsl.update(REFUNDS)
			.set(REFUNDS.CONVERSATION_ID, conversationId)
			.where(REFUNDS.TENANT_ID.eq(tenant()), REFUNDS.ID.eq(id), REFUNDS.CONVERSATION_ID.isNull())
			.execute();
	}

	void setConversation(UUID id, String conversationId) {
		dsl.update(REFUNDS)
			.set(REFUNDS.CONVERSATION_ID, conversationId)
			.where(REFUNDS.TENANT_ID.eq(tenant()), REFUNDS.ID.eq(id))
			.execute();
	}

	/** Moves a pending refund to processed or failed; false when it was no longer pending. */
	boolean complete(UUID id, String status, String failureReason) {
		return dsl.update(REFUNDS)
			.set(REFUNDS.STATUS, status)
			.set(REFUNDS.FAILURE_REASON, failureReason)
			.set(REFUNDS.PROCESSED_AT, DSL.currentOffsetDateTime())
			.where(REFUNDS.TENANT_ID.eq(tenant()), REFUNDS.ID.eq(id), REFUNDS.STATUS.eq("pending"))
			.execute() == 1;
	}

	/** What the order has actually been given back (processed refunds). */
	long processedTotal(UUID orderId) {
		return dsl.select(DSL.coalesce(DSL.sum(REFUNDS.AMOUNT_CENTS), DSL.inline(java.math.BigDecimal.ZERO)))
			.from(REFUNDS)
			.where(REFUNDS.TENANT_ID.eq(tenant()), REFUNDS.ORDER_ID.eq(orderId), REFUNDS.STATUS.eq("processed"))
			.fetchSingle()
			.value1()
			.longValue();
	}

	/**
	 * The latest succeeded M-Pesa payment of the order with a receipt that received at least
	 * {@code amountCents}, the one a reversal takes back.
	 */
	Optional<ReversiblePayment> reversiblePayment(UUID orderId, long amountCents) {
		return dsl.select(PAYMENTS.ID, PAYMENTS.MPESA_RECEIPT, PAYMENTS.RECEIVED_CENTS)
			.from(PAYMENTS)
			.where(PAYMENTS.TENANT_ID.eq(tenant()), PAYMENTS.ORDER_ID.eq(orderId), PAYMENTS.STATUS.eq("succeeded"),
					PAYMENTS.METHOD.in("mpesa_stk", "mpesa_c2b"), PAYMENTS.MPESA_RECEIPT.isNotNull(),
					PAYMENTS.RECEIVED_CENTS.ge(amountCents))
			.orderBy(PAYMENTS.ID.desc())
			.limit(1)
			.fetchOptional(Records.mapping(ReversiblePayment::new));
	}

	/** The M-Pesa receipt of a payment (what a reversal names). */
	Optional<String> receiptOf(UUID paymentId) {
		return dsl.select(PAYMENTS.MPESA_RECEIPT)
			.from(PAYMENTS)
			.where(PAYMENTS.TENANT_ID.eq(tenant()), PAYMENTS.ID.eq(paymentId), PAYMENTS.MPESA_RECEIPT.isNotNull())
			.fetchOptional(PAYMENTS.MPESA_RECEIPT);
	}

	record ReversiblePayment(UUID id, String receipt, long receivedCents) {
	}

	/**
	 * Takes {@code KEY SHARE} on the payment before the order is locked, in the order settling takes its
	 * locks (payment, then order), so the refund's foreign key check never waits inside the order lock.
	 */
	void shareLockPayment(UUID paymentId) {
		dsl.select(PAYMENTS.ID)
			.from(PAYMENTS)
			.where(PAYMENTS.TENANT_ID.eq(tenant()), PAYMENTS.ID.eq(paymentId))
			.forKeyShare()
			.execute();
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
