package io.sokoni.platform.delivery;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An order handed to a rider or partner, with the time of each step it reached. */
public record Delivery(UUID id, UUID orderId, UUID partnerId, String status, String trackingCode, Integer etaMinutes,
		Long costCents, String notes, String failureReason, OffsetDateTime acceptedAt, OffsetDateTime dispatchedAt,
		OffsetDateTime deliveredAt, OffsetDateTime failedAt, long version, OffsetDateTime createdAt,
		OffsetDateTime updatedAt) {
}
