package io.sokoni.platform.order;

import static io.sokoni.jooq.Tables.DELIVERY_ORDERS;
import static io.sokoni.jooq.Tables.INVENTORY_RESERVATIONS;
import static io.sokoni.jooq.Tables.ORDERS;
import static io.sokoni.jooq.Tables.ORDER_ITEMS;
import static io.sokoni.jooq.Tables.ORDER_STATUS_HISTORY;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.jooq.tables.records.OrdersRecord;
import io.sokoni.platform.Ids;
import io.sokoni.platform.database.RenderedOnce;
import io.sokoni.platform.discount.DiscountOutcome.AppliedDiscount;
import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Records;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Orders of the bound tenant, their items and status history. */
@Repository
class OrderRepository {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<List<AppliedDiscount>> DISCOUNTS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	// The statements of every status change, rendered once (see RenderedOnce): a payment runs them all.
	// FOR NO KEY UPDATE: inserting a payment of the order share-locks its key (foreign key), and a FOR UPDATE
	// after that deadlocked two payments settling on one order at once.
	private static final RenderedOnce LOCK = RenderedOnce.of(DSL.selectFrom(ORDERS)
		.where(ORDERS.TENANT_ID.eq(DSL.param("tenant", UUID.class)), ORDERS.ID.eq(DSL.param("id", UUID.class)))
		.forNoKeyUpdate());

	private static final RenderedOnce UPDATE_STATUS = RenderedOnce.of(DSL.update(ORDERS)
		.set(ORDERS.STATUS, DSL.param("status", String.class))
		.set(ORDERS.PAYMENT_STATUS, DSL.param("paymentStatus", String.class))
		.set(ORDERS.VERSION, ORDERS.VERSION.plus(DSL.inline(1L)))
		.set(ORDERS.UPDATED_AT, DSL.currentOffsetDateTime())
		.where(ORDERS.TENANT_ID.eq(DSL.param("tenant", UUID.class)), ORDERS.ID.eq(DSL.param("id", UUID.class))));

	private static final RenderedOnce HISTORY = RenderedOnce.of(DSL.insertInto(ORDER_STATUS_HISTORY)
		.set(ORDER_STATUS_HISTORY.TENANT_ID, DSL.param("tenant", UUID.class))
		.set(ORDER_STATUS_HISTORY.ID, DSL.param("id", UUID.class))
		.set(ORDER_STATUS_HISTORY.ORDER_ID, DSL.param("orderId", UUID.class))
		.set(ORDER_STATUS_HISTORY.FROM_STATUS, DSL.param("from", String.class))
		.set(ORDER_STATUS_HISTORY.TO_STATUS, DSL.param("to", String.class))
		.set(ORDER_STATUS_HISTORY.ACTOR_TYPE, DSL.param("actorType", String.class))
		.set(ORDER_STATUS_HISTORY.ACTOR_ID, DSL.param("actorId", String.class))
		.set(ORDER_STATUS_HISTORY.NOTE, DSL.param("note", String.class)));

	private final DSLContext dsl;

	OrderRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	/** What a checkout writes into {@code orders}. */
	record NewOrder(UUID id, UUID storeId, UUID customerId, UUID cartId, String status, String channel,
			String currency, long subtotalCents, long deliveryFeeCents, long discountCents, long totalCents,
			String paymentMethod, String customerPhone, String customerName, String customerEmail,
			boolean customerWhatsappOptIn, String cityArea, UUID zoneId,
			Map<String, Object> shippingAddress, List<AppliedDiscount> discounts, UUID couponId, String notes,
			OffsetDateTime placedAt) {
	}

	/**
	 * The statement inserting the order with the tenant's next order number (the one column it answers):
	 * the counter row is raised (and locked until commit) by the same statement that uses the number, so
	 * numbers are unique and gap-free among committed orders. The first order of a tenant is number 1001.
	 */
	ResultQuery<Record> orderInsert(NewOrder o) {
		UUID tenant = tenant();
		return dsl.resultQuery("""
				with next as (
				    insert into app.order_counters as c (tenant_id, last_number) values ({0}, 1001)
				    on conflict (tenant_id) do update set last_number = c.last_number + 1
				    returning last_number)
				insert into app.orders (tenant_id, id, store_id, order_number, customer_id, cart_id, status, channel,
				    currency, subtotal_cents, delivery_fee_cents, discount_cents, total_cents, payment_method,
				    customer_phone, customer_name, delivery_city_area, delivery_zone_id, shipping_address, discounts,
				    coupon_id, notes, placed_at, customer_email, customer_whatsapp_opt_in)
				select {0}, {1}, {2}, next.last_number, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}, {13},
				    {14}, {15}, {16}, {17}, {18}, {19}, {20}, {21}, {22}, {23}
				from next
				returning order_number""", tenant, o.id(), o.storeId(), o.customerId(), o.cartId(), o.status(),
				o.channel(), o.currency(), o.subtotalCents(), o.deliveryFeeCents(), o.discountCents(),
				o.totalCents(), o.paymentMethod(), o.customerPhone(), o.customerName(), o.cityArea(), o.zoneId(),
				json(o.shippingAddress()), json(o.discounts()), o.couponId(), o.notes(), o.placedAt(), o.customerEmail(),
				o.customerWhatsappOptIn());
	}

	/** The order's items (one statement, for the caller to run). */
	Query itemsInsert(UUID orderId, List<OrderView.Item> items) {
		UUID tenant = tenant();
		var insert = dsl.insertInto(ORDER_ITEMS, ORDER_ITEMS.TENANT_ID, ORDER_ITEMS.ID, ORDER_ITEMS.ORDER_ID,
				ORDER_ITEMS.PRODUCT_ID, ORDER_ITEMS.VARIANT_ID, ORDER_ITEMS.SKU, ORDER_ITEMS.NAME_SNAPSHOT,
				ORDER_ITEMS.VARIANT_SNAPSHOT, ORDER_ITEMS.QUANTITY, ORDER_ITEMS.UNIT_PRICE_CENTS,
				ORDER_ITEMS.DISCOUNT_CENTS, ORDER_ITEMS.LINE_TOTAL_CENTS);
		for (OrderView.Item i : items) {
			insert = insert.values(tenant, Ids.next(), orderId, i.productId(), i.variantId(), i.sku(), i.name(),
					i.variant(), i.quantity(), i.unitPriceCents(), i.discountCents(), i.lineTotalCents());
		}
		return insert;
	}

	void insertHistory(UUID orderId, String from, String to, String actorType, String actorId, String note) {
		Map<String, Object> values = new HashMap<>();
		values.put("tenant", tenant());
		values.put("id", Ids.next());
		values.put("orderId", orderId);
		values.put("from", from);
		values.put("to", to);
		values.put("actorType", actorType);
		values.put("actorId", actorId);
		values.put("note", note);
		HISTORY.execute(dsl, values);
	}

	/** A status change of the order, for the caller to run. */
	Query historyInsert(UUID orderId, String from, String to, String actorType, String actorId, String note) {
		return dsl.insertInto(ORDER_STATUS_HISTORY)
			.set(ORDER_STATUS_HISTORY.TENANT_ID, tenant())
			.set(ORDER_STATUS_HISTORY.ID, Ids.next())
			.set(ORDER_STATUS_HISTORY.ORDER_ID, orderId)
			.set(ORDER_STATUS_HISTORY.FROM_STATUS, from)
			.set(ORDER_STATUS_HISTORY.TO_STATUS, to)
			.set(ORDER_STATUS_HISTORY.ACTOR_TYPE, actorType)
			.set(ORDER_STATUS_HISTORY.ACTOR_ID, actorId)
			.set(ORDER_STATUS_HISTORY.NOTE, note);
	}

	/** The order, locked until the end of the transaction: status changes of one order happen one at a time. */
	Optional<OrdersRecord> lock(UUID orderId) {
		return LOCK.fetch(dsl, Map.of("tenant", tenant(), "id", orderId)).stream().findFirst().map(r -> r.into(ORDERS));
	}

	Optional<String> status(UUID orderId) {
		return dsl.select(ORDERS.STATUS)
			.from(ORDERS)
			.where(ORDERS.TENANT_ID.eq(tenant()), ORDERS.ID.eq(orderId))
			.fetchOptional(ORDERS.STATUS);
	}

	void updateStatus(UUID orderId, String status, String paymentStatus) {
		UPDATE_STATUS.execute(dsl, Map.of("tenant", tenant(), "id", orderId, "status", status, "paymentStatus", paymentStatus));
	}

	Optional<OrdersRecord> find(UUID orderId) {
		return dsl.selectFrom(ORDERS).where(ORDERS.TENANT_ID.eq(tenant()), ORDERS.ID.eq(orderId)).fetchOptional();
	}

	Optional<OrdersRecord> findByCart(UUID cartId) {
		return dsl.selectFrom(ORDERS).where(ORDERS.TENANT_ID.eq(tenant()), ORDERS.CART_ID.eq(cartId)).fetchOptional();
	}

	List<OrderView.Item> items(UUID orderId) {
		return dsl
			.select(ORDER_ITEMS.PRODUCT_ID, ORDER_ITEMS.VARIANT_ID, ORDER_ITEMS.SKU, ORDER_ITEMS.NAME_SNAPSHOT,
					ORDER_ITEMS.VARIANT_SNAPSHOT, ORDER_ITEMS.QUANTITY, ORDER_ITEMS.UNIT_PRICE_CENTS,
					ORDER_ITEMS.DISCOUNT_CENTS, ORDER_ITEMS.LINE_TOTAL_CENTS)
			.from(ORDER_ITEMS)
			.where(ORDER_ITEMS.TENANT_ID.eq(tenant()), ORDER_ITEMS.ORDER_ID.eq(orderId))
			.orderBy(ORDER_ITEMS.ID)
			.fetch(Records.mapping(OrderView.Item::new));
	}

	List<OrderDetail.StatusChange> history(UUID orderId) {
		return dsl
			.select(ORDER_STATUS_HISTORY.FROM_STATUS, ORDER_STATUS_HISTORY.TO_STATUS, ORDER_STATUS_HISTORY.ACTOR_TYPE,
					ORDER_STATUS_HISTORY.ACTOR_ID, ORDER_STATUS_HISTORY.NOTE, ORDER_STATUS_HISTORY.CHANGED_AT)
			.from(ORDER_STATUS_HISTORY)
			.where(ORDER_STATUS_HISTORY.TENANT_ID.eq(tenant()), ORDER_STATUS_HISTORY.ORDER_ID.eq(orderId))
			.orderBy(ORDER_STATUS_HISTORY.ID)
			.fetch(Records.mapping(OrderDetail.StatusChange::new));
	}

	List<OrderDetail.DeliverySummary> deliveries(UUID orderId) {
		return dsl
			.select(DELIVERY_ORDERS.ID, DELIVERY_ORDERS.PARTNER_ID, DELIVERY_ORDERS.STATUS, DELIVERY_ORDERS.TRACKING_CODE,
					DELIVERY_ORDERS.DISPATCHED_AT, DELIVERY_ORDERS.DELIVERED_AT)
			.from(DELIVERY_ORDERS)
			.where(DELIVERY_ORDERS.TENANT_ID.eq(tenant()), DELIVERY_ORDERS.ORDER_ID.eq(orderId))
			.orderBy(DELIVERY_ORDERS.ID)
			.fetch(Records.mapping(OrderDetail.DeliverySummary::new));
	}

	/** When the order's unpaid hold lapses; null when nothing it holds can lapse. */
	OffsetDateTime holdExpiry(UUID orderId) {
		return dsl.select(DSL.min(INVENTORY_RESERVATIONS.EXPIRES_AT))
			.from(INVENTORY_RESERVATIONS)
			.where(INVENTORY_RESERVATIONS.TENANT_ID.eq(tenant()), INVENTORY_RESERVATIONS.ORDER_ID.eq(orderId),
					INVENTORY_RESERVATIONS.STATUS.eq("active"))
			.fetchOne(0, OffsetDateTime.class);
	}

	List<OrderSummary> list(OrderFilter f) {
		return dsl
			.select(ORDERS.ID, ORDERS.ORDER_NUMBER, ORDERS.STATUS, ORDERS.PAYMENT_METHOD, ORDERS.PAYMENT_STATUS,
					ORDERS.CHANNEL, ORDERS.CUSTOMER_NAME, ORDERS.CUSTOMER_PHONE, ORDERS.DELIVERY_CITY_AREA,
					ORDERS.CURRENCY, ORDERS.TOTAL_CENTS, ORDERS.PLACED_AT)
			.from(ORDERS)
			.where(ORDERS.TENANT_ID.eq(tenant()),
					f.storeId() == null ? DSL.noCondition() : ORDERS.STORE_ID.eq(f.storeId()),
					f.status() == null ? DSL.noCondition() : ORDERS.STATUS.eq(f.status()),
					f.placedFrom() == null ? DSL.noCondition() : ORDERS.PLACED_AT.ge(f.placedFrom()),
					f.placedTo() == null ? DSL.noCondition() : ORDERS.PLACED_AT.lt(f.placedTo()),
					f.paymentMethod() == null ? DSL.noCondition() : ORDERS.PAYMENT_METHOD.eq(f.paymentMethod()),
					f.paymentStatus() == null ? DSL.noCondition() : ORDERS.PAYMENT_STATUS.eq(f.paymentStatus()),
					f.channel() == null ? DSL.noCondition() : ORDERS.CHANNEL.eq(f.channel()),
					f.cityArea() == null ? DSL.noCondition() : DSL.lower(ORDERS.DELIVERY_CITY_AREA).eq(f.cityArea()),
					f.number() == null ? DSL.noCondition() : ORDERS.ORDER_NUMBER.eq(f.number()),
					f.phone() == null ? DSL.noCondition() : ORDERS.CUSTOMER_PHONE.eq(f.phone()),
					f.customerId() == null ? DSL.noCondition() : ORDERS.CUSTOMER_ID.eq(f.customerId()),
					f.beforeId() == null ? DSL.noCondition()
							: DSL.row(ORDERS.PLACED_AT, ORDERS.ID).lt(f.beforePlacedAt(), f.beforeId()))
			.orderBy(ORDERS.PLACED_AT.desc(), ORDERS.ID.desc())
			.limit(f.limit())
			.fetch(Records.mapping(OrderSummary::new));
	}

	static List<AppliedDiscount> discounts(JSONB value) {
		return JSON.readValue(value.data(), DISCOUNTS);
	}

	static Map<String, Object> object(JSONB value) {
		return JSON.readValue(value.data(), OBJECT);
	}

	private static JSONB json(Object value) {
		return JSONB.valueOf(JSON.writeValueAsString(value));
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
