package io.sokoni.platform.discount;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.store.StoreService;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Coupon codes of the bound tenant, for the merchant admin. */
@Service
public class CouponService {

	private final CouponRepository coupons;

	private final PriceRuleRepository rules;

	private final StoreService stores;

	private final AuditTrail audit;

	CouponService(CouponRepository coupons, PriceRuleRepository rules, StoreService stores, AuditTrail audit) {
		this.coupons = coupons;
		this.rules = rules;
		this.stores = stores;
		this.audit = audit;
	}

	/** The fields a PATCH changes: null leaves one as it is, {@code clear} names the ones to empty. */
	public record Changes(UUID priceRuleId, String code, Integer usageLimit, Integer perCustomerLimit,
			OffsetDateTime startsAt, OffsetDateTime endsAt, Set<String> clear) {
	}

	@Transactional(readOnly = true)
	public List<Coupon> list(UUID storeId, UUID priceRuleId, UUID after, int limit) {
		return coupons.list(storeId, priceRuleId, after, limit);
	}

	@Transactional(readOnly = true)
	public Coupon get(UUID id) {
		return coupons.find(id).orElseThrow(() -> ApiException.notFound("Coupon"));
	}

	@Transactional
	public Coupon create(UUID storeId, CouponValues values, boolean active) {
		if (stores.find(storeId).isEmpty()) {
			throw ApiException.notFound("Store");
		}
		CouponValues normalized = normalized(values);
		DiscountRules.check(normalized);
		checkRule(storeId, normalized.priceRuleId());
		Coupon created = coupons.insert(Ids.next(), storeId, normalized, active);
		audit.record("coupon.created", "coupon", created.id(),
				Map.of("code", created.code(), "priceRuleId", created.priceRuleId()));
		return created;
	}

	@Transactional
	public Coupon update(UUID id, long expectedVersion, Changes c) {
		Coupon current = get(id);
		if (current.version() != expectedVersion) {
			throw ApiException.staleVersion("The coupon");
		}
		Set<String> clear = c.clear() == null ? Set.of() : c.clear();
		CouponValues values = normalized(new CouponValues(or(c.priceRuleId(), current.priceRuleId()),
				or(c.code(), current.code()), clear.contains("usageLimit") ? null : or(c.usageLimit(), current.usageLimit()),
				clear.contains("perCustomerLimit") ? null : or(c.perCustomerLimit(), current.perCustomerLimit()),
				clear.contains("startsAt") ? null : or(c.startsAt(), current.startsAt()),
				clear.contains("endsAt") ? null : or(c.endsAt(), current.endsAt())));
		DiscountRules.check(values);
		if (values.usageLimit() != null && values.usageLimit() < current.timesUsed()) {
			throw DiscountRules.invalid("usageLimit",
					"must be at least the " + current.timesUsed() + " uses the coupon already has");
		}
		if (!values.priceRuleId().equals(current.priceRuleId())) {
			checkRule(current.storeId(), values.priceRuleId());
		}
		Coupon updated = coupons.update(id, expectedVersion, values)
			.orElseThrow(() -> ApiException.staleVersion("The coupon"));
		audit.record("coupon.updated", "coupon", id, Map.of("code", updated.code(), "version", updated.version()));
		return updated;
	}

	@Transactional
	public Coupon setActive(UUID id, boolean active) {
		Coupon updated = coupons.setActive(id, active).orElseThrow(() -> ApiException.notFound("Coupon"));
		audit.record(active ? "coupon.activated" : "coupon.deactivated", "coupon", id, Map.of("code", updated.code()));
		return updated;
	}

	/** Deletes an unused coupon; a used one is part of orders' history and is deactivated instead. */
	@Transactional
	public void delete(UUID id) {
		Coupon coupon = get(id);
		int used = coupons.redemptions(id);
		if (used > 0) {
			throw new ApiException(ProblemType.CONFLICT,
					"Orders have used this coupon (" + used + " times); deactivate it instead of deleting it");
		}
		coupons.delete(id);
		audit.record("coupon.deleted", "coupon", id, Map.of("code", coupon.code()));
	}

	/** The rule a coupon brings must be one of the same store's. */
	private void checkRule(UUID storeId, UUID priceRuleId) {
		PriceRule rule = rules.find(priceRuleId)
			.orElseThrow(() -> new ApiException(ProblemType.BUSINESS_RULE, "No such price rule",
					Map.of("field", "priceRuleId")));
		if (!rule.storeId().equals(storeId)) {
			throw new ApiException(ProblemType.BUSINESS_RULE, "The price rule belongs to another store",
					Map.of("field", "priceRuleId"));
		}
	}

	private static CouponValues normalized(CouponValues v) {
		return new CouponValues(v.priceRuleId(), Coupon.normalize(v.code()), v.usageLimit(), v.perCustomerLimit(),
				v.startsAt(), v.endsAt());
	}

	private static <T> T or(T value, T fallback) {
		return value != null ? value : fallback;
	}

}
