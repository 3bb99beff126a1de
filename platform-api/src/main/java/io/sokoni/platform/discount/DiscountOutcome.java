package io.sokoni.platform.discount;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The discounts for a cart.
 * @param discountCents   total discount, never above the subtotal; equals the sum of {@code lineDiscounts}
 * @param lineDiscounts   discount per variant (lines without one absent)
 * @param applied         what applied, with the amount of each
 * @param notApplied      automatic rules or the coupon that did not apply, each with why
 * @param couponId        the coupon that applied, null when none did
 * @param couponRefusal   why the requested coupon cannot be used (unknown, expired, used up, ...); null
 *                        when no coupon was asked for or it applied
 */
public record DiscountOutcome(long discountCents, Map<UUID, Long> lineDiscounts, List<AppliedDiscount> applied,
		List<NotApplied> notApplied, UUID couponId, String couponRefusal) {

	public record AppliedDiscount(UUID priceRuleId, String name, String kind, String couponCode, long discountCents) {
	}

	public record NotApplied(UUID priceRuleId, String name, String couponCode, String reason) {
	}

}
