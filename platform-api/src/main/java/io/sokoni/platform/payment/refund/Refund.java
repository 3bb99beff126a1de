package io.sokoni.platform.payment.refund;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A refund of an order. {@code method}: {@code manual} (done outside Sokoni, recorded with its reference,
 * processed at once) or {@code mpesa_reversal} (pending until Daraja's result). {@code status}: pending,
 * processed, failed (a failed refund no longer counts against what was paid).
 */
public record Refund(UUID id, UUID orderId, UUID paymentId, long amountCents, String currency, String method,
		String status, String reference, String reason, boolean restock, String conversationId,
		String failureReason, String createdBy, OffsetDateTime createdAt, OffsetDateTime processedAt) {
}
