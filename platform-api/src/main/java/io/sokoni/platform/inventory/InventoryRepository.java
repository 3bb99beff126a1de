package io.sokoni.platform.inventory;

import static io.sokoni.jooq.Tables.INVENTORY_LEVELS;
import static io.sokoni.jooq.Tables.INVENTORY_MOVEMENTS;
import static io.sokoni.jooq.Tables.PRODUCTS;
import static io.sokoni.jooq.Tables.PRODUCT_VARIANTS;
import static io.sokoni.jooq.Tables.STORE_LOCATIONS;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.tenant.TenantContext;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Records;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/**
 * Stock levels and their movement journal for the bound tenant. Every stock change is one conditional
 * statement that either applies a valid change and returns the resulting level, or changes nothing and
 * returns empty: the database decides under its row lock, so concurrent changes can never oversell or
 * go negative (the table's check constraints are the last line of defence, not the first).
 */
@Repository
class InventoryRepository {

	/** The largest on hand a level may reach ({@code integer} column). */
	static final int MAX_ON_HAND = Integer.MAX_VALUE;

	private static final SelectField<?>[] MOVEMENT = { INVENTORY_MOVEMENTS.ID, INVENTORY_MOVEMENTS.VARIANT_ID,
			INVENTORY_MOVEMENTS.LOCATION_ID, INVENTORY_MOVEMENTS.REASON, INVENTORY_MOVEMENTS.ON_HAND_CHANGE,
			INVENTORY_MOVEMENTS.RESERVED_CHANGE, INVENTORY_MOVEMENTS.ON_HAND_AFTER, INVENTORY_MOVEMENTS.RESERVED_AFTER,
			INVENTORY_MOVEMENTS.REFERENCE_TYPE, INVENTORY_MOVEMENTS.REFERENCE_ID, INVENTORY_MOVEMENTS.NOTE,
			INVENTORY_MOVEMENTS.ACTOR_TYPE, INVENTORY_MOVEMENTS.ACTOR_ID, INVENTORY_MOVEMENTS.CREATED_AT };

	/*
	 * Sets an absolute on hand and reports the on hand it replaced, in one statement. PostgreSQL 15 cannot
	 * return a row's old values from an upsert, so the CTE locks the existing level first (FOR UPDATE
	 * returns the latest committed version, waiting for a concurrent writer) and is joined into the
	 * insert's source so it is read before the row is written. The update only applies when that locked
	 * row exists and stays valid (reserved <= new on hand); when the level did not exist, the insert
	 * creates it. A level created by a concurrent transaction after this statement's snapshot conflicts
	 * without having been locked: then nothing is written (no row returned) rather than journalling a
	 * change computed from a stale value.
	 */
	private static final String SET_ON_HAND = """
			with previous as materialized (
			    select on_hand
			    from app.inventory_levels
			    where tenant_id = ?::uuid and variant_id = ?::uuid and location_id = ?::uuid
			    for update
			)
			insert into app.inventory_levels as il (tenant_id, variant_id, location_id, on_hand)
			select ?::uuid, ?::uuid, ?::uuid, ?::integer
			from (values (1)) as one left join previous on true
			on conflict (tenant_id, variant_id, location_id) do update
			    set on_hand = excluded.on_hand, updated_at = now()
			    where il.reserved <= excluded.on_hand and exists (select 1 from previous)
			returning il.on_hand, il.reserved, il.updated_at, (select on_hand from previous) as previous_on_hand
			""";

	private final DSLContext dsl;

	InventoryRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	/**
	 * The variant with the product and store it belongs to. Read from the catalog's tables (the one read
	 * this feature makes of them) because stock is kept per variant and checked against the store.
	 */
	Optional<StockedVariant> findVariant(UUID variantId) {
		return dsl.select(PRODUCT_VARIANTS.ID, PRODUCT_VARIANTS.PRODUCT_ID, PRODUCTS.STORE_ID, PRODUCT_VARIANTS.SKU)
			.from(PRODUCT_VARIANTS)
			.join(PRODUCTS)
			.on(PRODUCTS.TENANT_ID.eq(PRODUCT_VARIANTS.TENANT_ID), PRODUCTS.ID.eq(PRODUCT_VARIANTS.PRODUCT_ID))
			.where(PRODUCT_VARIANTS.TENANT_ID.eq(tenant()), PRODUCT_VARIANTS.ID.eq(variantId))
			.fetchOptional(Records.mapping(StockedVariant::new));
	}

	Optional<Stock> findStock(UUID variantId, UUID locationId) {
		return dsl.select(INVENTORY_LEVELS.ON_HAND, INVENTORY_LEVELS.RESERVED, INVENTORY_LEVELS.UPDATED_AT)
			.from(INVENTORY_LEVELS)
			.where(level(variantId, locationId))
			.fetchOptional(Records.mapping(Stock::new));
	}

	/** Sets on hand (see {@link #SET_ON_HAND}); empty when it would fall below reserved, or on a race. */
	Optional<Counted> setOnHand(UUID variantId, UUID locationId, int onHand) {
		UUID tenant = tenant();
		return dsl.resultQuery(SET_ON_HAND, tenant, variantId, locationId, tenant, variantId, locationId, onHand)
			.fetchOptional(r -> new Counted(
					new Stock(r.get("on_hand", Integer.class), r.get("reserved", Integer.class),
							r.get("updated_at", OffsetDateTime.class)),
					r.get("previous_on_hand", Integer.class)));
	}

	/** Adds stock, creating the level when there is none; empty only when on hand would overflow. */
	Optional<Stock> addOnHand(UUID variantId, UUID locationId, int quantity) {
		return dsl.insertInto(INVENTORY_LEVELS)
			.set(INVENTORY_LEVELS.TENANT_ID, tenant())
			.set(INVENTORY_LEVELS.VARIANT_ID, variantId)
			.set(INVENTORY_LEVELS.LOCATION_ID, locationId)
			.set(INVENTORY_LEVELS.ON_HAND, quantity)
			.onConflict(INVENTORY_LEVELS.TENANT_ID, INVENTORY_LEVELS.VARIANT_ID, INVENTORY_LEVELS.LOCATION_ID)
			.doUpdate()
			.set(INVENTORY_LEVELS.ON_HAND, INVENTORY_LEVELS.ON_HAND.plus(DSL.excluded(INVENTORY_LEVELS.ON_HAND)))
			.set(INVENTORY_LEVELS.UPDATED_AT, DSL.currentOffsetDateTime())
			// written so the comparison itself cannot overflow
			.where(INVENTORY_LEVELS.ON_HAND.le(DSL.inline(MAX_ON_HAND).minus(DSL.excluded(INVENTORY_LEVELS.ON_HAND))))
			.returningResult(INVENTORY_LEVELS.ON_HAND, INVENTORY_LEVELS.RESERVED, INVENTORY_LEVELS.UPDATED_AT)
			.fetchOptional(Records.mapping(Stock::new));
	}

	/** Removes stock if what stays on hand still covers what is reserved; empty otherwise (or no level). */
	Optional<Stock> removeOnHand(UUID variantId, UUID locationId, int quantity) {
		return dsl.update(INVENTORY_LEVELS)
			.set(INVENTORY_LEVELS.ON_HAND, INVENTORY_LEVELS.ON_HAND.minus(quantity))
			.set(INVENTORY_LEVELS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(level(variantId, locationId), INVENTORY_LEVELS.ON_HAND.minus(quantity).ge(INVENTORY_LEVELS.RESERVED))
			.returningResult(INVENTORY_LEVELS.ON_HAND, INVENTORY_LEVELS.RESERVED, INVENTORY_LEVELS.UPDATED_AT)
			.fetchOptional(Records.mapping(Stock::new));
	}

	/** Reserves stock if enough is available (on hand minus reserved); empty otherwise (or no level). */
	Optional<Stock> reserve(UUID variantId, UUID locationId, int quantity) {
		return dsl.update(INVENTORY_LEVELS)
			.set(INVENTORY_LEVELS.RESERVED, INVENTORY_LEVELS.RESERVED.plus(quantity))
			.set(INVENTORY_LEVELS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(level(variantId, locationId), INVENTORY_LEVELS.ON_HAND.minus(INVENTORY_LEVELS.RESERVED).ge(quantity))
			.returningResult(INVENTORY_LEVELS.ON_HAND, INVENTORY_LEVELS.RESERVED, INVENTORY_LEVELS.UPDATED_AT)
			.fetchOptional(Records.mapping(Stock::new));
	}

	/** Releases reserved stock if at least that much is reserved; empty otherwise (or no level). */
	Optional<Stock> release(UUID variantId, UUID locationId, int quantity) {
		return dsl.update(INVENTORY_LEVELS)
			.set(INVENTORY_LEVELS.RESERVED, INVENTORY_LEVELS.RESERVED.minus(quantity))
			.set(INVENTORY_LEVELS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(level(variantId, locationId), INVENTORY_LEVELS.RESERVED.ge(quantity))
			.returningResult(INVENTORY_LEVELS.ON_HAND, INVENTORY_LEVELS.RESERVED, INVENTORY_LEVELS.UPDATED_AT)
			.fetchOptional(Records.mapping(Stock::new));
	}

	void insertMovement(UUID id, NewMovement m) {
		dsl.insertInto(INVENTORY_MOVEMENTS)
			.set(INVENTORY_MOVEMENTS.TENANT_ID, tenant())
			.set(INVENTORY_MOVEMENTS.ID, id)
			.set(INVENTORY_MOVEMENTS.VARIANT_ID, m.variantId())
			.set(INVENTORY_MOVEMENTS.LOCATION_ID, m.locationId())
			.set(INVENTORY_MOVEMENTS.REASON, m.reason().value())
			.set(INVENTORY_MOVEMENTS.ON_HAND_CHANGE, m.onHandChange())
			.set(INVENTORY_MOVEMENTS.RESERVED_CHANGE, m.reservedChange())
			.set(INVENTORY_MOVEMENTS.ON_HAND_AFTER, m.onHandAfter())
			.set(INVENTORY_MOVEMENTS.RESERVED_AFTER, m.reservedAfter())
			.set(INVENTORY_MOVEMENTS.REFERENCE_TYPE, m.referenceType())
			.set(INVENTORY_MOVEMENTS.REFERENCE_ID, m.referenceId())
			.set(INVENTORY_MOVEMENTS.NOTE, m.note())
			.set(INVENTORY_MOVEMENTS.ACTOR_TYPE, m.actorType())
			.set(INVENTORY_MOVEMENTS.ACTOR_ID, m.actorId())
			.execute();
	}

	/** A page of levels ordered by (variant, location), after the given pair. */
	List<InventoryLevel> levels(UUID variantId, UUID locationId, UUID productId, UUID afterVariantId,
			UUID afterLocationId, int limit) {
		return dsl
			.select(INVENTORY_LEVELS.VARIANT_ID, PRODUCT_VARIANTS.PRODUCT_ID, PRODUCT_VARIANTS.SKU,
					INVENTORY_LEVELS.LOCATION_ID, STORE_LOCATIONS.CODE, INVENTORY_LEVELS.ON_HAND,
					INVENTORY_LEVELS.RESERVED, INVENTORY_LEVELS.UPDATED_AT)
			.from(INVENTORY_LEVELS)
			.join(PRODUCT_VARIANTS)
			.on(PRODUCT_VARIANTS.TENANT_ID.eq(INVENTORY_LEVELS.TENANT_ID),
					PRODUCT_VARIANTS.ID.eq(INVENTORY_LEVELS.VARIANT_ID))
			.join(STORE_LOCATIONS)
			.on(STORE_LOCATIONS.TENANT_ID.eq(INVENTORY_LEVELS.TENANT_ID),
					STORE_LOCATIONS.ID.eq(INVENTORY_LEVELS.LOCATION_ID))
			.where(INVENTORY_LEVELS.TENANT_ID.eq(tenant()),
					variantId == null ? DSL.noCondition() : INVENTORY_LEVELS.VARIANT_ID.eq(variantId),
					locationId == null ? DSL.noCondition() : INVENTORY_LEVELS.LOCATION_ID.eq(locationId),
					productId == null ? DSL.noCondition() : PRODUCT_VARIANTS.PRODUCT_ID.eq(productId),
					afterVariantId == null ? DSL.noCondition()
							: DSL.row(INVENTORY_LEVELS.VARIANT_ID, INVENTORY_LEVELS.LOCATION_ID)
								.gt(afterVariantId, afterLocationId))
			.orderBy(INVENTORY_LEVELS.VARIANT_ID, INVENTORY_LEVELS.LOCATION_ID)
			.limit(limit)
			.fetch(Records.mapping(InventoryLevel::of));
	}

	/** A page of movements, newest first (ids are time-ordered), before the given id. */
	List<InventoryMovement> movements(UUID variantId, UUID locationId, UUID before, int limit) {
		return dsl.select(MOVEMENT)
			.from(INVENTORY_MOVEMENTS)
			.where(INVENTORY_MOVEMENTS.TENANT_ID.eq(tenant()),
					variantId == null ? DSL.noCondition() : INVENTORY_MOVEMENTS.VARIANT_ID.eq(variantId),
					locationId == null ? DSL.noCondition() : INVENTORY_MOVEMENTS.LOCATION_ID.eq(locationId),
					before == null ? DSL.noCondition() : INVENTORY_MOVEMENTS.ID.lt(before))
			.orderBy(INVENTORY_MOVEMENTS.ID.desc())
			.limit(limit)
			.fetch(r -> r.into(InventoryMovement.class));
	}

	Optional<InventoryMovement> findMovement(UUID id) {
		return dsl.select(MOVEMENT)
			.from(INVENTORY_MOVEMENTS)
			.where(INVENTORY_MOVEMENTS.TENANT_ID.eq(tenant()), INVENTORY_MOVEMENTS.ID.eq(id))
			.fetchOptional(r -> r.into(InventoryMovement.class));
	}

	/**
	 * Active variants (of products not archived) with a low-stock threshold whose stock available across
	 * active locations is at or below it, ordered by variant id after the given one. A variant with no
	 * stock recorded anywhere counts as zero available.
	 */
	List<LowStockVariant> lowStock(UUID storeId, UUID after, int limit) {
		Field<Long> onHand = DSL.coalesce(DSL.sum(INVENTORY_LEVELS.ON_HAND).cast(SQLDataType.BIGINT), DSL.inline(0L));
		Field<Long> reserved = DSL.coalesce(DSL.sum(INVENTORY_LEVELS.RESERVED).cast(SQLDataType.BIGINT),
				DSL.inline(0L));
		Condition activeLocation = STORE_LOCATIONS.TENANT_ID.eq(INVENTORY_LEVELS.TENANT_ID)
			.and(STORE_LOCATIONS.ID.eq(INVENTORY_LEVELS.LOCATION_ID))
			.and(STORE_LOCATIONS.STATUS.eq("active"));
		return dsl
			.select(PRODUCT_VARIANTS.ID, PRODUCT_VARIANTS.PRODUCT_ID, PRODUCTS.NAME, PRODUCT_VARIANTS.NAME,
					PRODUCT_VARIANTS.SKU, PRODUCT_VARIANTS.LOW_STOCK_THRESHOLD, onHand, reserved,
					onHand.minus(reserved))
			.from(PRODUCT_VARIANTS)
			.join(PRODUCTS)
			.on(PRODUCTS.TENANT_ID.eq(PRODUCT_VARIANTS.TENANT_ID), PRODUCTS.ID.eq(PRODUCT_VARIANTS.PRODUCT_ID))
			.leftJoin(INVENTORY_LEVELS.join(STORE_LOCATIONS).on(activeLocation))
			.on(INVENTORY_LEVELS.TENANT_ID.eq(PRODUCT_VARIANTS.TENANT_ID),
					INVENTORY_LEVELS.VARIANT_ID.eq(PRODUCT_VARIANTS.ID))
			.where(PRODUCT_VARIANTS.TENANT_ID.eq(tenant()), PRODUCT_VARIANTS.LOW_STOCK_THRESHOLD.gt(0),
					PRODUCT_VARIANTS.IS_ACTIVE.isTrue(), PRODUCTS.STATUS.ne("archived"),
					storeId == null ? DSL.noCondition() : PRODUCTS.STORE_ID.eq(storeId),
					after == null ? DSL.noCondition() : PRODUCT_VARIANTS.ID.gt(after))
			.groupBy(PRODUCT_VARIANTS.ID, PRODUCT_VARIANTS.PRODUCT_ID, PRODUCTS.NAME, PRODUCT_VARIANTS.NAME,
					PRODUCT_VARIANTS.SKU, PRODUCT_VARIANTS.LOW_STOCK_THRESHOLD)
			.having(onHand.minus(reserved).le(PRODUCT_VARIANTS.LOW_STOCK_THRESHOLD.cast(SQLDataType.BIGINT)))
			.orderBy(PRODUCT_VARIANTS.ID)
			.limit(limit)
			.fetch(Records.mapping(LowStockVariant::new));
	}

	private static Condition level(UUID variantId, UUID locationId) {
		return INVENTORY_LEVELS.TENANT_ID.eq(tenant())
			.and(INVENTORY_LEVELS.VARIANT_ID.eq(variantId))
			.and(INVENTORY_LEVELS.LOCATION_ID.eq(locationId));
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

	/** A variant as stock needs it: which product and store it belongs to. */
	record StockedVariant(UUID id, UUID productId, UUID storeId, String sku) {
	}

	/** The stock of one level. */
	record Stock(int onHand, int reserved, OffsetDateTime updatedAt) {

		static final Stock NONE = new Stock(0, 0, null);

	}

	/** The stock after an absolute count, and the on hand it replaced (null: the level is new). */
	record Counted(Stock stock, Integer previousOnHand) {
	}

	/** A journal entry to write. */
	record NewMovement(UUID variantId, UUID locationId, MovementReason reason, int onHandChange, int reservedChange,
			int onHandAfter, int reservedAfter, String referenceType, String referenceId, String note,
			String actorType, String actorId) {
	}

}
