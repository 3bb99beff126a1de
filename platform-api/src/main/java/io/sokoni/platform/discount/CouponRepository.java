package io.sokoni.platform.discount;

import static io.sokoni.jooq.Tables.COUPONS;
import static io.sokoni.jooq.Tables.COUPON_REDEMPTIONS;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Coupons of the bound tenant and their redemptions. */
@Repository
class CouponRepository {

	private static final SelectField<?>[] COLUMNS = { COUPONS.ID, COUPONS.STORE_ID, COUPONS.PRICE_RULE_ID,
			COUPONS.CODE, COUPONS.USAGE_LIMIT, COUPONS.PER_CUSTOMER_LIMIT, COUPONS.TIMES_USED,
			COUPONS.USAGE_LIMIT.minus(COUPONS.TIMES_USED).as("remaining_uses"), COUPONS.STARTS_AT, COUPONS.ENDS_AT,
			COUPONS.IS_ACTIVE, COUPONS.VERSION, COUPONS.CREATED_AT, COUPONS.UPDATED_AT };

	private final DSLContext dsl;

	CouponRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	Optional<Coupon> find(UUID id) {
		return dsl.select(COLUMNS)
			.from(COUPONS)
			.where(COUPONS.TENANT_ID.eq(tenant()), COUPONS.ID.eq(id))
			.fetchOptional(r -> r.into(Coupon.class));
	}

	/** The store's coupon with this (normalised) code. */
	Optional<Coupon> findByCode(UUID storeId, String code) {
		return dsl.select(COLUMNS)
			.from(COUPONS)
			.where(COUPONS.TENANT_ID.eq(tenant()), COUPONS.STORE_ID.eq(storeId), COUPONS.CODE.eq(code))
			.fetchOptional(r -> r.into(Coupon.class));
	}

	/** A page of coupons by id (creation order), optionally of one store or price rule. */
	List<Coupon> list(UUID storeId, UUID priceRuleId, UUID after, int limit) {
		return dsl.select(COLUMNS)
			.from(COUPONS)
			.where(COUPONS.TENANT_ID.eq(tenant()), storeId == null ? DSL.noCondition() : COUPONS.STORE_ID.eq(storeId),
					priceRuleId == null ? DSL.noCondition() : COUPONS.PRICE_RULE_ID.eq(priceRuleId),
					after == null ? DSL.noCondition() : COUPONS.ID.gt(after))
			.orderBy(COUPONS.ID)
			.limit(limit)
			.fetch(r -> r.into(Coupon.class));
	}

	Coupon insert(UUID id, UUID storeId, CouponValues v, boolean active) {
		return dsl.insertInto(COUPONS)
			.set(COUPONS.TENANT_ID, tenant())
			.set(COUPONS.ID, id)
			.set(COUPONS.STORE_ID, storeId)
			.set(COUPONS.IS_ACTIVE, active)
			.set(values(v))
			.returningResult(COLUMNS)
			.fetchSingle(r -> r.into(Coupon.class));
	}

	/** Writes all values if the coupon is still at {@code expectedVersion}; empty otherwise. */
	Optional<Coupon> update(UUID id, long expectedVersion, CouponValues v) {
		return dsl.update(COUPONS)
			.set(values(v))
			.set(COUPONS.VERSION, COUPONS.VERSION.plus(1))
			.set(COUPONS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(COUPONS.TENANT_ID.eq(tenant()), COUPONS.ID.eq(id), COUPONS.VERSION.eq(expectedVersion))
			.returningResult(COLUMNS)
			.fetchOptional(r -> r.into(Coupon.class));
	}

	Optional<Coupon> setActive(UUID id, boolean active) {
		return dsl.update(COUPONS)
			.set(COUPONS.IS_ACTIVE, active)
			.set(COUPONS.VERSION, COUPONS.VERSION.plus(1))
			.set(COUPONS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(COUPONS.TENANT_ID.eq(tenant()), COUPONS.ID.eq(id))
			.returningResult(COLUMNS)
			.fetchOptional(r -> r.into(Coupon.class));
	}

	boolean delete(UUID id) {
		return dsl.deleteFrom(COUPONS).where(COUPONS.TENANT_ID.eq(tenant()), COUPONS.ID.eq(id)).execute() == 1;
	}

	/**
	 * Takes one use of the coupon if it is active, in its window and below its usage limit: one
	 * conditional update, so concurrent checkouts queue on the row and the limit holds. Whether it did.
	 * {@code times_used} is not merchant-edited, so the version stays (an admin edit is not made stale).
	 */
	boolean takeUse(UUID couponId, OffsetDateTime now) {
		return dsl.update(COUPONS)
			.set(COUPONS.TIMES_USED, COUPONS.TIMES_USED.plus(1))
			.where(COUPONS.TENANT_ID.eq(tenant()), COUPONS.ID.eq(couponId), COUPONS.IS_ACTIVE.isTrue(),
					COUPONS.STARTS_AT.isNull().or(COUPONS.STARTS_AT.le(now)),
					COUPONS.ENDS_AT.isNull().or(COUPONS.ENDS_AT.gt(now)),
					COUPONS.USAGE_LIMIT.isNull().or(COUPONS.TIMES_USED.lt(COUPONS.USAGE_LIMIT)))
			.execute() == 1;
	}

	/** Gives one use back (never below zero). */
	void giveUseBack(UUID couponId) {
		dsl.update(COUPONS)
			.set(COUPONS.TIMES_USED, COUPONS.TIMES_USED.minus(1))
			.where(COUPONS.TENANT_ID.eq(tenant()), COUPONS.ID.eq(couponId), COUPONS.TIMES_USED.gt(0))
			.execute();
	}

	/** The customer's active uses of the coupon. */
	int activeRedemptions(UUID couponId, UUID customerId) {
		return dsl.fetchCount(COUPON_REDEMPTIONS, COUPON_REDEMPTIONS.TENANT_ID.eq(tenant()),
				COUPON_REDEMPTIONS.COUPON_ID.eq(couponId), COUPON_REDEMPTIONS.CUSTOMER_ID.eq(customerId),
				COUPON_REDEMPTIONS.STATUS.eq("active"));
	}

	/** All uses of the coupon ever recorded, reversed ones included. */
	int redemptions(UUID couponId) {
		return dsl.fetchCount(COUPON_REDEMPTIONS, COUPON_REDEMPTIONS.TENANT_ID.eq(tenant()),
				COUPON_REDEMPTIONS.COUPON_ID.eq(couponId));
	}

	/** Records the use; false when this order already has a redemption of this coupon. */
	boolean insertRedemption(UUID couponId, UUID customerId, UUID orderId) {
		return dsl.insertInto(COUPON_REDEMPTIONS)
			.set(COUPON_REDEMPTIONS.TENANT_ID, tenant())
			.set(COUPON_REDEMPTIONS.ID, Ids.next())
			.set(COUPON_REDEMPTIONS.COUPON_ID, couponId)
			.set(COUPON_REDEMPTIONS.CUSTOMER_ID, customerId)
			.set(COUPON_REDEMPTIONS.ORDER_ID, orderId)
			.onConflictDoNothing()
			.execute() == 1;
	}

	/** Reverses the order's active redemptions (each at most once); the coupons they used. */
	List<UUID> reverseRedemptions(UUID orderId) {
		return dsl.update(COUPON_REDEMPTIONS)
			.set(COUPON_REDEMPTIONS.STATUS, "reversed")
			.where(COUPON_REDEMPTIONS.TENANT_ID.eq(tenant()), COUPON_REDEMPTIONS.ORDER_ID.eq(orderId),
					COUPON_REDEMPTIONS.STATUS.eq("active"))
			.returning(COUPON_REDEMPTIONS.COUPON_ID)
			.fetch(COUPON_REDEMPTIONS.COUPON_ID);
	}

	private static Map<Field<?>, Object> values(CouponValues v) {
		Map<Field<?>, Object> values = new LinkedHashMap<>();
		values.put(COUPONS.PRICE_RULE_ID, v.priceRuleId());
		values.put(COUPONS.CODE, v.code());
		values.put(COUPONS.USAGE_LIMIT, v.usageLimit());
		values.put(COUPONS.PER_CUSTOMER_LIMIT, v.perCustomerLimit());
		values.put(COUPONS.STARTS_AT, v.startsAt());
		values.put(COUPONS.ENDS_AT, v.endsAt());
		return values;
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
