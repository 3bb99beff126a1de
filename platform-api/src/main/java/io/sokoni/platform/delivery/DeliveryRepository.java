package io.sokoni.platform.delivery;

import static io.sokoni.jooq.Tables.DELIVERY_ORDERS;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SelectField;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

import io.sokoni.jooq.tables.records.DeliveryOrdersRecord;

/** Deliveries (table {@code delivery_orders}) of the bound tenant. */
@Repository
class DeliveryRepository {

	private static final SelectField<?>[] COLUMNS = { DELIVERY_ORDERS.ID, DELIVERY_ORDERS.ORDER_ID,
			DELIVERY_ORDERS.PARTNER_ID, DELIVERY_ORDERS.STATUS, DELIVERY_ORDERS.TRACKING_CODE,
			DELIVERY_ORDERS.ETA_MINUTES, DELIVERY_ORDERS.COST_CENTS, DELIVERY_ORDERS.NOTES,
			DELIVERY_ORDERS.FAILURE_REASON, DELIVERY_ORDERS.ACCEPTED_AT, DELIVERY_ORDERS.DISPATCHED_AT,
			DELIVERY_ORDERS.DELIVERED_AT, DELIVERY_ORDERS.FAILED_AT, DELIVERY_ORDERS.VERSION,
			DELIVERY_ORDERS.CREATED_AT, DELIVERY_ORDERS.UPDATED_AT };

	private final DSLContext dsl;

	DeliveryRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	/** What a delivery carries besides its status; null fields are left as they are by an update. */
	record DeliveryFields(UUID partnerId, String trackingCode, Integer etaMinutes, Long costCents, String notes) {
	}

	Optional<Delivery> find(UUID id) {
		return dsl.select(COLUMNS)
			.from(DELIVERY_ORDERS)
			.where(DELIVERY_ORDERS.TENANT_ID.eq(tenant()), DELIVERY_ORDERS.ID.eq(id))
			.fetchOptional(r -> r.into(Delivery.class));
	}

	/** The deliveries of an order, oldest first (a failed delivery may be followed by another). */
	List<Delivery> listForOrder(UUID orderId, UUID after, int limit) {
		return dsl.select(COLUMNS)
			.from(DELIVERY_ORDERS)
			.where(DELIVERY_ORDERS.TENANT_ID.eq(tenant()), DELIVERY_ORDERS.ORDER_ID.eq(orderId),
					after == null ? DSL.noCondition() : DELIVERY_ORDERS.ID.gt(after))
			.orderBy(DELIVERY_ORDERS.ID)
			.limit(limit)
			.fetch(r -> r.into(Delivery.class));
	}

	Delivery insert(UUID id, UUID orderId, DeliveryFields fields) {
		return dsl.insertInto(DELIVERY_ORDERS)
			.set(DELIVERY_ORDERS.TENANT_ID, tenant())
			.set(DELIVERY_ORDERS.ID, id)
			.set(DELIVERY_ORDERS.ORDER_ID, orderId)
			.set(DELIVERY_ORDERS.PARTNER_ID, fields.partnerId())
			.set(DELIVERY_ORDERS.TRACKING_CODE, fields.trackingCode())
			.set(DELIVERY_ORDERS.ETA_MINUTES, fields.etaMinutes())
			.set(DELIVERY_ORDERS.COST_CENTS, fields.costCents())
			.set(DELIVERY_ORDERS.NOTES, fields.notes())
			.returningResult(COLUMNS)
			.fetchSingle(r -> r.into(Delivery.class));
	}

	/** Applies the non-null changes if the version still matches; empty when it does not (or no row). */
	Optional<Delivery> update(UUID id, long expectedVersion, DeliveryFields changes) {
		return dsl.update(DELIVERY_ORDERS)
			.set(DELIVERY_ORDERS.PARTNER_ID, DSL.coalesce(DSL.val(changes.partnerId()), DELIVERY_ORDERS.PARTNER_ID))
			.set(DELIVERY_ORDERS.TRACKING_CODE,
					DSL.coalesce(DSL.val(changes.trackingCode()), DELIVERY_ORDERS.TRACKING_CODE))
			.set(DELIVERY_ORDERS.ETA_MINUTES, DSL.coalesce(DSL.val(changes.etaMinutes()), DELIVERY_ORDERS.ETA_MINUTES))
			.set(DELIVERY_ORDERS.COST_CENTS, DSL.coalesce(DSL.val(changes.costCents()), DELIVERY_ORDERS.COST_CENTS))
			.set(DELIVERY_ORDERS.NOTES, DSL.coalesce(DSL.val(changes.notes()), DELIVERY_ORDERS.NOTES))
			.set(DELIVERY_ORDERS.VERSION, DELIVERY_ORDERS.VERSION.plus(1))
			.set(DELIVERY_ORDERS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(DELIVERY_ORDERS.TENANT_ID.eq(tenant()), DELIVERY_ORDERS.ID.eq(id),
					DELIVERY_ORDERS.VERSION.eq(expectedVersion))
			.returningResult(COLUMNS)
			.fetchOptional(r -> r.into(Delivery.class));
	}

	/**
	 * Moves the delivery from {@code from} to {@code to} and stamps the step's time, only if it is still
	 * in {@code from}: of two concurrent changes the second finds the row changed and moves nothing.
	 */
	Optional<Delivery> moveStatus(UUID id, DeliveryStatus from, DeliveryStatus to, String failureReason) {
		Field<OffsetDateTime> now = DSL.currentOffsetDateTime();
		var update = dsl.update(DELIVERY_ORDERS)
			.set(DELIVERY_ORDERS.STATUS, to.value())
			.set(DELIVERY_ORDERS.VERSION, DELIVERY_ORDERS.VERSION.plus(1))
			.set(DELIVERY_ORDERS.UPDATED_AT, now);
		TableField<DeliveryOrdersRecord, OffsetDateTime> stamp = switch (to) {
			case ACCEPTED -> DELIVERY_ORDERS.ACCEPTED_AT;
			case IN_TRANSIT -> DELIVERY_ORDERS.DISPATCHED_AT;
			case DELIVERED -> DELIVERY_ORDERS.DELIVERED_AT;
			case FAILED -> DELIVERY_ORDERS.FAILED_AT;
			case PENDING -> throw new IllegalArgumentException("A delivery never returns to pending");
		};
		var stamped = update.set(stamp, now);
		var withReason = to == DeliveryStatus.FAILED ? stamped.set(DELIVERY_ORDERS.FAILURE_REASON, failureReason)
				: stamped;
		return withReason
			.where(DELIVERY_ORDERS.TENANT_ID.eq(tenant()), DELIVERY_ORDERS.ID.eq(id),
					DELIVERY_ORDERS.STATUS.eq(from.value()))
			.returningResult(COLUMNS)
			.fetchOptional(r -> r.into(Delivery.class));
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
