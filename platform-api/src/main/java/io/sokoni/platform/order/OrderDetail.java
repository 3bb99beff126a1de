package io.sokoni.platform.order;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An order with its money, history and deliveries, for the merchant. {@code money.paymentFlag} asks for the
 * merchant's attention: {@code paid_after_cancellation} (refund or reinstate), {@code overpaid}, {@code review}.
 */
public record OrderDetail(OrderView order, Money money, List<StatusChange> history, List<DeliverySummary> deliveries) {

	public record Money(long amountPaidCents, long amountRefundedCents, String paymentFlag) {
	}

	public record StatusChange(String fromStatus, String toStatus, String actorType, String actorId, String note,
			OffsetDateTime changedAt) {
	}

	public record DeliverySummary(UUID id, UUID partnerId, String status, String trackingCode,
			OffsetDateTime dispatchedAt, OffsetDateTime deliveredAt) {
	}

}
