package io.sokoni.platform.delivery;

import java.util.UUID;

/**
 * What delivering a cart to a city area costs and how long it takes.
 * @param ruleApplied one of {@code zone_fee}, {@code free_over_threshold}, {@code default_zone_fee},
 *                    {@code default_zone_free_over_threshold} (the values of {@code delivery_quotes.rule_applied})
 */
public record DeliveryQuote(UUID zoneId, String zoneName, String cityArea, long feeCents, int etaMinutes,
		String ruleApplied, long minOrderCents, Long freeDeliveryThresholdCents) {
}
