package io.sokoni.platform.order;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of the merchant's order list. */
public record OrderSummary(UUID id, long number, String status, String paymentMethod, String paymentStatus,
		String channel, String customerName, String customerPhone, String deliveryCityArea, String currency,
		long totalCents, OffsetDateTime placedAt) {
}
