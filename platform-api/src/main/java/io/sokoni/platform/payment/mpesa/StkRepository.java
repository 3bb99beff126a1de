package io.sokoni.platform.payment.mpesa;

import static io.sokoni.jooq.Tables.PAYMENTS;
import static io.sokoni.jooq.Tables.PAYMENT_ATTEMPTS;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.database.RenderedOnce;
import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Row2;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** STK Push payments of the bound tenant and their attempts. */
@Repository
class StkRepository {

	static final List<String> OPEN = List.of("recorded", "pending");

	private static final SelectField<?>[] ATTEMPT = { PAYMENT_ATTEMPTS.ID, PAYMENT_ATTEMPTS.PAYMENT_ID,
			PAYMENT_ATTEMPTS.ORDER_ID, PAYMENT_ATTEMPTS.NONCE, PAYMENT_ATTEMPTS.PHONE, PAYMENT_ATTEMPTS.AMOUNT_SHILLINGS,
			PAYMENT_ATTEMPTS.STATUS, PAYMENT_ATTEMPTS.MERCHANT_REQUEST_ID, PAYMENT_ATTEMPTS.CHECKOUT_REQUEST_ID,
			PAYMENT_ATTEMPTS.RESULT_CODE, PAYMENT_ATTEMPTS.RESULT_DESC, PAYMENT_ATTEMPTS.MPESA_RECEIPT,
			PAYMENT_ATTEMPTS.NEXT_QUERY_AT, PAYMENT_ATTEMPTS.QUERY_COUNT, PAYMENT_ATTEMPTS.CREATED_AT,
			PAYMENT_ATTEMPTS.COMPLETED_AT, PAYMENT_ATTEMPTS.UPDATED_AT };

	// The statements every STK result runs, rendered once (see RenderedOnce): a callback or a query
	// applies several, and rendering them cost as much of the application's CPU as running them.
	private static final Field<UUID> TENANT = DSL.param("tenant", UUID.class);

	private static final RenderedOnce LOCK = RenderedOnce.of(DSL.select(ATTEMPT)
		.from(PAYMENT_ATTEMPTS)
		.where(PAYMENT_ATTEMPTS.TENANT_ID.eq(TENANT), PAYMENT_ATTEMPTS.ID.eq(DSL.param("id", UUID.class)))
		.forNoKeyUpdate());

	private static final RenderedOnce BY_NONCE = RenderedOnce.of(DSL.select(ATTEMPT)
		.from(PAYMENT_ATTEMPTS)
		.where(PAYMENT_ATTEMPTS.TENANT_ID.eq(TENANT), PAYMENT_ATTEMPTS.NONCE.eq(DSL.param("key", String.class))));

	private static final RenderedOnce BY_CHECKOUT_REQUEST = RenderedOnce.of(DSL.select(ATTEMPT)
		.from(PAYMENT_ATTEMPTS)
		.where(PAYMENT_ATTEMPTS.TENANT_ID.eq(TENANT),
				PAYMENT_ATTEMPTS.CHECKOUT_REQUEST_ID.eq(DSL.param("key", String.class))));

	private static final RenderedOnce FINISH = RenderedOnce.of(DSL.update(PAYMENT_ATTEMPTS)
		.set(PAYMENT_ATTEMPTS.STATUS, DSL.param("status", String.class))
		.set(PAYMENT_ATTEMPTS.CHECKOUT_REQUEST_ID,
				DSL.coalesce(PAYMENT_ATTEMPTS.CHECKOUT_REQUEST_ID, DSL.param("checkoutRequestId", String.class)))
		.set(PAYMENT_ATTEMPTS.RESULT_CODE, DSL.param("resultCode", String.class))
		.set(PAYMENT_ATTEMPTS.RESULT_DESC, DSL.param("resultDesc", String.class))
		.set(PAYMENT_ATTEMPTS.MPESA_RECEIPT, DSL.coalesce(DSL.param("receipt", String.class), PAYMENT_ATTEMPTS.MPESA_RECEIPT))
		.set(PAYMENT_ATTEMPTS.NEXT_QUERY_AT, DSL.inline(null, PAYMENT_ATTEMPTS.NEXT_QUERY_AT))
		.set(PAYMENT_ATTEMPTS.COMPLETED_AT, DSL.currentOffsetDateTime())
		.set(PAYMENT_ATTEMPTS.UPDATED_AT, DSL.currentOffsetDateTime())
		.where(PAYMENT_ATTEMPTS.TENANT_ID.eq(TENANT), PAYMENT_ATTEMPTS.ID.eq(DSL.param("id", UUID.class)),
				PAYMENT_ATTEMPTS.STATUS.in(DSL.inline("recorded"), DSL.inline("pending"))));

	private static final RenderedOnce PAYMENT_SUCCEEDED = RenderedOnce.of(DSL.update(PAYMENTS)
		.set(PAYMENTS.STATUS, DSL.inline("succeeded"))
		.set(PAYMENTS.RECEIVED_CENTS, DSL.param("received", Long.class))
		.set(PAYMENTS.MPESA_RECEIPT, DSL.param("receipt", String.class))
		.set(PAYMENTS.PHONE, DSL.param("phone", String.class))
		.set(PAYMENTS.FAILURE_CODE, DSL.inline(null, PAYMENTS.FAILURE_CODE))
		.set(PAYMENTS.FAILURE_REASON, DSL.inline(null, PAYMENTS.FAILURE_REASON))
		.set(PAYMENTS.COMPLETED_AT, DSL.currentOffsetDateTime())
		.set(PAYMENTS.VERSION, PAYMENTS.VERSION.plus(DSL.inline(1L)))
		.set(PAYMENTS.UPDATED_AT, DSL.currentOffsetDateTime())
		.where(PAYMENTS.TENANT_ID.eq(TENANT), PAYMENTS.ID.eq(DSL.param("id", UUID.class)),
				PAYMENTS.STATUS.eq(DSL.inline("pending"))));

	private static final RenderedOnce RECEIPT_RECORDED = RenderedOnce.of(DSL.selectOne()
		.from(PAYMENTS)
		.where(PAYMENTS.TENANT_ID.eq(TENANT), PAYMENTS.MPESA_RECEIPT.eq(DSL.param("receipt", String.class)))
		.limit(DSL.inline(1)));

	private final DSLContext dsl;

	StkRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	/** One STK Push to a phone (an attempt of a payment). */
	record Attempt(UUID id, UUID paymentId, UUID orderId, String nonce, String phone, long amountShillings,
			String status, String merchantRequestId, String checkoutRequestId, String resultCode, String resultDesc,
			String mpesaReceipt, OffsetDateTime nextQueryAt, int queryCount, OffsetDateTime createdAt,
			OffsetDateTime completedAt, OffsetDateTime updatedAt) {

		boolean open() {
			return OPEN.contains(status);
		}

	}

	/** The order's STK payment still waiting for money, if any. */
	Optional<UUID> pendingPayment(UUID orderId) {
		return dsl.select(PAYMENTS.ID)
			.from(PAYMENTS)
			.where(PAYMENTS.TENANT_ID.eq(tenant()), PAYMENTS.ORDER_ID.eq(orderId), PAYMENTS.METHOD.eq("mpesa_stk"),
					PAYMENTS.STATUS.eq("pending"))
			.orderBy(PAYMENTS.ID.desc())
			.limit(1)
			.fetchOptional(PAYMENTS.ID);
	}

	void insertPayment(UUID id, UUID orderId, long amountCents, String currency, String phone) {
		dsl.insertInto(PAYMENTS)
			.set(PAYMENTS.TENANT_ID, tenant())
			.set(PAYMENTS.ID, id)
			.set(PAYMENTS.ORDER_ID, orderId)
			.set(PAYMENTS.METHOD, "mpesa_stk")
			.set(PAYMENTS.STATUS, "pending")
			.set(PAYMENTS.AMOUNT_CENTS, amountCents)
			.set(PAYMENTS.CURRENCY, currency)
			.set(PAYMENTS.PHONE, phone)
			.execute();
	}

	/** A retry asks for what is due now and may go to another phone. */
	void updatePendingPayment(UUID id, long amountCents, String phone) {
		dsl.update(PAYMENTS)
			.set(PAYMENTS.AMOUNT_CENTS, amountCents)
			.set(PAYMENTS.PHONE, phone)
			.set(PAYMENTS.REQUESTED_AT, DSL.currentOffsetDateTime())
			.set(PAYMENTS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(PAYMENTS.TENANT_ID.eq(tenant()), PAYMENTS.ID.eq(id), PAYMENTS.STATUS.eq("pending"))
			.execute();
	}

	void insertAttempt(UUID id, UUID paymentId, UUID orderId, String nonce, String phone, long amountShillings,
			OffsetDateTime nextQueryAt) {
		dsl.insertInto(PAYMENT_ATTEMPTS)
			.set(PAYMENT_ATTEMPTS.TENANT_ID, tenant())
			.set(PAYMENT_ATTEMPTS.ID, id)
			.set(PAYMENT_ATTEMPTS.PAYMENT_ID, paymentId)
			.set(PAYMENT_ATTEMPTS.ORDER_ID, orderId)
			.set(PAYMENT_ATTEMPTS.NONCE, nonce)
			.set(PAYMENT_ATTEMPTS.PHONE, phone)
			.set(PAYMENT_ATTEMPTS.AMOUNT_SHILLINGS, amountShillings)
			.set(PAYMENT_ATTEMPTS.STATUS, "recorded")
			.set(PAYMENT_ATTEMPTS.NEXT_QUERY_AT, nextQueryAt)
			.execute();
	}

	Optional<Attempt> latestAttempt(UUID orderId) {
		return dsl.select(ATTEMPT)
			.from(PAYMENT_ATTEMPTS)
			.where(PAYMENT_ATTEMPTS.TENANT_ID.eq(tenant()), PAYMENT_ATTEMPTS.ORDER_ID.eq(orderId))
			.orderBy(PAYMENT_ATTEMPTS.CREATED_AT.desc(), PAYMENT_ATTEMPTS.ID.desc())
			.limit(1)
			.fetchOptional(StkRepository::attempt);
	}

	/** When the pushes for this order since {@code since} were made, oldest first. */
	List<OffsetDateTime> pushesSince(UUID orderId, OffsetDateTime since) {
		return dsl.select(PAYMENT_ATTEMPTS.CREATED_AT)
			.from(PAYMENT_ATTEMPTS)
			.where(PAYMENT_ATTEMPTS.TENANT_ID.eq(tenant()), PAYMENT_ATTEMPTS.ORDER_ID.eq(orderId),
					PAYMENT_ATTEMPTS.CREATED_AT.gt(since))
			.orderBy(PAYMENT_ATTEMPTS.CREATED_AT)
			.fetch(PAYMENT_ATTEMPTS.CREATED_AT);
	}

	List<Attempt> attemptsOfPayment(UUID paymentId) {
		return dsl.select(ATTEMPT)
			.from(PAYMENT_ATTEMPTS)
			.where(PAYMENT_ATTEMPTS.TENANT_ID.eq(tenant()), PAYMENT_ATTEMPTS.PAYMENT_ID.eq(paymentId))
			.orderBy(PAYMENT_ATTEMPTS.CREATED_AT, PAYMENT_ATTEMPTS.ID)
			.fetch(StkRepository::attempt);
	}

	Optional<Attempt> find(UUID attemptId) {
		return dsl.select(ATTEMPT)
			.from(PAYMENT_ATTEMPTS)
			.where(PAYMENT_ATTEMPTS.TENANT_ID.eq(tenant()), PAYMENT_ATTEMPTS.ID.eq(attemptId))
			.fetchOptional(StkRepository::attempt);
	}

	Optional<Attempt> lock(UUID attemptId) {
		return LOCK.fetch(dsl, Map.of("tenant", tenant(), "id", attemptId)).stream().findFirst().map(StkRepository::attempt);
	}

	/** The attempt a callback names: by the nonce of its URL when given, else by CheckoutRequestID. */
	Optional<Attempt> findFor(String nonce, String checkoutRequestId) {
		if (nonce == null && checkoutRequestId == null) {
			return Optional.empty();
		}
		return (nonce != null ? BY_NONCE.fetch(dsl, Map.of("tenant", tenant(), "key", nonce))
				: BY_CHECKOUT_REQUEST.fetch(dsl, Map.of("tenant", tenant(), "key", checkoutRequestId)))
			.stream()
			.findFirst()
			.map(StkRepository::attempt);
	}

	/**
	 * Stores Daraja's ids of an accepted push. A recorded attempt becomes pending (first query due
	 * then); one a callback already finished keeps its state, only gaining the ids it lacks.
	 */
	void markAccepted(UUID attemptId, String merchantRequestId, String checkoutRequestId, OffsetDateTime firstQuery) {
		dsl.update(PAYMENT_ATTEMPTS)
			.set(PAYMENT_ATTEMPTS.MERCHANT_REQUEST_ID, DSL.coalesce(PAYMENT_ATTEMPTS.MERCHANT_REQUEST_ID, DSL.val(merchantRequestId)))
			.set(PAYMENT_ATTEMPTS.CHECKOUT_REQUEST_ID, DSL.coalesce(PAYMENT_ATTEMPTS.CHECKOUT_REQUEST_ID, DSL.val(checkoutRequestId)))
			.set(PAYMENT_ATTEMPTS.STATUS, DSL.when(PAYMENT_ATTEMPTS.STATUS.eq("recorded"), DSL.inline("pending"))
				.otherwise(PAYMENT_ATTEMPTS.STATUS))
			.set(PAYMENT_ATTEMPTS.NEXT_QUERY_AT, DSL.when(PAYMENT_ATTEMPTS.STATUS.eq("recorded"), DSL.val(firstQuery))
				.otherwise(PAYMENT_ATTEMPTS.NEXT_QUERY_AT))
			.set(PAYMENT_ATTEMPTS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(PAYMENT_ATTEMPTS.TENANT_ID.eq(tenant()), PAYMENT_ATTEMPTS.ID.eq(attemptId))
			.execute();
	}

	/** Gives a locked open attempt a final state; false when it was no longer open. */
	boolean finish(UUID attemptId, String status, String checkoutRequestId, String resultCode, String resultDesc,
			String receipt) {
		Map<String, Object> values = new HashMap<>();
		values.put("tenant", tenant());
		values.put("id", attemptId);
		values.put("status", status);
		values.put("checkoutRequestId", checkoutRequestId);
		values.put("resultCode", truncate(resultCode, 50));
		values.put("resultDesc", truncate(resultDesc, 500));
		values.put("receipt", receipt);
		return FINISH.execute(dsl, values) == 1;
	}

	/**
	 * A success callback waiting for the query that confirms it: its receipt and ids noted on the open
	 * attempt, and the reconciler asked to query it now.
	 */
	void awaitConfirmation(UUID attemptId, String checkoutRequestId, String merchantRequestId, String receipt) {
		dsl.update(PAYMENT_ATTEMPTS)
			.set(PAYMENT_ATTEMPTS.STATUS, "pending")
			.set(PAYMENT_ATTEMPTS.CHECKOUT_REQUEST_ID, DSL.coalesce(PAYMENT_ATTEMPTS.CHECKOUT_REQUEST_ID, DSL.val(checkoutRequestId)))
			.set(PAYMENT_ATTEMPTS.MERCHANT_REQUEST_ID, DSL.coalesce(PAYMENT_ATTEMPTS.MERCHANT_REQUEST_ID, DSL.val(merchantRequestId)))
			.set(PAYMENT_ATTEMPTS.MPESA_RECEIPT, DSL.coalesce(DSL.val(receipt), PAYMENT_ATTEMPTS.MPESA_RECEIPT))
			.set(PAYMENT_ATTEMPTS.NEXT_QUERY_AT, DSL.currentOffsetDateTime())
			.set(PAYMENT_ATTEMPTS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(PAYMENT_ATTEMPTS.TENANT_ID.eq(tenant()), PAYMENT_ATTEMPTS.ID.eq(attemptId),
					PAYMENT_ATTEMPTS.STATUS.in(OPEN))
			.execute();
	}

	/**
	 * Claims several open attempts of the bound tenant at once, each only if its next query is still when
	 * the job saw it (another instance's claim moved it): the attempts this claim won.
	 */
	List<Attempt> claimAll(Map<UUID, OffsetDateTime> seenDue, OffsetDateTime leaseUntil) {
		List<Row2<UUID, OffsetDateTime>> seen = seenDue.entrySet()
			.stream()
			.map(e -> DSL.row(e.getKey(), e.getValue()))
			.toList();
		return dsl.update(PAYMENT_ATTEMPTS)
			.set(PAYMENT_ATTEMPTS.NEXT_QUERY_AT, leaseUntil)
			.where(PAYMENT_ATTEMPTS.TENANT_ID.eq(tenant()), PAYMENT_ATTEMPTS.STATUS.in(OPEN),
					DSL.row(PAYMENT_ATTEMPTS.ID, PAYMENT_ATTEMPTS.NEXT_QUERY_AT).in(seen))
			.returningResult(ATTEMPT)
			.fetch(StkRepository::attempt);
	}

	/** The next query of an open attempt, after one that gave no final answer. */
	void reschedule(UUID attemptId, OffsetDateTime next) {
		dsl.update(PAYMENT_ATTEMPTS)
			.set(PAYMENT_ATTEMPTS.NEXT_QUERY_AT, next)
			.set(PAYMENT_ATTEMPTS.QUERY_COUNT, PAYMENT_ATTEMPTS.QUERY_COUNT.plus(1))
			.set(PAYMENT_ATTEMPTS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(PAYMENT_ATTEMPTS.TENANT_ID.eq(tenant()), PAYMENT_ATTEMPTS.ID.eq(attemptId),
					PAYMENT_ATTEMPTS.STATUS.in(OPEN))
			.execute();
	}

	/** The payment (pending) has received its money. False when it was not pending. */
	boolean paymentSucceeded(UUID paymentId, long receivedCents, String receipt, String phone) {
		Map<String, Object> values = new HashMap<>();
		values.put("tenant", tenant());
		values.put("id", paymentId);
		values.put("received", receivedCents);
		values.put("receipt", receipt);
		values.put("phone", phone);
		return PAYMENT_SUCCEEDED.execute(dsl, values) == 1;
	}

	/** Money may have moved but not as asked: the merchant decides. False when it was not pending. */
	boolean paymentToReview(UUID paymentId, long receivedCents, String receipt, String code, String reason) {
		return dsl.update(PAYMENTS)
			.set(PAYMENTS.STATUS, "review")
			.set(PAYMENTS.RECEIVED_CENTS, receivedCents)
			.set(PAYMENTS.MPESA_RECEIPT, receipt)
			.set(PAYMENTS.FAILURE_CODE, truncate(code, 50))
			.set(PAYMENTS.FAILURE_REASON, truncate(reason, 500))
			.set(PAYMENTS.COMPLETED_AT, DSL.currentOffsetDateTime())
			.set(PAYMENTS.VERSION, PAYMENTS.VERSION.plus(1))
			.set(PAYMENTS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(PAYMENTS.TENANT_ID.eq(tenant()), PAYMENTS.ID.eq(paymentId), PAYMENTS.STATUS.eq("pending"))
			.execute() == 1;
	}

	/** The latest push failed: the payment stays pending (the shopper may retry) and says why. */
	void paymentFailureNoted(UUID paymentId, String code, String reason) {
		dsl.update(PAYMENTS)
			.set(PAYMENTS.FAILURE_CODE, truncate(code, 50))
			.set(PAYMENTS.FAILURE_REASON, truncate(reason, 500))
			.set(PAYMENTS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(PAYMENTS.TENANT_ID.eq(tenant()), PAYMENTS.ID.eq(paymentId), PAYMENTS.STATUS.eq("pending"))
			.execute();
	}

	boolean receiptRecorded(String receipt) {
		return receipt != null && RECEIPT_RECORDED.fetch(dsl, Map.of("tenant", tenant(), "receipt", receipt)).isNotEmpty();
	}

	String paymentStatus(UUID paymentId) {
		return dsl.select(PAYMENTS.STATUS)
			.from(PAYMENTS)
			.where(PAYMENTS.TENANT_ID.eq(tenant()), PAYMENTS.ID.eq(paymentId))
			.forNoKeyUpdate()
			.fetchSingle(PAYMENTS.STATUS);
	}

	private static Attempt attempt(Record r) {
		return new Attempt(r.get(PAYMENT_ATTEMPTS.ID), r.get(PAYMENT_ATTEMPTS.PAYMENT_ID), r.get(PAYMENT_ATTEMPTS.ORDER_ID),
				r.get(PAYMENT_ATTEMPTS.NONCE), r.get(PAYMENT_ATTEMPTS.PHONE), r.get(PAYMENT_ATTEMPTS.AMOUNT_SHILLINGS),
				r.get(PAYMENT_ATTEMPTS.STATUS), r.get(PAYMENT_ATTEMPTS.MERCHANT_REQUEST_ID),
				r.get(PAYMENT_ATTEMPTS.CHECKOUT_REQUEST_ID), r.get(PAYMENT_ATTEMPTS.RESULT_CODE),
				r.get(PAYMENT_ATTEMPTS.RESULT_DESC), r.get(PAYMENT_ATTEMPTS.MPESA_RECEIPT),
				r.get(PAYMENT_ATTEMPTS.NEXT_QUERY_AT), r.get(PAYMENT_ATTEMPTS.QUERY_COUNT),
				r.get(PAYMENT_ATTEMPTS.CREATED_AT), r.get(PAYMENT_ATTEMPTS.COMPLETED_AT), r.get(PAYMENT_ATTEMPTS.UPDATED_AT));
	}

	private static String truncate(String text, int max) {
		return text == null || text.length() <= max ? text : text.substring(0, max);
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
