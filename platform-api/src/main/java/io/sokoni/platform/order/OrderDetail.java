package io.sokoni.platform.order;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** An order with its history and deliveries, for the merchant. */
public record OrderDetail(OrderView order, List<StatusChange> history, List<DeliverySummary> deliveries) {

	public record StatusChange(String fromStatus, String toStatus, String actorType, String actorId, String note,
			OffsetDateTime changedAt) {
	}

	public record DeliverySummary(UUID id, UUID partnerId, String status, String trackingCode,
			OffsetDateTime dispatchedAt, OffsetDateTime deliveredAt) {
	}

}
