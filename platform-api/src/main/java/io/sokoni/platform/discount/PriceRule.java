package io.sokoni.platform.discount;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A price rule as the merchant admin sees it: what it gives ({@code kind} and its fields), on which lines
 * ({@code scope}), from which cart subtotal, whether only a coupon brings it, and when.
 */
public record PriceRule(UUID id, UUID storeId, String name, String kind, Integer percentOff, Long amountOffCents,
		Integer buyQuantity, Integer getQuantity, String scope, UUID productId, UUID categoryId, long minSubtotalCents,
		boolean requiresCoupon, OffsetDateTime startsAt, OffsetDateTime endsAt, boolean active, long version,
		OffsetDateTime createdAt, OffsetDateTime updatedAt) {

	/** Whether {@code now} is inside the rule's window (start inclusive, end exclusive). */
	boolean inWindow(OffsetDateTime now) {
		return (startsAt == null || !startsAt.isAfter(now)) && (endsAt == null || endsAt.isAfter(now));
	}

	/** The calculator's view of this rule, brought by {@code couponCode} (null: automatic). */
	DiscountCalculator.Rule toRule(String couponCode) {
		return new DiscountCalculator.Rule(id, name, DiscountCalculator.Kind.of(kind), percentOff, amountOffCents,
				buyQuantity, getQuantity, DiscountCalculator.Scope.of(scope), productId, categoryId, minSubtotalCents,
				couponCode);
	}

}
