package io.sokoni.platform.order;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What the merchant's order list is narrowed to; null fields do not narrow. {@code number} and
 * {@code phone} come from one search box (digits of an order number, or a phone in any common form).
 */
record OrderFilter(UUID storeId, String status, OffsetDateTime placedFrom, OffsetDateTime placedTo,
		String paymentMethod, String paymentStatus, String channel, String cityArea, Long number, String phone,
		UUID customerId, OffsetDateTime beforePlacedAt, UUID beforeId, int limit) {
}
