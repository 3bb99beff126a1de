package io.sokoni.platform.order;

import static io.sokoni.jooq.Tables.ORDERS;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.database.RenderedOnce;
import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.Record11;
import org.jooq.Records;
import org.jooq.SelectConditionStep;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The money columns of the bound tenant's orders (what was paid, refunded, and flagged). */
@Repository
class OrderPaymentRepository {

	// Every payment settled locks its order and records what it was paid: rendered once (RenderedOnce).
	// FOR NO KEY UPDATE: inserting a payment of the order share-locks its key (foreign key), and a FOR UPDATE
	// after that deadlocked two payments settling on one order at once.
	private static final RenderedOnce LOCK = RenderedOnce.of(DSL
		.select(ORDERS.ID, ORDERS.ORDER_NUMBER, ORDERS.STATUS, ORDERS.PAYMENT_METHOD, ORDERS.PAYMENT_STATUS,
				ORDERS.CURRENCY, ORDERS.TOTAL_CENTS, ORDERS.AMOUNT_PAID_CENTS, ORDERS.AMOUNT_REFUNDED_CENTS,
				ORDERS.PAYMENT_FLAG, ORDERS.CUSTOMER_ID)
		.from(ORDERS)
		.where(ORDERS.TENANT_ID.eq(DSL.param("tenant", UUID.class)), ORDERS.ID.eq(DSL.param("id", UUID.class)))
		.forNoKeyUpdate());

	private static final RenderedOnce RECORD_PAID = RenderedOnce.of(DSL.update(ORDERS)
		.set(ORDERS.AMOUNT_PAID_CENTS, DSL.param("paid", Long.class))
		.set(ORDERS.PAYMENT_STATUS, DSL.param("paymentStatus", String.class))
		.set(ORDERS.PAYMENT_FLAG, DSL.param("flag", String.class))
		.set(ORDERS.VERSION, ORDERS.VERSION.plus(DSL.inline(1L)))
		.set(ORDERS.UPDATED_AT, DSL.currentOffsetDateTime())
		.where(ORDERS.TENANT_ID.eq(DSL.param("tenant", UUID.class)), ORDERS.ID.eq(DSL.param("id", UUID.class))));

	private final DSLContext dsl;

	OrderPaymentRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	/** The order's money state, the row locked until the end of the transaction (as status changes lock it). */
	Optional<OrderPayments.State> lock(UUID orderId) {
		return LOCK.fetch(dsl, Map.of("tenant", tenant(), "id", orderId)).stream().findFirst().map(r -> new OrderPayments.State(
				r.get(0, UUID.class), r.get(1, Long.class), r.get(2, String.class), r.get(3, String.class),
				r.get(4, String.class), r.get(5, String.class), r.get(6, Long.class), r.get(7, Long.class),
				r.get(8, Long.class), r.get(9, String.class), r.get(10, UUID.class)));
	}

	void recordPaid(UUID orderId, long amountPaidCents, String paymentStatus, String flag) {
		Map<String, Object> values = new HashMap<>();
		values.put("tenant", tenant());
		values.put("id", orderId);
		values.put("paid", amountPaidCents);
		values.put("paymentStatus", paymentStatus);
		values.put("flag", flag);
		RECORD_PAID.execute(dsl, values);
	}

	void flag(UUID orderId, String flag) {
		dsl.update(ORDERS)
			.set(ORDERS.PAYMENT_FLAG, flag)
			.set(ORDERS.VERSION, ORDERS.VERSION.plus(1))
			.set(ORDERS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(ORDERS.TENANT_ID.eq(tenant()), ORDERS.ID.eq(orderId))
			.execute();
	}

	/**
	 * Adds a refund to the order in one conditional statement: only while refunded + amount stays within
	 * what was paid (the V11 check guards the same rule). Empty when it would exceed it or there is no
	 * such order.
	 */
	Optional<Long> addRefund(UUID orderId, long amountCents) {
		return dsl.update(ORDERS)
			.set(ORDERS.AMOUNT_REFUNDED_CENTS, ORDERS.AMOUNT_REFUNDED_CENTS.plus(amountCents))
			.set(ORDERS.VERSION, ORDERS.VERSION.plus(1))
			.set(ORDERS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(ORDERS.TENANT_ID.eq(tenant()), ORDERS.ID.eq(orderId),
					ORDERS.AMOUNT_REFUNDED_CENTS.plus(amountCents).le(ORDERS.AMOUNT_PAID_CENTS))
			.returningResult(ORDERS.AMOUNT_REFUNDED_CENTS)
			.fetchOptional(r -> r.value1());
	}

	/** Gives back a refund that did not happen (a failed reversal). */
	void removeRefund(UUID orderId, long amountCents) {
		dsl.update(ORDERS)
			.set(ORDERS.AMOUNT_REFUNDED_CENTS, ORDERS.AMOUNT_REFUNDED_CENTS.minus(amountCents))
			.set(ORDERS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(ORDERS.TENANT_ID.eq(tenant()), ORDERS.ID.eq(orderId))
			.execute();
	}

	Optional<UUID> idByNumber(long orderNumber) {
		return dsl.select(ORDERS.ID)
			.from(ORDERS)
			.where(ORDERS.TENANT_ID.eq(tenant()), ORDERS.ORDER_NUMBER.eq(orderNumber))
			.fetchOptional(ORDERS.ID);
	}

	Optional<OrderPayments.State> find(UUID orderId) {
		return state(orderId).fetchOptional(Records.mapping(OrderPayments.State::new));
	}

	/** The order's money state (the columns of {@link OrderPayments.State}, in its order). */
	private SelectConditionStep<Record11<UUID, Long, String, String, String, String, Long, Long, Long, String, UUID>> state(
			UUID orderId) {
		return dsl
			.select(ORDERS.ID, ORDERS.ORDER_NUMBER, ORDERS.STATUS, ORDERS.PAYMENT_METHOD, ORDERS.PAYMENT_STATUS,
					ORDERS.CURRENCY, ORDERS.TOTAL_CENTS, ORDERS.AMOUNT_PAID_CENTS, ORDERS.AMOUNT_REFUNDED_CENTS,
					ORDERS.PAYMENT_FLAG, ORDERS.CUSTOMER_ID)
			.from(ORDERS)
			.where(ORDERS.TENANT_ID.eq(tenant()), ORDERS.ID.eq(orderId));
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
