package io.sokoni.platform.discount;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The merchant-set fields of a price rule, as written on create and (merged) on update. */
public record PriceRuleValues(String name, String kind, Integer percentOff, Long amountOffCents, Integer buyQuantity,
		Integer getQuantity, String scope, UUID productId, UUID categoryId, long minSubtotalCents,
		boolean requiresCoupon, OffsetDateTime startsAt, OffsetDateTime endsAt) {
}
