package io.sokoni.platform.whatsapp.inbound;

import static io.sokoni.jooq.Tables.CARTS;
import static io.sokoni.jooq.Tables.CART_ITEMS;
import static io.sokoni.jooq.Tables.CUSTOMERS;
import static io.sokoni.jooq.Tables.PRODUCTS;
import static io.sokoni.jooq.Tables.PRODUCT_VARIANTS;
import static io.sokoni.jooq.Tables.STORES;
import static io.sokoni.jooq.Tables.WHATSAPP_MESSAGES;
import static io.sokoni.jooq.Tables.WHATSAPP_MESSAGE_STATUSES;
import static io.sokoni.jooq.Tables.WHATSAPP_NOTIFICATIONS;
import static io.sokoni.jooq.Tables.WHATSAPP_THREADS;
import static org.jooq.impl.DSL.inline;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.database.StatementPipeline;
import io.sokoni.platform.inventory.SellableStock;
import io.sokoni.platform.whatsapp.MessageStatuses;
import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** What the inbound worker writes and reads in the bound tenant's database (runtime role, RLS). */
@Repository
class InboundRepository {

	private static final Field<OffsetDateTime> NOW = DSL.currentOffsetDateTime();

	private final DSLContext dsl;

	InboundRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

	private static OffsetDateTime at(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	record ThreadRow(UUID id, UUID customerId, UUID cartId, OffsetDateTime optedOutAt) {
	}

	/**
	 * The shopper's thread, created on their first message. The upsert locks the thread row until the
	 * transaction ends, so the messages of one shopper are recorded one after the other.
	 */
	ThreadRow upsertThread(String waId, String profileName) {
		var t = WHATSAPP_THREADS;
		return dsl.insertInto(t)
			.set(t.TENANT_ID, tenant())
			.set(t.ID, Ids.next())
			.set(t.WA_ID, waId)
			.set(t.PROFILE_NAME, profileName)
			.onConflict(t.TENANT_ID, t.WA_ID)
			.doUpdate()
			.set(t.PROFILE_NAME, DSL.coalesce(DSL.excluded(t.PROFILE_NAME), t.PROFILE_NAME))
			.returningResult(t.ID, t.CUSTOMER_ID, t.CART_ID, t.OPTED_OUT_AT)
			.fetchSingle(r -> new ThreadRow(r.value1(), r.value2(), r.value3(), r.value4()));
	}

	/** Records an inbound message; empty when a message with this wamid is already recorded (a duplicate). */
	Optional<UUID> insertInbound(UUID threadId, String wamid, String kind, String body, JSONB metadata,
			Instant receivedAt) {
		var m = WHATSAPP_MESSAGES;
		return dsl.insertInto(m)
			.set(m.TENANT_ID, tenant())
			.set(m.ID, Ids.next())
			.set(m.THREAD_ID, threadId)
			.set(m.DIRECTION, "inbound")
			.set(m.WAMID, wamid)
			.set(m.KIND, kind)
			.set(m.BODY, body)
			.set(m.METADATA, metadata)
			.set(m.STATUS, "received")
			.set(m.CREATED_AT, at(receivedAt))
			.onConflict(m.TENANT_ID, m.WAMID)
			.where(m.WAMID.isNotNull())
			.doNothing()
			.returningResult(m.ID)
			.fetchOptional(r -> r.value1());
	}

	/**
	 * A new inbound message on the thread: one more unread, the latest activity, and the 24-hour window
	 * opened from the message's time (never from a time in the future). A closed thread opens again.
	 */
	void touchThread(UUID threadId, Instant sentAt) {
		var t = WHATSAPP_THREADS;
		Field<OffsetDateTime> at = DSL.least(DSL.val(at(sentAt)), NOW);
		dsl.update(t)
			.set(t.LAST_INBOUND_AT, DSL.greatest(DSL.coalesce(t.LAST_INBOUND_AT, at), at))
			.set(t.LAST_MESSAGE_AT, DSL.greatest(DSL.coalesce(t.LAST_MESSAGE_AT, at), at))
			.set(t.UNREAD_COUNT, t.UNREAD_COUNT.plus(1))
			.set(t.STATUS, "open")
			.set(t.UPDATED_AT, NOW)
			.where(t.TENANT_ID.eq(tenant()), t.ID.eq(threadId))
			.execute();
	}

	void linkCustomer(UUID threadId, UUID customerId) {
		var t = WHATSAPP_THREADS;
		dsl.update(t)
			.set(t.CUSTOMER_ID, customerId)
			.where(t.TENANT_ID.eq(tenant()), t.ID.eq(threadId))
			.execute();
	}

	Optional<UUID> customerIdByPhone(String phone) {
		return dsl.select(CUSTOMERS.ID)
			.from(CUSTOMERS)
			.where(CUSTOMERS.TENANT_ID.eq(tenant()), CUSTOMERS.PHONE.eq(phone))
			.fetchOptional(r -> r.value1());
	}

	/** STOP sets the opt-out time (kept when already out), START clears it. */
	void setOptedOut(UUID threadId, boolean out) {
		var t = WHATSAPP_THREADS;
		dsl.update(t)
			.set(t.OPTED_OUT_AT, out ? DSL.coalesce(t.OPTED_OUT_AT, NOW) : DSL.inline((OffsetDateTime) null))
			.set(t.UPDATED_AT, NOW)
			.where(t.TENANT_ID.eq(tenant()), t.ID.eq(threadId))
			.execute();
	}

	/** The thread's shopper is this customer, and their current cart this one. */
	void setThreadCustomerAndCart(UUID threadId, UUID customerId, UUID cartId) {
		var t = WHATSAPP_THREADS;
		dsl.update(t)
			.set(t.CUSTOMER_ID, customerId)
			.set(t.CART_ID, cartId)
			.where(t.TENANT_ID.eq(tenant()), t.ID.eq(threadId))
			.execute();
	}

	void setCartArea(UUID cartId, String cityArea) {
		dsl.update(CARTS)
			.set(CARTS.CITY_AREA, cityArea)
			.where(CARTS.TENANT_ID.eq(tenant()), CARTS.ID.eq(cartId), CARTS.STATUS.eq("open"))
			.execute();
	}

	/** Adds keys to a message's metadata. */
	void mergeMetadata(UUID messageId, JSONB more) {
		var m = WHATSAPP_MESSAGES;
		dsl.update(m)
			.set(m.METADATA, DSL.field("{0} || {1}", m.METADATA.getDataType(), m.METADATA, DSL.val(more)))
			.where(m.TENANT_ID.eq(tenant()), m.ID.eq(messageId))
			.execute();
	}

	/** Records a batch of status updates (each once per wamid and status) and brings their messages up to date. */
	void recordStatuses(List<InboundStatus> statuses) {
		var s = WHATSAPP_MESSAGE_STATUSES;
		var insert = dsl.insertInto(s, s.TENANT_ID, s.WAMID, s.STATUS, s.RANK, s.ERROR_CODE, s.ERROR_TITLE, s.OCCURRED_AT);
		java.util.Set<String> wamids = new java.util.LinkedHashSet<>();
		for (InboundStatus status : statuses) {
			insert = insert.values(tenant(), status.wamid(), status.status(),
					MessageStatuses.rank(status.status()).orElseThrow().shortValue(), status.errorCode(),
					status.errorTitle(), at(status.timestamp()));
			wamids.add(status.wamid());
		}
		StatementPipeline.execute(dsl, insert.onConflictDoNothing(), MessageStatuses.refreshAll(dsl, tenant(), wamids));
	}

	/** Queues a message for the sender; nothing when one with this key is queued already. */
	boolean queueNotification(String key, String kind, UUID threadId, String toWaId, String body) {
		var n = WHATSAPP_NOTIFICATIONS;
		return dsl.insertInto(n)
			.set(n.TENANT_ID, tenant())
			.set(n.ID, Ids.next())
			.set(n.NOTIFICATION_KEY, key)
			.set(n.KIND, kind)
			.set(n.THREAD_ID, threadId)
			.set(n.TO_WA_ID, toWaId)
			.set(n.BODY, body)
			.onConflictDoNothing()
			.execute() == 1;
	}

	/**
	 * A catalog variant by SKU with whether the store still sells it and how many can be bought now.
	 * @param forSale variant and product active
	 */
	record Variant(String sku, UUID variantId, UUID productId, UUID storeId, String productName, String variantName,
			long priceCents, boolean forSale, int available) {
	}

	List<Variant> variantsBySku(Collection<String> skus) {
		return dsl.select(PRODUCT_VARIANTS.SKU, PRODUCT_VARIANTS.ID, PRODUCTS.ID, PRODUCTS.STORE_ID, PRODUCTS.NAME,
				PRODUCT_VARIANTS.NAME, PRODUCT_VARIANTS.PRICE_CENTS,
				DSL.field(PRODUCT_VARIANTS.IS_ACTIVE.isTrue().and(PRODUCTS.STATUS.eq(inline("active")))),
				SellableStock.quantity())
			.from(PRODUCT_VARIANTS)
			.join(PRODUCTS)
			.on(PRODUCTS.TENANT_ID.eq(PRODUCT_VARIANTS.TENANT_ID), PRODUCTS.ID.eq(PRODUCT_VARIANTS.PRODUCT_ID))
			.where(PRODUCT_VARIANTS.TENANT_ID.eq(tenant()), PRODUCT_VARIANTS.SKU.in(skus))
			.fetch(r -> new Variant(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(),
					Boolean.TRUE.equals(r.value8()), r.value9() == null ? 0 : r.value9()));
	}

	record StoreRow(UUID id, String slug, String name, String currency) {
	}

	/** The tenant's first store: where a WhatsApp order goes when none of its items names one. */
	Optional<StoreRow> firstStore() {
		return dsl.select(STORES.ID, STORES.SLUG, STORES.NAME, STORES.CURRENCY)
			.from(STORES)
			.where(STORES.TENANT_ID.eq(tenant()))
			.orderBy(STORES.CREATED_AT, STORES.ID)
			.limit(1)
			.fetchOptional(r -> new StoreRow(r.value1(), r.value2(), r.value3(), r.value4()));
	}

	Optional<StoreRow> store(UUID storeId) {
		return dsl.select(STORES.ID, STORES.SLUG, STORES.NAME, STORES.CURRENCY)
			.from(STORES)
			.where(STORES.TENANT_ID.eq(tenant()), STORES.ID.eq(storeId))
			.fetchOptional(r -> new StoreRow(r.value1(), r.value2(), r.value3(), r.value4()));
	}

	record OpenCart(UUID id, UUID storeId, long subtotalCents) {
	}

	/** The thread's cart while it is open, with its subtotal at current prices. */
	Optional<OpenCart> openCart(UUID cartId) {
		Field<Long> subtotal = DSL.field(DSL.select(DSL.coalesce(DSL.sum(PRODUCT_VARIANTS.PRICE_CENTS.times(CART_ITEMS.QUANTITY)),
				DSL.inline(java.math.BigDecimal.ZERO)).cast(Long.class))
			.from(CART_ITEMS)
			.join(PRODUCT_VARIANTS)
			.on(PRODUCT_VARIANTS.TENANT_ID.eq(CART_ITEMS.TENANT_ID), PRODUCT_VARIANTS.ID.eq(CART_ITEMS.VARIANT_ID))
			.where(CART_ITEMS.TENANT_ID.eq(CARTS.TENANT_ID), CART_ITEMS.CART_ID.eq(CARTS.ID)));
		return dsl.select(CARTS.ID, CARTS.STORE_ID, subtotal)
			.from(CARTS)
			.where(CARTS.TENANT_ID.eq(tenant()), CARTS.ID.eq(cartId), CARTS.STATUS.eq("open"),
					CARTS.EXPIRES_AT.gt(NOW))
			.fetchOptional(r -> new OpenCart(r.value1(), r.value2(), r.value3() == null ? 0 : r.value3()));
	}

}
