package io.sokoni.platform.delivery;

import static io.sokoni.jooq.Tables.DELIVERY_PARTNERS;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Delivery partners of the bound tenant, with their configs unmasked (masking is the service's). */
@Repository
class DeliveryPartnerRepository {

	private static final SelectField<?>[] COLUMNS = { DELIVERY_PARTNERS.ID, DELIVERY_PARTNERS.STORE_ID,
			DELIVERY_PARTNERS.NAME, DELIVERY_PARTNERS.PROVIDER, DELIVERY_PARTNERS.CONFIG, DELIVERY_PARTNERS.IS_ACTIVE,
			DELIVERY_PARTNERS.VERSION, DELIVERY_PARTNERS.CREATED_AT, DELIVERY_PARTNERS.UPDATED_AT };

	private final DSLContext dsl;

	DeliveryPartnerRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	/** Fields of a partner; null ones are left as they are by an update. */
	record PartnerFields(String name, String provider, Map<String, Object> config, Boolean isActive) {
	}

	Optional<DeliveryPartner> find(UUID id) {
		return dsl.select(COLUMNS)
			.from(DELIVERY_PARTNERS)
			.where(DELIVERY_PARTNERS.TENANT_ID.eq(tenant()), DELIVERY_PARTNERS.ID.eq(id))
			.fetchOptional(DeliveryPartnerRepository::partner);
	}

	/** Whether the partner exists and is active (partners handed new deliveries must be). */
	Optional<Boolean> activity(UUID id) {
		return dsl.select(DELIVERY_PARTNERS.IS_ACTIVE)
			.from(DELIVERY_PARTNERS)
			.where(DELIVERY_PARTNERS.TENANT_ID.eq(tenant()), DELIVERY_PARTNERS.ID.eq(id))
			.fetchOptional(DELIVERY_PARTNERS.IS_ACTIVE);
	}

	/** A page of partners ordered by id (creation order), optionally of one store and activity. */
	List<DeliveryPartner> list(UUID storeId, Boolean active, UUID after, int limit) {
		return dsl.select(COLUMNS)
			.from(DELIVERY_PARTNERS)
			.where(DELIVERY_PARTNERS.TENANT_ID.eq(tenant()),
					storeId == null ? DSL.noCondition() : DELIVERY_PARTNERS.STORE_ID.eq(storeId),
					active == null ? DSL.noCondition() : DELIVERY_PARTNERS.IS_ACTIVE.eq(active),
					after == null ? DSL.noCondition() : DELIVERY_PARTNERS.ID.gt(after))
			.orderBy(DELIVERY_PARTNERS.ID)
			.limit(limit)
			.fetch(DeliveryPartnerRepository::partner);
	}

	DeliveryPartner insert(UUID id, UUID storeId, PartnerFields fields) {
		return dsl.insertInto(DELIVERY_PARTNERS)
			.set(DELIVERY_PARTNERS.TENANT_ID, tenant())
			.set(DELIVERY_PARTNERS.ID, id)
			.set(DELIVERY_PARTNERS.STORE_ID, storeId)
			.set(DELIVERY_PARTNERS.NAME, fields.name())
			.set(DELIVERY_PARTNERS.PROVIDER, fields.provider())
			.set(DELIVERY_PARTNERS.CONFIG, JSONB.valueOf(PartnerConfig.toJson(fields.config())))
			.set(DELIVERY_PARTNERS.IS_ACTIVE, fields.isActive() == null || fields.isActive())
			.returningResult(COLUMNS)
			.fetchSingle(DeliveryPartnerRepository::partner);
	}

	/** Applies the non-null changes if the version still matches; empty when it does not (or no row). */
	Optional<DeliveryPartner> update(UUID id, long expectedVersion, PartnerFields changes) {
		return dsl.update(DELIVERY_PARTNERS)
			.set(DELIVERY_PARTNERS.NAME, DSL.coalesce(DSL.val(changes.name()), DELIVERY_PARTNERS.NAME))
			.set(DELIVERY_PARTNERS.PROVIDER, DSL.coalesce(DSL.val(changes.provider()), DELIVERY_PARTNERS.PROVIDER))
			.set(DELIVERY_PARTNERS.CONFIG,
					changes.config() == null ? DELIVERY_PARTNERS.CONFIG
							: DSL.val(JSONB.valueOf(PartnerConfig.toJson(changes.config()))))
			.set(DELIVERY_PARTNERS.IS_ACTIVE, DSL.coalesce(DSL.val(changes.isActive()), DELIVERY_PARTNERS.IS_ACTIVE))
			.set(DELIVERY_PARTNERS.VERSION, DELIVERY_PARTNERS.VERSION.plus(1))
			.set(DELIVERY_PARTNERS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(DELIVERY_PARTNERS.TENANT_ID.eq(tenant()), DELIVERY_PARTNERS.ID.eq(id),
					DELIVERY_PARTNERS.VERSION.eq(expectedVersion))
			.returningResult(COLUMNS)
			.fetchOptional(DeliveryPartnerRepository::partner);
	}

	Optional<DeliveryPartner> setActive(UUID id, boolean active) {
		return dsl.update(DELIVERY_PARTNERS)
			.set(DELIVERY_PARTNERS.IS_ACTIVE, active)
			.set(DELIVERY_PARTNERS.VERSION, DELIVERY_PARTNERS.VERSION.plus(1))
			.set(DELIVERY_PARTNERS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(DELIVERY_PARTNERS.TENANT_ID.eq(tenant()), DELIVERY_PARTNERS.ID.eq(id))
			.returningResult(COLUMNS)
			.fetchOptional(DeliveryPartnerRepository::partner);
	}

	private static DeliveryPartner partner(Record r) {
		return new DeliveryPartner(r.get(DELIVERY_PARTNERS.ID), r.get(DELIVERY_PARTNERS.STORE_ID),
				r.get(DELIVERY_PARTNERS.NAME), r.get(DELIVERY_PARTNERS.PROVIDER),
				PartnerConfig.fromJson(r.get(DELIVERY_PARTNERS.CONFIG).data()), r.get(DELIVERY_PARTNERS.IS_ACTIVE),
				r.get(DELIVERY_PARTNERS.VERSION), r.get(DELIVERY_PARTNERS.CREATED_AT),
				r.get(DELIVERY_PARTNERS.UPDATED_AT));
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
