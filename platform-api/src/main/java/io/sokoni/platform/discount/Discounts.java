package io.sokoni.platform.discount;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.store.Store;
import io.sokoni.platform.store.StoreService;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Price rules and coupons of the bound tenant, applied to carts and orders. The arithmetic is
 * {@link DiscountCalculator}'s (see its rule set); this class chooses the rules: the store's active
 * automatic rules in their window, plus the rule of a usable coupon.
 */
@Service
public class Discounts {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

	private final PriceRuleRepository rules;

	private final CouponRepository coupons;

	private final StoreService stores;

	Discounts(PriceRuleRepository rules, CouponRepository coupons, StoreService stores) {
		this.rules = rules;
		this.coupons = coupons;
		this.stores = stores;
	}

	/**
	 * The discounts a store gives these lines at {@code now}, with {@code couponCode} (may be null) for the
	 * customer (may be null: per-customer limits are then checked at redemption). Joins the caller's
	 * transaction; writes nothing. A coupon that cannot be used is named in {@code couponRefusal} and
	 * also listed in {@code notApplied}; the automatic rules still apply.
	 */
	@Transactional(readOnly = true)
	public DiscountOutcome evaluate(UUID storeId, List<DiscountLine> lines, String couponCode, UUID customerId,
			OffsetDateTime now) {
		List<PriceRule> automatic = rules.activeAutomatic(storeId, now);
		String code = couponCode == null || couponCode.isBlank() ? null : Coupon.normalize(couponCode);
		if (code == null && automatic.isEmpty()) {
			// The common case at checkout: nothing to apply, and no message that needs the currency.
			return new DiscountOutcome(0, Map.of(), List.of(), List.of(), null, null);
		}
		String currency = stores.find(storeId).map(Store::currency).orElse(null);
		if (code == null) {
			return DiscountCalculator.calculate(lines, toRules(automatic, null), currency);
		}

		Optional<Coupon> coupon = coupons.findByCode(storeId, code);
		Optional<PriceRule> couponRule = coupon.flatMap(c -> rules.find(c.priceRuleId()));
		Optional<String> refusal = coupon.isEmpty() ? Optional.of("Coupon code " + code + " is not valid in this store")
				: refusal(coupon.get(), now).or(() -> customerRefusal(coupon.get(), customerId))
					.or(() -> ruleRefusal(couponRule, now));
		if (refusal.isPresent()) {
			DiscountOutcome outcome = DiscountCalculator.calculate(lines, toRules(automatic, null), currency);
			return refused(outcome, couponRule.map(PriceRule::id).orElse(null),
					couponRule.map(PriceRule::name).orElse(null), code, refusal.get());
		}

		PriceRule rule = couponRule.orElseThrow();
		// A coupon for a rule that also applies by itself brings it once, as the coupon's.
		List<PriceRule> others = automatic.stream().filter(r -> !r.id().equals(rule.id())).toList();
		List<DiscountCalculator.Rule> all = toRules(others, null);
		all.add(rule.toRule(code));
		DiscountOutcome outcome = DiscountCalculator.calculate(lines, all, currency);
		Optional<DiscountOutcome.NotApplied> notApplied = outcome.notApplied()
			.stream()
			.filter(n -> code.equals(n.couponCode()))
			.findFirst();
		if (notApplied.isPresent()) {
			return new DiscountOutcome(outcome.discountCents(), outcome.lineDiscounts(), outcome.applied(),
					outcome.notApplied(), null, "Coupon " + code + " does not apply: " + notApplied.get().reason());
		}
		return new DiscountOutcome(outcome.discountCents(), outcome.lineDiscounts(), outcome.applied(),
				outcome.notApplied(), coupon.get().id(), null);
	}

	/**
	 * Counts one use of a coupon for an order, in the caller's (checkout) transaction, by conditional
	 * updates so limits hold under concurrency: 422 {@code COUPON_NOT_APPLICABLE} when the overall or
	 * per-customer limit is reached (the caller's transaction then rolls back). Redeeming the same coupon
	 * for the same order again changes nothing.
	 */
	@Transactional
	public void redeem(UUID couponId, UUID customerId, UUID orderId) {
		if (customerId == null || orderId == null) {
			throw new IllegalArgumentException("A redemption needs the order's customer and the order");
		}
		Coupon coupon = coupons.find(couponId)
			.orElseThrow(() -> new ApiException(ProblemType.COUPON_NOT_APPLICABLE, "This coupon does not exist"));
		if (!coupons.insertRedemption(couponId, customerId, orderId)) {
			return;
		}
		// Counting (this order's use included) is safe because the checkout has locked this customer's row
		// (its upsert) for the rest of its transaction: two checkouts of one customer cannot count at once.
		if (coupon.perCustomerLimit() != null
				&& coupons.activeRedemptions(couponId, customerId) > coupon.perCustomerLimit()) {
			throw notApplicable(customerLimit(coupon));
		}
		OffsetDateTime now = OffsetDateTime.now();
		if (!coupons.takeUse(couponId, now)) {
			// Read again: the row may have changed while this transaction waited for it.
			Coupon current = coupons.find(couponId).orElse(coupon);
			throw notApplicable(refusal(current, now).orElse("This coupon has just been used up"));
		}
	}

	/** Gives back the coupon use of a cancelled order, at most once; nothing when it had none. */
	@Transactional
	public void reverse(UUID orderId) {
		// The status change is conditional on 'active', so a second reversal finds nothing to give back.
		for (UUID couponId : coupons.reverseRedemptions(orderId)) {
			coupons.giveUseBack(couponId);
		}
	}

	/** Why the coupon itself cannot be used at {@code now} (customer and rule aside). */
	static Optional<String> refusal(Coupon coupon, OffsetDateTime now) {
		String code = coupon.code();
		if (!coupon.active()) {
			return Optional.of("Coupon " + code + " is no longer active");
		}
		if (coupon.startsAt() != null && coupon.startsAt().isAfter(now)) {
			return Optional.of("Coupon " + code + " cannot be used before " + when(coupon.startsAt()));
		}
		if (coupon.endsAt() != null && !coupon.endsAt().isAfter(now)) {
			return Optional.of("Coupon " + code + " expired on " + when(coupon.endsAt()));
		}
		if (coupon.usageLimit() != null && coupon.timesUsed() >= coupon.usageLimit()) {
			return Optional.of("Coupon " + code + " has reached its usage limit");
		}
		return Optional.empty();
	}

	private Optional<String> customerRefusal(Coupon coupon, UUID customerId) {
		if (customerId == null || coupon.perCustomerLimit() == null) {
			return Optional.empty();
		}
		return coupons.activeRedemptions(coupon.id(), customerId) >= coupon.perCustomerLimit()
				? Optional.of(customerLimit(coupon)) : Optional.empty();
	}

	private static Optional<String> ruleRefusal(Optional<PriceRule> rule, OffsetDateTime now) {
		if (rule.isEmpty() || !rule.get().active()) {
			return Optional.of("The offer of this coupon is no longer active");
		}
		PriceRule r = rule.get();
		if (r.startsAt() != null && r.startsAt().isAfter(now)) {
			return Optional.of("The offer of this coupon starts on " + when(r.startsAt()));
		}
		if (r.endsAt() != null && !r.endsAt().isAfter(now)) {
			return Optional.of("The offer of this coupon ended on " + when(r.endsAt()));
		}
		return Optional.empty();
	}

	private static String customerLimit(Coupon coupon) {
		int limit = coupon.perCustomerLimit();
		return "Coupon " + coupon.code() + " can be used " + (limit == 1 ? "once" : limit + " times")
				+ " per customer, and this customer already has";
	}

	private static DiscountOutcome refused(DiscountOutcome outcome, UUID ruleId, String ruleName, String code,
			String reason) {
		List<DiscountOutcome.NotApplied> notApplied = new ArrayList<>(outcome.notApplied());
		notApplied.add(new DiscountOutcome.NotApplied(ruleId, ruleName, code, reason));
		return new DiscountOutcome(outcome.discountCents(), outcome.lineDiscounts(), outcome.applied(),
				List.copyOf(notApplied), null, reason);
	}

	private static List<DiscountCalculator.Rule> toRules(List<PriceRule> rules, String code) {
		List<DiscountCalculator.Rule> result = new ArrayList<>();
		rules.forEach(r -> result.add(r.toRule(code)));
		return result;
	}

	private static ApiException notApplicable(String detail) {
		return new ApiException(ProblemType.COUPON_NOT_APPLICABLE, detail);
	}

	static String when(OffsetDateTime time) {
		return WHEN.format(time.withOffsetSameInstant(ZoneOffset.UTC));
	}

}
