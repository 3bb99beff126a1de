package io.sokoni.platform.discount;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The merchant-set fields of a coupon, as written on create and (merged) on update. */
public record CouponValues(UUID priceRuleId, String code, Integer usageLimit, Integer perCustomerLimit,
		OffsetDateTime startsAt, OffsetDateTime endsAt) {
}
