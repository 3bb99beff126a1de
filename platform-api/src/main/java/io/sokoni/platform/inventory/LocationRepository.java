package io.sokoni.platform.inventory;

import static io.sokoni.jooq.Tables.INVENTORY_LEVELS;
import static io.sokoni.jooq.Tables.PRODUCT_VARIANTS;
import static io.sokoni.jooq.Tables.STORE_LOCATIONS;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Store locations of the bound tenant. */
@Repository
class LocationRepository {

	private static final SelectField<?>[] COLUMNS = { STORE_LOCATIONS.ID, STORE_LOCATIONS.STORE_ID,
			STORE_LOCATIONS.CODE, STORE_LOCATIONS.NAME, STORE_LOCATIONS.AREA, STORE_LOCATIONS.STATUS,
			STORE_LOCATIONS.CREATED_AT, STORE_LOCATIONS.UPDATED_AT };

	private final DSLContext dsl;

	LocationRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	Optional<Location> find(UUID id) {
		return dsl.select(COLUMNS)
			.from(STORE_LOCATIONS)
			.where(STORE_LOCATIONS.TENANT_ID.eq(tenant()), STORE_LOCATIONS.ID.eq(id))
			.fetchOptional(r -> r.into(Location.class));
	}

	/** A page of locations ordered by id (creation order), optionally of one store or status. */
	List<Location> list(UUID storeId, String status, UUID after, int limit) {
		return dsl.select(COLUMNS)
			.from(STORE_LOCATIONS)
			.where(STORE_LOCATIONS.TENANT_ID.eq(tenant()),
					storeId == null ? DSL.noCondition() : STORE_LOCATIONS.STORE_ID.eq(storeId),
					status == null ? DSL.noCondition() : STORE_LOCATIONS.STATUS.eq(status),
					after == null ? DSL.noCondition() : STORE_LOCATIONS.ID.gt(after))
			.orderBy(STORE_LOCATIONS.ID)
			.limit(limit)
			.fetch(r -> r.into(Location.class));
	}

	Location insert(UUID id, UUID storeId, String code, String name, String area) {
		return dsl.insertInto(STORE_LOCATIONS)
			.set(STORE_LOCATIONS.TENANT_ID, tenant())
			.set(STORE_LOCATIONS.ID, id)
			.set(STORE_LOCATIONS.STORE_ID, storeId)
			.set(STORE_LOCATIONS.CODE, code)
			.set(STORE_LOCATIONS.NAME, name)
			.set(STORE_LOCATIONS.AREA, area)
			.returningResult(COLUMNS)
			.fetchSingle(r -> r.into(Location.class));
	}

	/** Applies the non-null changes; empty when there is no such location. */
	Optional<Location> update(UUID id, String code, String name, String area) {
		return dsl.update(STORE_LOCATIONS)
			.set(STORE_LOCATIONS.CODE, DSL.coalesce(DSL.val(code), STORE_LOCATIONS.CODE))
			.set(STORE_LOCATIONS.NAME, DSL.coalesce(DSL.val(name), STORE_LOCATIONS.NAME))
			.set(STORE_LOCATIONS.AREA, DSL.coalesce(DSL.val(area), STORE_LOCATIONS.AREA))
			.set(STORE_LOCATIONS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(STORE_LOCATIONS.TENANT_ID.eq(tenant()), STORE_LOCATIONS.ID.eq(id))
			.returningResult(COLUMNS)
			.fetchOptional(r -> r.into(Location.class));
	}

	Optional<Location> setStatus(UUID id, String status) {
		return dsl.update(STORE_LOCATIONS)
			.set(STORE_LOCATIONS.STATUS, status)
			.set(STORE_LOCATIONS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(STORE_LOCATIONS.TENANT_ID.eq(tenant()), STORE_LOCATIONS.ID.eq(id))
			.returningResult(COLUMNS)
			.fetchOptional(r -> r.into(Location.class));
	}

	/** The products with stock to sell at the location (on hand above reserved). */
	List<UUID> productsStockedAt(UUID locationId) {
		return dsl.selectDistinct(PRODUCT_VARIANTS.PRODUCT_ID)
			.from(INVENTORY_LEVELS)
			.join(PRODUCT_VARIANTS)
			.on(PRODUCT_VARIANTS.TENANT_ID.eq(INVENTORY_LEVELS.TENANT_ID),
					PRODUCT_VARIANTS.ID.eq(INVENTORY_LEVELS.VARIANT_ID))
			.where(INVENTORY_LEVELS.TENANT_ID.eq(tenant()), INVENTORY_LEVELS.LOCATION_ID.eq(locationId),
					INVENTORY_LEVELS.ON_HAND.gt(INVENTORY_LEVELS.RESERVED))
			.fetch(PRODUCT_VARIANTS.PRODUCT_ID);
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
