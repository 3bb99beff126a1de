package io.sokoni.platform.payment;

import static io.sokoni.jooq.Tables.PAYMENTS;
import static io.sokoni.jooq.Tables.PAYMENT_AUDIT;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.database.RenderedOnce;
import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Payments of the bound tenant and their audit trail (for the payment feature and its sub-packages). */
@Repository
public class PaymentRepository {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SelectField<?>[] COLUMNS = { PAYMENTS.ID, PAYMENTS.ORDER_ID, PAYMENTS.METHOD,
			PAYMENTS.STATUS, PAYMENTS.AMOUNT_CENTS, PAYMENTS.RECEIVED_CENTS, PAYMENTS.CURRENCY, PAYMENTS.PHONE,
			PAYMENTS.PAYER_NAME, PAYMENTS.ACCOUNT_REFERENCE, PAYMENTS.MPESA_RECEIPT, PAYMENTS.FAILURE_CODE,
			PAYMENTS.FAILURE_REASON, PAYMENTS.REQUESTED_AT, PAYMENTS.COMPLETED_AT, PAYMENTS.CREATED_AT };

	/** A payment row as the payment feature reads it. */
	public record Payment(UUID id, UUID orderId, String method, String status, long amountCents, long receivedCents,
			String currency, String phone, String payerName, String accountReference, String mpesaReceipt,
			String failureCode, String failureReason, OffsetDateTime requestedAt, OffsetDateTime completedAt,
			OffsetDateTime createdAt) {
	}

	/** A payment whose money has already moved (C2B confirmation, cash collected). */
	public record Received(UUID id, UUID orderId, String method, String status, long cents, String currency,
			String phone, String payerName, String accountReference, String mpesaReceipt) {
	}

	/** Rendered once: two or three audit rows go with every payment that moves (see {@link RenderedOnce}). */
	private static final RenderedOnce AUDIT = RenderedOnce.of(DSL.insertInto(PAYMENT_AUDIT)
		.set(PAYMENT_AUDIT.TENANT_ID, DSL.param("tenant", UUID.class))
		.set(PAYMENT_AUDIT.ID, DSL.param("id", UUID.class))
		.set(PAYMENT_AUDIT.PAYMENT_ID, DSL.param("paymentId", UUID.class))
		.set(PAYMENT_AUDIT.EVENT_TYPE, DSL.param("eventType", String.class))
		.set(PAYMENT_AUDIT.ACTOR_TYPE, DSL.param("actorType", String.class))
		.set(PAYMENT_AUDIT.ACTOR_ID, DSL.param("actorId", String.class))
		.set(PAYMENT_AUDIT.DETAILS, DSL.param("details", JSONB.class)));

	private static final RenderedOnce LOCK = RenderedOnce.of(DSL.select(COLUMNS)
		.from(PAYMENTS)
		.where(PAYMENTS.TENANT_ID.eq(DSL.param("tenant", UUID.class)), PAYMENTS.ID.eq(DSL.param("id", UUID.class)))
		.forNoKeyUpdate());

	private static final RenderedOnce HAS_EVENT = RenderedOnce.of(DSL.selectOne()
		.from(PAYMENT_AUDIT)
		.where(PAYMENT_AUDIT.TENANT_ID.eq(DSL.param("tenant", UUID.class)),
				PAYMENT_AUDIT.PAYMENT_ID.eq(DSL.param("paymentId", UUID.class)),
				PAYMENT_AUDIT.EVENT_TYPE.eq(DSL.param("eventType", String.class)))
		.limit(DSL.inline(1)));

	private final DSLContext dsl;

	PaymentRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	/**
	 * The payment, locked against other changes until the end of the transaction. {@code NO KEY UPDATE},
	 * not {@code UPDATE}: a refund or cash collection inserting a row that refers to the payment (a
	 * foreign key check takes {@code KEY SHARE}) does not wait for it.
	 */
	public Optional<Payment> lock(UUID paymentId) {
		return LOCK.fetch(dsl, Map.of("tenant", tenant(), "id", paymentId))
			.stream()
			.findFirst()
			.map(PaymentRepository::payment);
	}

	public Optional<Payment> find(UUID paymentId) {
		return dsl.select(COLUMNS)
			.from(PAYMENTS)
			.where(PAYMENTS.TENANT_ID.eq(tenant()), PAYMENTS.ID.eq(paymentId))
			.fetchOptional(PaymentRepository::payment);
	}

	/** Payments with this status, newest first, before the keyset id {@code before} when given. */
	public List<Payment> listByStatus(String status, UUID before, int limit) {
		return dsl.select(COLUMNS)
			.from(PAYMENTS)
			.where(PAYMENTS.TENANT_ID.eq(tenant()), PAYMENTS.STATUS.eq(status),
					before == null ? DSL.noCondition() : PAYMENTS.ID.lt(before))
			.orderBy(PAYMENTS.ID.desc())
			.limit(limit)
			.fetch(PaymentRepository::payment);
	}

	/** The order's payments, oldest first. */
	public List<Payment> ofOrder(UUID orderId) {
		return dsl.select(COLUMNS)
			.from(PAYMENTS)
			.where(PAYMENTS.TENANT_ID.eq(tenant()), PAYMENTS.ORDER_ID.eq(orderId))
			.orderBy(PAYMENTS.ID)
			.fetch(PaymentRepository::payment);
	}

	/**
	 * Inserts a payment whose money has moved (completed now, received = amount). False, with nothing
	 * written, when its receipt is already recorded: a receipt is money once.
	 */
	public boolean insertReceived(Received p) {
		return dsl.insertInto(PAYMENTS)
			.set(PAYMENTS.TENANT_ID, tenant())
			.set(PAYMENTS.ID, p.id())
			.set(PAYMENTS.ORDER_ID, p.orderId())
			.set(PAYMENTS.METHOD, p.method())
			.set(PAYMENTS.STATUS, p.status())
			.set(PAYMENTS.AMOUNT_CENTS, p.cents())
			.set(PAYMENTS.RECEIVED_CENTS, p.cents())
			.set(PAYMENTS.CURRENCY, p.currency())
			.set(PAYMENTS.PHONE, p.phone())
			.set(PAYMENTS.PAYER_NAME, p.payerName())
			.set(PAYMENTS.ACCOUNT_REFERENCE, p.accountReference())
			.set(PAYMENTS.MPESA_RECEIPT, p.mpesaReceipt())
			.set(PAYMENTS.COMPLETED_AT, DSL.currentOffsetDateTime())
			.onConflictDoNothing()
			.execute() == 1;
	}

	/** An unmatched payment assigned to an order by the merchant: it becomes succeeded. */
	public boolean assign(UUID paymentId, UUID orderId) {
		return dsl.update(PAYMENTS)
			.set(PAYMENTS.ORDER_ID, orderId)
			.set(PAYMENTS.STATUS, "succeeded")
			.set(PAYMENTS.VERSION, PAYMENTS.VERSION.plus(1))
			.set(PAYMENTS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(PAYMENTS.TENANT_ID.eq(tenant()), PAYMENTS.ID.eq(paymentId), PAYMENTS.STATUS.eq("unmatched"))
			.execute() == 1;
	}

	/** Whether the payment's audit trail has an event of this type. */
	public boolean hasEvent(UUID paymentId, String eventType) {
		return HAS_EVENT.fetch(dsl, Map.of("tenant", tenant(), "paymentId", paymentId, "eventType", eventType))
			.isNotEmpty();
	}

	public void audit(UUID paymentId, String eventType, String actorType, String actorId, Map<String, ?> details) {
		Map<String, Object> values = new HashMap<>();
		values.put("tenant", tenant());
		values.put("id", Ids.next());
		values.put("paymentId", paymentId);
		values.put("eventType", eventType);
		values.put("actorType", actorType);
		values.put("actorId", actorId);
		values.put("details", JSONB.valueOf(JSON.writeValueAsString(details)));
		AUDIT.execute(dsl, values);
	}

	private static Payment payment(Record r) {
		return new Payment(r.get(PAYMENTS.ID), r.get(PAYMENTS.ORDER_ID), r.get(PAYMENTS.METHOD), r.get(PAYMENTS.STATUS),
				r.get(PAYMENTS.AMOUNT_CENTS), r.get(PAYMENTS.RECEIVED_CENTS), r.get(PAYMENTS.CURRENCY),
				r.get(PAYMENTS.PHONE), r.get(PAYMENTS.PAYER_NAME), r.get(PAYMENTS.ACCOUNT_REFERENCE),
				r.get(PAYMENTS.MPESA_RECEIPT), r.get(PAYMENTS.FAILURE_CODE), r.get(PAYMENTS.FAILURE_REASON),
				r.get(PAYMENTS.REQUESTED_AT), r.get(PAYMENTS.COMPLETED_AT), r.get(PAYMENTS.CREATED_AT));
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
