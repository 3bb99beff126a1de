package io.sokoni.platform.discount;

import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;

/**
 * A coupon code of a store and the price rule it brings. {@code timesUsed} counts the orders using it
 * now (a cancelled order gives its use back); {@code remainingUses} is null without a usage limit.
 */
public record Coupon(UUID id, UUID storeId, UUID priceRuleId, String code, Integer usageLimit,
		Integer perCustomerLimit, int timesUsed, Integer remainingUses, OffsetDateTime startsAt,
		OffsetDateTime endsAt, boolean active, long version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

	/** Codes are stored upper case, so shoppers may type them in any case. */
	static String normalize(String code) {
		return code == null ? null : code.strip().toUpperCase(Locale.ROOT);
	}

}
