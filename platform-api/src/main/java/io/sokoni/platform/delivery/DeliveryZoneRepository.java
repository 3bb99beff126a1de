package io.sokoni.platform.delivery;

import static io.sokoni.jooq.Tables.DELIVERY_ZONES;
import static io.sokoni.jooq.Tables.DELIVERY_ZONE_AREAS;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.select;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.sokoni.jooq.tables.records.DeliveryZoneAreasRecord;
import io.sokoni.tenant.TenantContext;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep5;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Delivery zones of the bound tenant and the city areas each serves. */
@Repository
class DeliveryZoneRepository {

	private static final Field<List<String>> AREAS = multiset(select(DELIVERY_ZONE_AREAS.AREA_NAME)
		.from(DELIVERY_ZONE_AREAS)
		.where(DELIVERY_ZONE_AREAS.TENANT_ID.eq(DELIVERY_ZONES.TENANT_ID),
				DELIVERY_ZONE_AREAS.ZONE_ID.eq(DELIVERY_ZONES.ID))
		.orderBy(DELIVERY_ZONE_AREAS.AREA_KEY))
		.as("city_areas")
		.convertFrom(r -> r.map(a -> a.value1()));

	private static final SelectField<?>[] COLUMNS = { DELIVERY_ZONES.ID, DELIVERY_ZONES.STORE_ID, DELIVERY_ZONES.NAME,
			AREAS, DELIVERY_ZONES.FEE_CENTS, DELIVERY_ZONES.MIN_ORDER_CENTS,
			DELIVERY_ZONES.FREE_DELIVERY_THRESHOLD_CENTS, DELIVERY_ZONES.ETA_MINUTES, DELIVERY_ZONES.IS_DEFAULT,
			DELIVERY_ZONES.IS_ACTIVE, DELIVERY_ZONES.VERSION, DELIVERY_ZONES.CREATED_AT, DELIVERY_ZONES.UPDATED_AT };

	private final DSLContext dsl;

	DeliveryZoneRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	/** What a zone is made of, areas apart. */
	record ZoneFields(String name, Long feeCents, Long minOrderCents, Long freeDeliveryThresholdCents,
			Integer etaMinutes, Boolean isDefault, Boolean isActive) {
	}

	Optional<DeliveryZone> find(UUID id) {
		return dsl.select(COLUMNS)
			.from(DELIVERY_ZONES)
			.where(DELIVERY_ZONES.TENANT_ID.eq(tenant()), DELIVERY_ZONES.ID.eq(id))
			.fetchOptional(DeliveryZoneRepository::zone);
	}

	boolean exists(UUID id) {
		return dsl.fetchExists(DELIVERY_ZONES, DELIVERY_ZONES.TENANT_ID.eq(tenant()), DELIVERY_ZONES.ID.eq(id));
	}

	/** A page of zones ordered by id (creation order), optionally of one store and activity. */
	List<DeliveryZone> list(UUID storeId, Boolean active, UUID after, int limit) {
		return dsl.select(COLUMNS)
			.from(DELIVERY_ZONES)
			.where(DELIVERY_ZONES.TENANT_ID.eq(tenant()),
					storeId == null ? DSL.noCondition() : DELIVERY_ZONES.STORE_ID.eq(storeId),
					active == null ? DSL.noCondition() : DELIVERY_ZONES.IS_ACTIVE.eq(active),
					after == null ? DSL.noCondition() : DELIVERY_ZONES.ID.gt(after))
			.orderBy(DELIVERY_ZONES.ID)
			.limit(limit)
			.fetch(DeliveryZoneRepository::zone);
	}

	void insert(UUID id, UUID storeId, ZoneFields fields) {
		dsl.insertInto(DELIVERY_ZONES)
			.set(DELIVERY_ZONES.TENANT_ID, tenant())
			.set(DELIVERY_ZONES.ID, id)
			.set(DELIVERY_ZONES.STORE_ID, storeId)
			.set(DELIVERY_ZONES.NAME, fields.name())
			.set(DELIVERY_ZONES.FEE_CENTS, fields.feeCents())
			.set(DELIVERY_ZONES.MIN_ORDER_CENTS, fields.minOrderCents() == null ? 0L : fields.minOrderCents())
			.set(DELIVERY_ZONES.FREE_DELIVERY_THRESHOLD_CENTS, fields.freeDeliveryThresholdCents())
			.set(DELIVERY_ZONES.ETA_MINUTES, fields.etaMinutes())
			.set(DELIVERY_ZONES.IS_DEFAULT, fields.isDefault() != null && fields.isDefault())
			.set(DELIVERY_ZONES.IS_ACTIVE, fields.isActive() == null || fields.isActive())
			.execute();
	}

	/**
	 * Applies the non-null changes if the version still matches (the threshold is removed when
	 * {@code clearThreshold}); the zone's store id, empty when the version or the zone does not match.
	 */
	Optional<UUID> update(UUID id, long expectedVersion, ZoneFields changes, boolean clearThreshold) {
		Field<Long> threshold = clearThreshold ? DSL.val((Long) null)
				: DSL.coalesce(DSL.val(changes.freeDeliveryThresholdCents()),
						DELIVERY_ZONES.FREE_DELIVERY_THRESHOLD_CENTS);
		return dsl.update(DELIVERY_ZONES)
			.set(DELIVERY_ZONES.NAME, DSL.coalesce(DSL.val(changes.name()), DELIVERY_ZONES.NAME))
			.set(DELIVERY_ZONES.FEE_CENTS, DSL.coalesce(DSL.val(changes.feeCents()), DELIVERY_ZONES.FEE_CENTS))
			.set(DELIVERY_ZONES.MIN_ORDER_CENTS,
					DSL.coalesce(DSL.val(changes.minOrderCents()), DELIVERY_ZONES.MIN_ORDER_CENTS))
			.set(DELIVERY_ZONES.FREE_DELIVERY_THRESHOLD_CENTS, threshold)
			.set(DELIVERY_ZONES.ETA_MINUTES, DSL.coalesce(DSL.val(changes.etaMinutes()), DELIVERY_ZONES.ETA_MINUTES))
			.set(DELIVERY_ZONES.IS_DEFAULT, DSL.coalesce(DSL.val(changes.isDefault()), DELIVERY_ZONES.IS_DEFAULT))
			.set(DELIVERY_ZONES.IS_ACTIVE, DSL.coalesce(DSL.val(changes.isActive()), DELIVERY_ZONES.IS_ACTIVE))
			.set(DELIVERY_ZONES.VERSION, DELIVERY_ZONES.VERSION.plus(1))
			.set(DELIVERY_ZONES.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(DELIVERY_ZONES.TENANT_ID.eq(tenant()), DELIVERY_ZONES.ID.eq(id),
					DELIVERY_ZONES.VERSION.eq(expectedVersion))
			.returning(DELIVERY_ZONES.STORE_ID)
			.fetchOptional(DELIVERY_ZONES.STORE_ID);
	}

	/** Turns a zone on or off whatever its version (the switch is idempotent); false when there is none. */
	boolean setActive(UUID id, boolean active) {
		return dsl.update(DELIVERY_ZONES)
			.set(DELIVERY_ZONES.IS_ACTIVE, active)
			.set(DELIVERY_ZONES.VERSION, DELIVERY_ZONES.VERSION.plus(1))
			.set(DELIVERY_ZONES.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(DELIVERY_ZONES.TENANT_ID.eq(tenant()), DELIVERY_ZONES.ID.eq(id))
			.execute() == 1;
	}

	/** Deletes a zone (its areas and quotes go with it); false when there is none. */
	boolean delete(UUID id) {
		return dsl.deleteFrom(DELIVERY_ZONES)
			.where(DELIVERY_ZONES.TENANT_ID.eq(tenant()), DELIVERY_ZONES.ID.eq(id))
			.execute() == 1;
	}

	void deleteAreas(UUID zoneId) {
		dsl.deleteFrom(DELIVERY_ZONE_AREAS)
			.where(DELIVERY_ZONE_AREAS.TENANT_ID.eq(tenant()), DELIVERY_ZONE_AREAS.ZONE_ID.eq(zoneId))
			.execute();
	}

	/**
	 * Lists the areas (key to name as given) under the zone. An area another zone of the store already
	 * serves is skipped rather than failing the statement, so the caller learns exactly which ones
	 * clashed; returns the keys inserted. Race-free: the unique key decides, not an earlier read.
	 */
	Set<String> insertAreas(UUID zoneId, UUID storeId, Map<String, String> areas) {
		UUID tenant = tenant();
		InsertValuesStep5<DeliveryZoneAreasRecord, UUID, UUID, UUID, String, String> insert = dsl
			.insertInto(DELIVERY_ZONE_AREAS, DELIVERY_ZONE_AREAS.TENANT_ID, DELIVERY_ZONE_AREAS.ZONE_ID,
					DELIVERY_ZONE_AREAS.STORE_ID, DELIVERY_ZONE_AREAS.AREA_KEY, DELIVERY_ZONE_AREAS.AREA_NAME);
		areas.forEach((key, name) -> insert.values(tenant, zoneId, storeId, key, name));
		return Set.copyOf(insert.onConflictDoNothing().returning(DELIVERY_ZONE_AREAS.AREA_KEY)
			.fetch(DELIVERY_ZONE_AREAS.AREA_KEY));
	}

	/** For the given area keys of a store: the area name and the name of the zone serving it. */
	Map<String, String> servingZones(UUID storeId, Set<String> keys) {
		Map<String, String> byArea = new LinkedHashMap<>();
		dsl.select(DELIVERY_ZONE_AREAS.AREA_NAME, DELIVERY_ZONES.NAME)
			.from(DELIVERY_ZONE_AREAS)
			.join(DELIVERY_ZONES)
			.on(DELIVERY_ZONES.TENANT_ID.eq(DELIVERY_ZONE_AREAS.TENANT_ID),
					DELIVERY_ZONES.ID.eq(DELIVERY_ZONE_AREAS.ZONE_ID))
			.where(DELIVERY_ZONE_AREAS.TENANT_ID.eq(tenant()), DELIVERY_ZONE_AREAS.STORE_ID.eq(storeId),
					DELIVERY_ZONE_AREAS.AREA_KEY.in(keys))
			.orderBy(DELIVERY_ZONE_AREAS.AREA_KEY)
			.forEach(r -> byArea.put(r.value1(), r.value2()));
		return byArea;
	}

	/**
	 * The zone that prices deliveries of the store to the area, in one statement: the active zone
	 * listing the area (the unique key allows one at most), else the store's active default zone. The
	 * store's currency comes along for messages.
	 */
	Optional<PricingZone> pricingZone(UUID storeId, String areaKey) {
		Field<Boolean> listed = DSL.field(DELIVERY_ZONE_AREAS.AREA_KEY.isNotNull()).as("listed");
		Condition served = DELIVERY_ZONE_AREAS.AREA_KEY.isNotNull().or(DELIVERY_ZONES.IS_DEFAULT.isTrue());
		return dsl
			.select(DELIVERY_ZONES.ID, DELIVERY_ZONES.NAME, listed, DELIVERY_ZONE_AREAS.AREA_NAME,
					DELIVERY_ZONES.FEE_CENTS, DELIVERY_ZONES.MIN_ORDER_CENTS,
					DELIVERY_ZONES.FREE_DELIVERY_THRESHOLD_CENTS, DELIVERY_ZONES.ETA_MINUTES)
			.from(DELIVERY_ZONES)
			.leftJoin(DELIVERY_ZONE_AREAS)
			.on(DELIVERY_ZONE_AREAS.TENANT_ID.eq(DELIVERY_ZONES.TENANT_ID),
					DELIVERY_ZONE_AREAS.ZONE_ID.eq(DELIVERY_ZONES.ID), DELIVERY_ZONE_AREAS.AREA_KEY.eq(areaKey))
			.where(DELIVERY_ZONES.TENANT_ID.eq(tenant()), DELIVERY_ZONES.STORE_ID.eq(storeId),
					DELIVERY_ZONES.IS_ACTIVE.isTrue(), served)
			// A default zone that also lists the area prices it as a listed area.
			.orderBy(listed.desc())
			.limit(1)
			.fetchOptional(r -> new PricingZone(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
					r.value6(), r.value7(), r.value8()));
	}

	/** The zone a quote is priced by, and whether it lists the area (false: the store's default zone). */
	record PricingZone(UUID id, String name, boolean listed, String areaName, long feeCents, long minOrderCents,
			Long freeDeliveryThresholdCents, int etaMinutes) {
	}

	private static DeliveryZone zone(Record r) {
		return new DeliveryZone(r.get(DELIVERY_ZONES.ID), r.get(DELIVERY_ZONES.STORE_ID), r.get(DELIVERY_ZONES.NAME),
				r.get(AREAS), r.get(DELIVERY_ZONES.FEE_CENTS), r.get(DELIVERY_ZONES.MIN_ORDER_CENTS),
				r.get(DELIVERY_ZONES.FREE_DELIVERY_THRESHOLD_CENTS), r.get(DELIVERY_ZONES.ETA_MINUTES),
				r.get(DELIVERY_ZONES.IS_DEFAULT), r.get(DELIVERY_ZONES.IS_ACTIVE), r.get(DELIVERY_ZONES.VERSION),
				r.get(DELIVERY_ZONES.CREATED_AT), r.get(DELIVERY_ZONES.UPDATED_AT));
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
