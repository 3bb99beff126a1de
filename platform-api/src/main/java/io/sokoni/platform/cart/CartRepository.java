package io.sokoni.platform.cart;

import static io.sokoni.jooq.Tables.CARTS;
import static io.sokoni.jooq.Tables.CART_ITEMS;
import static io.sokoni.jooq.Tables.CHECKOUT_ABANDONMENT_REASONS;
import static io.sokoni.jooq.Tables.DELIVERY_QUOTES;
import static io.sokoni.jooq.Tables.DELIVERY_ZONES;
import static io.sokoni.jooq.Tables.PRODUCTS;
import static io.sokoni.jooq.Tables.PRODUCT_VARIANTS;
import static io.sokoni.jooq.Tables.STORES;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.jooq.tables.CartItems;
import io.sokoni.platform.Ids;
import io.sokoni.platform.database.DatabaseTime;
import io.sokoni.platform.database.RenderedOnce;
import io.sokoni.platform.database.StatementPipeline;
import io.sokoni.platform.delivery.DeliveryQuote;
import io.sokoni.platform.inventory.SellableStock;
import io.sokoni.tenant.TenantContext;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Records;
import org.jooq.ResultQuery;
import org.jooq.Results;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Carts of the bound tenant, their items, delivery quotes and abandonment reasons. */
@Repository
class CartRepository {

	private static final SelectField<?>[] CART = { CARTS.ID, CARTS.STORE_ID, CARTS.CHANNEL, CARTS.STATUS,
			CARTS.CURRENCY, CARTS.COUPON_CODE, CARTS.CITY_AREA, CARTS.CUSTOMER_ID, CARTS.EXPIRES_AT,
			CARTS.LAST_ACTIVITY_AT, CARTS.VERSION, DSL.field(CARTS.EXPIRES_AT.le(DSL.currentOffsetDateTime())).as("expired") };

	private static final Field<OffsetDateTime> NOW = DSL.currentOffsetDateTime();

	/** Whether an item's variant is still sold by the store: variant active, product active and the store's. */
	private static Condition forSale(Field<UUID> storeId) {
		return PRODUCT_VARIANTS.IS_ACTIVE.isTrue().and(PRODUCTS.STATUS.eq(inline("active"))).and(PRODUCTS.STORE_ID.eq(storeId));
	}

	/** Stock a shopper can still buy of the variant in the outer query. */
	private static final Field<Integer> AVAILABLE = SellableStock.quantity();

	private final DSLContext dsl;

	/** Add-to-cart's statements ({@link #add}), rendered once: their rendering was a third of its CPU. */
	private final RenderedOnce addition;

	CartRepository(DSLContext dsl) {
		this.dsl = dsl;
		Field<UUID> tenant = DSL.param("tenant", UUID.class);
		Field<UUID> store = DSL.param("store", UUID.class);
		Field<String> tokenHash = DSL.param("tokenHash", String.class);
		Field<UUID> cartId = liveCartId(tenant, store, tokenHash);
		this.addition = RenderedOnce.of(touchStatement(tenant, store, tokenHash, DSL.param("ttlMillis", Long.class)),
				addItem(tenant, cartId, store, DSL.param("variant", UUID.class), DSL.param("quantity", Integer.class),
						DSL.param("itemId", UUID.class)),
				linesQuery(tenant, cartId, store));
	}

	/** A cart as stored; {@code expired} is computed by the database clock. */
	record CartRow(UUID id, UUID storeId, String channel, String status, String currency, String couponCode,
			String cityArea, UUID customerId, OffsetDateTime expiresAt, OffsetDateTime lastActivityAt, long version,
			boolean expired) {
	}

	/** A cart line at current prices; {@code availableQuantity} is the variant's sellable stock. */
	record Line(UUID productId, UUID variantId, UUID categoryId, String productName, String variantName, String sku,
			int quantity, long unitPriceCents, long addedAtPriceCents, boolean forSale, int availableQuantity) {
	}

	/** Why a variant cannot go into a cart: whether the store sells it, its stock, what the cart holds. */
	record VariantCheck(boolean forSale, int available, int inCart, String name) {
	}

	/**
	 * A new open cart of the store in the store's currency, of a known customer or none ({@code customerId}
	 * null); empty when the store does not exist.
	 */
	Optional<CartRow> insert(UUID id, UUID storeId, String tokenHash, String channel, UUID customerId, Duration ttl) {
		return dsl.insertInto(CARTS, CARTS.TENANT_ID, CARTS.ID, CARTS.STORE_ID, CARTS.TOKEN_HASH, CARTS.CHANNEL,
				CARTS.CUSTOMER_ID, CARTS.CURRENCY, CARTS.EXPIRES_AT)
			.select(select(val(tenant()), val(id), val(storeId), val(tokenHash), val(channel), val(customerId, CARTS.CUSTOMER_ID),
					STORES.CURRENCY, DatabaseTime.fromNow(ttl))
				.from(STORES)
				.where(STORES.TENANT_ID.eq(tenant()), STORES.ID.eq(storeId)))
			.returningResult(CART)
			.fetchOptional(CartRepository::cart);
	}

	Optional<CartRow> find(UUID storeId, String tokenHash) {
		return dsl.select(CART)
			.from(CARTS)
			.where(byToken(val(tenant()), val(storeId), val(tokenHash)))
			.fetchOptional(CartRepository::cart);
	}

	/** A cart locked for checkout (whatever its state: the caller decides) and its lines. */
	record Locked(Optional<CartRow> cart, List<Line> lines) {
	}

	/**
	 * Locks the cart with this token (FOR UPDATE) and reads its lines, in one round trip: the lines' query
	 * finds the cart by its token, after the lock was taken.
	 */
	Locked lockWithLines(UUID storeId, String tokenHash) {
		Field<UUID> tenant = val(tenant());
		Condition cart = byToken(tenant, val(storeId), val(tokenHash));
		Results answered = StatementPipeline.fetch(dsl, dsl.select(CART).from(CARTS).where(cart).forUpdate(),
				linesQuery(tenant, DSL.field(select(CARTS.ID).from(CARTS).where(cart)), val(storeId)));
		return new Locked(answered.get(0).stream().findFirst().map(CartRepository::cart),
				answered.get(1).map(CartRepository::line));
	}

	/**
	 * Records a change of a live cart in one statement, which also locks its row for the rest of the
	 * transaction: last activity now, expiry pushed out, version + 1, and an abandoned cart open again.
	 * Empty when there is no such cart or it is converted or expired (the caller finds out which).
	 */
	Optional<CartRow> touch(UUID storeId, String tokenHash, Duration ttl) {
		return touchStatement(val(tenant()), val(storeId), val(tokenHash), val(ttl.toMillis()))
			.fetchOptional(CartRepository::cart);
	}

	private ResultQuery<Record> touchStatement(Field<UUID> tenant, Field<UUID> storeId, Field<String> tokenHash,
			Field<Long> ttlMillis) {
		return dsl.update(CARTS)
			.set(CARTS.LAST_ACTIVITY_AT, NOW)
			.set(CARTS.EXPIRES_AT, DatabaseTime.fromNow(ttlMillis))
			.set(CARTS.VERSION, CARTS.VERSION.plus(inline(1)))
			.set(CARTS.STATUS, inline("open"))
			.set(CARTS.UPDATED_AT, NOW)
			.where(live(tenant, storeId, tokenHash))
			.returningResult(CART);
	}

	/** The id of the store's live cart (not converted, not expired) with this token; null when none is. */
	private static Field<UUID> liveCartId(Field<UUID> tenant, Field<UUID> storeId, Field<String> tokenHash) {
		return DSL.field(select(CARTS.ID).from(CARTS).where(live(tenant, storeId, tokenHash)));
	}

	/** The store's cart with this token, whatever its state. */
	private static Condition byToken(Field<UUID> tenant, Field<UUID> storeId, Field<String> tokenHash) {
		return DSL.and(CARTS.TENANT_ID.eq(tenant), CARTS.STORE_ID.eq(storeId), CARTS.TOKEN_HASH.eq(tokenHash));
	}

	/** The store's cart with this token, if it is live: not converted, not expired. */
	private static Condition live(Field<UUID> tenant, Field<UUID> storeId, Field<String> tokenHash) {
		return byToken(tenant, storeId, tokenHash).and(CARTS.STATUS.ne(inline("converted")))
			.and(CARTS.EXPIRES_AT.gt(NOW));
	}

	void setCoupon(UUID cartId, String couponCode) {
		dsl.update(CARTS)
			.set(CARTS.COUPON_CODE, couponCode)
			.where(CARTS.TENANT_ID.eq(tenant()), CARTS.ID.eq(cartId))
			.execute();
	}

	void setCityArea(UUID cartId, String cityArea) {
		dsl.update(CARTS)
			.set(CARTS.CITY_AREA, cityArea)
			.where(CARTS.TENANT_ID.eq(tenant()), CARTS.ID.eq(cartId))
			.execute();
	}

	/**
	 * Converts a cart (not yet converted) to an order of the customer; changes no row when it was not there
	 * to convert.
	 */
	Query markConverted(UUID cartId, UUID customerId) {
		return dsl.update(CARTS)
			.set(CARTS.STATUS, "converted")
			.set(CARTS.CONVERTED_AT, NOW)
			.set(CARTS.CUSTOMER_ID, customerId)
			.set(CARTS.VERSION, CARTS.VERSION.plus(1))
			.set(CARTS.LAST_ACTIVITY_AT, NOW)
			.set(CARTS.UPDATED_AT, NOW)
			.where(CARTS.TENANT_ID.eq(tenant()), CARTS.ID.eq(cartId), CARTS.STATUS.ne("converted"));
	}

	/** The cart's lines in the order they were added, at current prices, with stock. */
	List<Line> lines(UUID cartId, UUID storeId) {
		return linesQuery(val(tenant()), val(cartId), val(storeId)).fetch(CartRepository::line);
	}

	/** The columns of a {@link Line}, in its order ({@link #line} reads them by position). */
	private ResultQuery<?> linesQuery(Field<UUID> tenant, Field<UUID> cartId, Field<UUID> storeId) {
		return dsl.select(CART_ITEMS.PRODUCT_ID, CART_ITEMS.VARIANT_ID, PRODUCTS.CATEGORY_ID, PRODUCTS.NAME,
				PRODUCT_VARIANTS.NAME, PRODUCT_VARIANTS.SKU, CART_ITEMS.QUANTITY, PRODUCT_VARIANTS.PRICE_CENTS,
				CART_ITEMS.UNIT_PRICE_CENTS, DSL.field(forSale(storeId)), AVAILABLE)
			.from(CART_ITEMS)
			.join(PRODUCT_VARIANTS)
			.on(PRODUCT_VARIANTS.TENANT_ID.eq(CART_ITEMS.TENANT_ID), PRODUCT_VARIANTS.ID.eq(CART_ITEMS.VARIANT_ID))
			.join(PRODUCTS)
			.on(PRODUCTS.TENANT_ID.eq(PRODUCT_VARIANTS.TENANT_ID), PRODUCTS.ID.eq(PRODUCT_VARIANTS.PRODUCT_ID))
			.where(CART_ITEMS.TENANT_ID.eq(tenant), CART_ITEMS.CART_ID.eq(cartId))
			.orderBy(CART_ITEMS.CREATED_AT, CART_ITEMS.ID);
	}

	/**
	 * What an add-to-cart found: the cart as touched (empty when not live), whether the line was written,
	 * the lines after it.
	 */
	record Addition(Optional<CartRow> cart, boolean added, List<Line> lines) {
	}

	/**
	 * An add-to-cart's three statements in one round trip: {@link #touch}, the line's upsert
	 * ({@link #addItem}) and the cart's {@link #lines}. The last two find the cart by its token as the
	 * touch left it, so when the touch found no live cart they write and read nothing.
	 */
	Addition add(UUID storeId, String tokenHash, Duration ttl, UUID variantId, int quantity) {
		Results answered = addition.fetchMany(dsl, Map.of("tenant", tenant(), "store", storeId, "tokenHash", tokenHash,
				"ttlMillis", ttl.toMillis(), "variant", variantId, "quantity", quantity, "itemId", Ids.next()));
		return new Addition(answered.get(0).stream().findFirst().map(CartRepository::cart),
				answered.get(1).isNotEmpty(), answered.get(2).map(CartRepository::line));
	}

	/**
	 * Adds {@code quantity} of a variant to the cart in one statement: a new line, or more of the line
	 * already there (the upsert adds to the stored quantity, so concurrent adds never lose one). Nothing
	 * is written, and the result is empty, unless the store sells the variant, the new total is at most
	 * {@link CartService#MAX_QUANTITY}, and the available stock covers the new total. Prices are snapshotted.
	 */
	private ResultQuery<Record1<Integer>> addItem(Field<UUID> tenant, Field<UUID> cartId, Field<UUID> storeId,
			Field<UUID> variantId, Field<Integer> quantity, Field<UUID> itemId) {
		CartItems held = CART_ITEMS.as("held");
		Field<Integer> wanted = quantity.plus(coalesce(DSL.field(select(held.QUANTITY).from(held)
			.where(held.TENANT_ID.eq(tenant), held.CART_ID.eq(cartId), held.VARIANT_ID.eq(variantId))), inline(0)));
		// A new line only while the cart has fewer than MAX_LINES (the touch before holds the cart row, so
		// concurrent adds to one cart count one after another).
		CartItems lines = CART_ITEMS.as("lines");
		Condition roomForLine = DSL.field(DSL.selectCount().from(lines)
			.where(lines.TENANT_ID.eq(tenant), lines.CART_ID.eq(cartId))).lt(inline(CartService.MAX_LINES))
			.or(DSL.exists(DSL.selectOne().from(held)
				.where(held.TENANT_ID.eq(tenant), held.CART_ID.eq(cartId), held.VARIANT_ID.eq(variantId))));
		return dsl.insertInto(CART_ITEMS, CART_ITEMS.TENANT_ID, CART_ITEMS.ID, CART_ITEMS.CART_ID, CART_ITEMS.PRODUCT_ID,
				CART_ITEMS.VARIANT_ID, CART_ITEMS.QUANTITY, CART_ITEMS.UNIT_PRICE_CENTS)
			.select(select(tenant, itemId, cartId, PRODUCT_VARIANTS.PRODUCT_ID, PRODUCT_VARIANTS.ID, quantity,
					PRODUCT_VARIANTS.PRICE_CENTS)
				.from(PRODUCT_VARIANTS)
				.join(PRODUCTS)
				.on(PRODUCTS.TENANT_ID.eq(PRODUCT_VARIANTS.TENANT_ID), PRODUCTS.ID.eq(PRODUCT_VARIANTS.PRODUCT_ID))
				.where(cartId.isNotNull(), PRODUCT_VARIANTS.TENANT_ID.eq(tenant), PRODUCT_VARIANTS.ID.eq(variantId),
						forSale(storeId), wanted.le(inline(CartService.MAX_QUANTITY)), AVAILABLE.ge(wanted), roomForLine))
			.onConflict(CART_ITEMS.TENANT_ID, CART_ITEMS.CART_ID, CART_ITEMS.VARIANT_ID)
			.doUpdate()
			.set(CART_ITEMS.QUANTITY, CART_ITEMS.QUANTITY.plus(excluded(CART_ITEMS.QUANTITY)))
			.set(CART_ITEMS.UNIT_PRICE_CENTS, excluded(CART_ITEMS.UNIT_PRICE_CENTS))
			.set(CART_ITEMS.UPDATED_AT, NOW)
			.returningResult(CART_ITEMS.QUANTITY);
	}

	/**
	 * Sets a line's quantity (and refreshes its price snapshot) in one statement, only when the store
	 * still sells the variant and the stock covers the quantity; false when nothing was changed.
	 */
	boolean setQuantity(UUID cartId, UUID storeId, UUID variantId, int quantity) {
		return dsl.update(CART_ITEMS)
			.set(CART_ITEMS.QUANTITY, quantity)
			.set(CART_ITEMS.UNIT_PRICE_CENTS, PRODUCT_VARIANTS.PRICE_CENTS)
			.set(CART_ITEMS.UPDATED_AT, NOW)
			.from(PRODUCT_VARIANTS.join(PRODUCTS)
				.on(PRODUCTS.TENANT_ID.eq(PRODUCT_VARIANTS.TENANT_ID), PRODUCTS.ID.eq(PRODUCT_VARIANTS.PRODUCT_ID)))
			.where(CART_ITEMS.TENANT_ID.eq(tenant()), CART_ITEMS.CART_ID.eq(cartId), CART_ITEMS.VARIANT_ID.eq(variantId),
					PRODUCT_VARIANTS.TENANT_ID.eq(CART_ITEMS.TENANT_ID), PRODUCT_VARIANTS.ID.eq(CART_ITEMS.VARIANT_ID),
					forSale(val(storeId)), AVAILABLE.ge(quantity))
			.execute() == 1;
	}

	boolean removeItem(UUID cartId, UUID variantId) {
		return dsl.deleteFrom(CART_ITEMS)
			.where(CART_ITEMS.TENANT_ID.eq(tenant()), CART_ITEMS.CART_ID.eq(cartId), CART_ITEMS.VARIANT_ID.eq(variantId))
			.execute() == 1;
	}

	boolean hasItem(UUID cartId, UUID variantId) {
		return dsl.fetchExists(CART_ITEMS, CART_ITEMS.TENANT_ID.eq(tenant()), CART_ITEMS.CART_ID.eq(cartId),
				CART_ITEMS.VARIANT_ID.eq(variantId));
	}

	/** Why an add or change was refused; empty when the store has no such variant. */
	Optional<VariantCheck> check(UUID cartId, UUID storeId, UUID variantId) {
		return dsl.select(DSL.field(forSale(val(storeId))), AVAILABLE,
				coalesce(DSL.field(select(CART_ITEMS.QUANTITY).from(CART_ITEMS)
					.where(CART_ITEMS.TENANT_ID.eq(tenant()), CART_ITEMS.CART_ID.eq(cartId),
							CART_ITEMS.VARIANT_ID.eq(variantId))), inline(0)),
				DSL.concat(PRODUCTS.NAME, DSL.when(PRODUCT_VARIANTS.NAME.isNotNull(),
						DSL.concat(inline(" ("), PRODUCT_VARIANTS.NAME, inline(")"))).else_(inline(""))))
			.from(PRODUCT_VARIANTS)
			.join(PRODUCTS)
			.on(PRODUCTS.TENANT_ID.eq(PRODUCT_VARIANTS.TENANT_ID), PRODUCTS.ID.eq(PRODUCT_VARIANTS.PRODUCT_ID))
			.where(PRODUCT_VARIANTS.TENANT_ID.eq(tenant()), PRODUCT_VARIANTS.ID.eq(variantId),
					PRODUCTS.STORE_ID.eq(storeId))
			.fetchOptional(Records.mapping(VariantCheck::new));
	}

	/** How many lines (distinct variants) the cart holds. */
	int countLines(UUID cartId) {
		return dsl.fetchCount(CART_ITEMS, CART_ITEMS.TENANT_ID.eq(tenant()), CART_ITEMS.CART_ID.eq(cartId));
	}

	/** Locks the cart row until the transaction ends (its children are counted and added one at a time). */
	void lock(UUID cartId) {
		dsl.select(CARTS.ID).from(CARTS).where(CARTS.TENANT_ID.eq(tenant()), CARTS.ID.eq(cartId)).forNoKeyUpdate().execute();
	}

	/** Deletes the cart's expired quotes (no checkout honours them) and counts the others. */
	int pruneQuotes(UUID cartId) {
		dsl.deleteFrom(DELIVERY_QUOTES)
			.where(DELIVERY_QUOTES.TENANT_ID.eq(tenant()), DELIVERY_QUOTES.CART_ID.eq(cartId),
					DELIVERY_QUOTES.EXPIRES_AT.le(NOW))
			.execute();
		return dsl.fetchCount(DELIVERY_QUOTES, DELIVERY_QUOTES.TENANT_ID.eq(tenant()), DELIVERY_QUOTES.CART_ID.eq(cartId));
	}

	int countAbandonmentReasons(UUID cartId) {
		return dsl.fetchCount(CHECKOUT_ABANDONMENT_REASONS, CHECKOUT_ABANDONMENT_REASONS.TENANT_ID.eq(tenant()),
				CHECKOUT_ABANDONMENT_REASONS.CART_ID.eq(cartId));
	}

	/** Records a quote the shopper was shown; returns when it expires. */
	OffsetDateTime insertQuote(UUID cartId, DeliveryQuote quote, String cityArea, long subtotalCents, Duration ttl) {
		return dsl.insertInto(DELIVERY_QUOTES)
			.set(DELIVERY_QUOTES.TENANT_ID, tenant())
			.set(DELIVERY_QUOTES.ID, Ids.next())
			.set(DELIVERY_QUOTES.CART_ID, cartId)
			.set(DELIVERY_QUOTES.ZONE_ID, quote.zoneId())
			.set(DELIVERY_QUOTES.CITY_AREA, cityArea)
			.set(DELIVERY_QUOTES.SUBTOTAL_CENTS, subtotalCents)
			.set(DELIVERY_QUOTES.FEE_CENTS, quote.feeCents())
			.set(DELIVERY_QUOTES.ETA_MINUTES, quote.etaMinutes())
			.set(DELIVERY_QUOTES.RULE_APPLIED, quote.ruleApplied())
			.set(DELIVERY_QUOTES.EXPIRES_AT, DatabaseTime.fromNow(ttl))
			.returningResult(DELIVERY_QUOTES.EXPIRES_AT)
			.fetchSingle(r -> r.value1());
	}

	/**
	 * The latest unexpired quote of the cart for this area (compared lower case with single spaces) and
	 * subtotal, with its zone as it is now.
	 */
	Optional<DeliveryQuote> validQuote(UUID cartId, String areaKey, long subtotalCents) {
		Field<String> quotedArea = DSL.lower(DSL.regexpReplaceAll(DSL.trim(DELIVERY_QUOTES.CITY_AREA), "\\s+", " "));
		return dsl.select(DELIVERY_QUOTES.ZONE_ID, DELIVERY_ZONES.NAME, DELIVERY_QUOTES.CITY_AREA,
				DELIVERY_QUOTES.FEE_CENTS, DELIVERY_QUOTES.ETA_MINUTES, DELIVERY_QUOTES.RULE_APPLIED,
				DELIVERY_ZONES.MIN_ORDER_CENTS, DELIVERY_ZONES.FREE_DELIVERY_THRESHOLD_CENTS)
			.from(DELIVERY_QUOTES)
			.join(DELIVERY_ZONES)
			.on(DELIVERY_ZONES.TENANT_ID.eq(DELIVERY_QUOTES.TENANT_ID), DELIVERY_ZONES.ID.eq(DELIVERY_QUOTES.ZONE_ID))
			.where(DELIVERY_QUOTES.TENANT_ID.eq(tenant()), DELIVERY_QUOTES.CART_ID.eq(cartId),
					DELIVERY_QUOTES.EXPIRES_AT.gt(NOW), quotedArea.eq(areaKey),
					DELIVERY_QUOTES.SUBTOTAL_CENTS.eq(subtotalCents))
			.orderBy(DELIVERY_QUOTES.CREATED_AT.desc(), DELIVERY_QUOTES.ID.desc())
			.limit(1)
			.fetchOptional(Records.mapping(DeliveryQuote::new));
	}

	record AbandonmentReason(UUID id, String reason, String note, OffsetDateTime createdAt) {
	}

	AbandonmentReason insertAbandonmentReason(UUID cartId, String reason, String note) {
		return dsl.insertInto(CHECKOUT_ABANDONMENT_REASONS)
			.set(CHECKOUT_ABANDONMENT_REASONS.TENANT_ID, tenant())
			.set(CHECKOUT_ABANDONMENT_REASONS.ID, Ids.next())
			.set(CHECKOUT_ABANDONMENT_REASONS.CART_ID, cartId)
			.set(CHECKOUT_ABANDONMENT_REASONS.REASON, reason)
			.set(CHECKOUT_ABANDONMENT_REASONS.NOTE, note)
			.returningResult(CHECKOUT_ABANDONMENT_REASONS.ID, CHECKOUT_ABANDONMENT_REASONS.REASON,
					CHECKOUT_ABANDONMENT_REASONS.NOTE, CHECKOUT_ABANDONMENT_REASONS.CREATED_AT)
			.fetchSingle(Records.mapping(AbandonmentReason::new));
	}

	/**
	 * Marks these carts abandoned if they are still open, idle for {@code idle} and hold items: the
	 * conditions are re-checked here, with the tenant bound, because the shopper may have come back
	 * since the job found them.
	 */
	List<UUID> abandon(Collection<UUID> cartIds, Duration idle) {
		return dsl.update(CARTS)
			.set(CARTS.STATUS, "abandoned")
			.set(CARTS.ABANDONED_AT, NOW)
			.set(CARTS.UPDATED_AT, NOW)
			.where(CARTS.TENANT_ID.eq(tenant()), CARTS.ID.in(cartIds), CARTS.STATUS.eq("open"),
					CARTS.LAST_ACTIVITY_AT.lt(DatabaseTime.ago(idle)),
					DSL.exists(DSL.selectOne().from(CART_ITEMS)
						.where(CART_ITEMS.TENANT_ID.eq(CARTS.TENANT_ID), CART_ITEMS.CART_ID.eq(CARTS.ID))))
			.returningResult(CARTS.ID)
			.fetch(Record1::value1);
	}

	/** By position: a pipeline's rows carry no typed fields, and two of these columns are both "name". */
	private static Line line(Record r) {
		return new Line(r.get(0, UUID.class), r.get(1, UUID.class), r.get(2, UUID.class), r.get(3, String.class),
				r.get(4, String.class), r.get(5, String.class), r.get(6, Integer.class), r.get(7, Long.class),
				r.get(8, Long.class), r.get(9, Boolean.class), r.get(10, Integer.class));
	}

	/** By name, so it reads a typed record and a pipeline's untyped one alike. */
	private static CartRow cart(Record r) {
		return new CartRow(r.get(CARTS.ID), r.get(CARTS.STORE_ID), r.get(CARTS.CHANNEL), r.get(CARTS.STATUS),
				r.get(CARTS.CURRENCY), r.get(CARTS.COUPON_CODE), r.get(CARTS.CITY_AREA), r.get(CARTS.CUSTOMER_ID),
				r.get(CARTS.EXPIRES_AT), r.get(CARTS.LAST_ACTIVITY_AT), r.get(CARTS.VERSION),
				r.get("expired", Boolean.class));
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
