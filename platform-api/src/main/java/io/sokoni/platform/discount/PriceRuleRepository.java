package io.sokoni.platform.discount;

import static io.sokoni.jooq.Tables.COUPONS;
import static io.sokoni.jooq.Tables.COUPON_REDEMPTIONS;
import static io.sokoni.jooq.Tables.PRICE_RULES;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.jooq.tables.records.PriceRulesRecord;
import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SelectField;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Price rules of the bound tenant. */
@Repository
class PriceRuleRepository {

	private static final SelectField<?>[] COLUMNS = { PRICE_RULES.ID, PRICE_RULES.STORE_ID, PRICE_RULES.NAME,
			PRICE_RULES.KIND, PRICE_RULES.PERCENT_OFF, PRICE_RULES.AMOUNT_OFF_CENTS, PRICE_RULES.BUY_QUANTITY,
			PRICE_RULES.GET_QUANTITY, PRICE_RULES.SCOPE, PRICE_RULES.PRODUCT_ID, PRICE_RULES.CATEGORY_ID,
			PRICE_RULES.MIN_SUBTOTAL_CENTS, PRICE_RULES.REQUIRES_COUPON, PRICE_RULES.STARTS_AT, PRICE_RULES.ENDS_AT,
			PRICE_RULES.IS_ACTIVE, PRICE_RULES.VERSION, PRICE_RULES.CREATED_AT, PRICE_RULES.UPDATED_AT };

	private final DSLContext dsl;

	PriceRuleRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	Optional<PriceRule> find(UUID id) {
		return dsl.select(COLUMNS)
			.from(PRICE_RULES)
			.where(PRICE_RULES.TENANT_ID.eq(tenant()), PRICE_RULES.ID.eq(id))
			.fetchOptional(r -> r.into(PriceRule.class));
	}

	/** A page of rules by id (creation order), optionally of one store. */
	List<PriceRule> list(UUID storeId, UUID after, int limit) {
		return dsl.select(COLUMNS)
			.from(PRICE_RULES)
			.where(PRICE_RULES.TENANT_ID.eq(tenant()),
					storeId == null ? DSL.noCondition() : PRICE_RULES.STORE_ID.eq(storeId),
					after == null ? DSL.noCondition() : PRICE_RULES.ID.gt(after))
			.orderBy(PRICE_RULES.ID)
			.limit(limit)
			.fetch(r -> r.into(PriceRule.class));
	}

	/** The store's active automatic rules (no coupon needed) whose window contains {@code now}. */
	List<PriceRule> activeAutomatic(UUID storeId, OffsetDateTime now) {
		return dsl.select(COLUMNS)
			.from(PRICE_RULES)
			.where(PRICE_RULES.TENANT_ID.eq(tenant()), PRICE_RULES.STORE_ID.eq(storeId), PRICE_RULES.IS_ACTIVE.isTrue(),
					PRICE_RULES.REQUIRES_COUPON.isFalse(),
					PRICE_RULES.STARTS_AT.isNull().or(PRICE_RULES.STARTS_AT.le(now)),
					PRICE_RULES.ENDS_AT.isNull().or(PRICE_RULES.ENDS_AT.gt(now)))
			.orderBy(PRICE_RULES.ID)
			// bounded: a store with more live automatic rules than this has a configuration problem
			.limit(200)
			.fetch(r -> r.into(PriceRule.class));
	}

	PriceRule insert(UUID id, UUID storeId, PriceRuleValues v, boolean active) {
		return dsl.insertInto(PRICE_RULES)
			.set(PRICE_RULES.TENANT_ID, tenant())
			.set(PRICE_RULES.ID, id)
			.set(PRICE_RULES.STORE_ID, storeId)
			.set(PRICE_RULES.IS_ACTIVE, active)
			.set(values(v))
			.returningResult(COLUMNS)
			.fetchSingle(r -> r.into(PriceRule.class));
	}

	/** Writes all values if the rule is still at {@code expectedVersion}; empty otherwise. */
	Optional<PriceRule> update(UUID id, long expectedVersion, PriceRuleValues v) {
		return dsl.update(PRICE_RULES)
			.set(values(v))
			.set(PRICE_RULES.VERSION, PRICE_RULES.VERSION.plus(1))
			.set(PRICE_RULES.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(PRICE_RULES.TENANT_ID.eq(tenant()), PRICE_RULES.ID.eq(id), PRICE_RULES.VERSION.eq(expectedVersion))
			.returningResult(COLUMNS)
			.fetchOptional(r -> r.into(PriceRule.class));
	}

	Optional<PriceRule> setActive(UUID id, boolean active) {
		UpdateSetMoreStep<PriceRulesRecord> update = dsl.update(PRICE_RULES)
			.set(PRICE_RULES.IS_ACTIVE, active)
			.set(PRICE_RULES.VERSION, PRICE_RULES.VERSION.plus(1))
			.set(PRICE_RULES.UPDATED_AT, DSL.currentOffsetDateTime());
		return update.where(PRICE_RULES.TENANT_ID.eq(tenant()), PRICE_RULES.ID.eq(id))
			.returningResult(COLUMNS)
			.fetchOptional(r -> r.into(PriceRule.class));
	}

	/** How many orders used one of the rule's coupons (reversed uses included: they are history). */
	int redemptions(UUID id) {
		return dsl.fetchCount(COUPON_REDEMPTIONS.join(COUPONS)
			.on(COUPONS.TENANT_ID.eq(COUPON_REDEMPTIONS.TENANT_ID), COUPONS.ID.eq(COUPON_REDEMPTIONS.COUPON_ID)),
				COUPON_REDEMPTIONS.TENANT_ID.eq(tenant()), COUPONS.PRICE_RULE_ID.eq(id));
	}

	/** Deletes a rule and (by cascade) its unused coupons; whether there was one. */
	boolean delete(UUID id) {
		return dsl.deleteFrom(PRICE_RULES)
			.where(PRICE_RULES.TENANT_ID.eq(tenant()), PRICE_RULES.ID.eq(id))
			.execute() == 1;
	}

	private static Map<Field<?>, Object> values(PriceRuleValues v) {
		Map<Field<?>, Object> values = new LinkedHashMap<>();
		values.put(PRICE_RULES.NAME, v.name());
		values.put(PRICE_RULES.KIND, v.kind());
		values.put(PRICE_RULES.PERCENT_OFF, v.percentOff());
		values.put(PRICE_RULES.AMOUNT_OFF_CENTS, v.amountOffCents());
		values.put(PRICE_RULES.BUY_QUANTITY, v.buyQuantity());
		values.put(PRICE_RULES.GET_QUANTITY, v.getQuantity());
		values.put(PRICE_RULES.SCOPE, v.scope());
		values.put(PRICE_RULES.PRODUCT_ID, v.productId());
		values.put(PRICE_RULES.CATEGORY_ID, v.categoryId());
		values.put(PRICE_RULES.MIN_SUBTOTAL_CENTS, v.minSubtotalCents());
		values.put(PRICE_RULES.REQUIRES_COUPON, v.requiresCoupon());
		values.put(PRICE_RULES.STARTS_AT, v.startsAt());
		values.put(PRICE_RULES.ENDS_AT, v.endsAt());
		return values;
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
