package io.sokoni.platform.payment.cod;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.sokoni.platform.payment.Settlement;

/** Cash recorded for a cash-on-delivery order, and what it left on the order. */
public record CashCollection(UUID id, UUID orderId, UUID paymentId, long amountCents, String currency,
		String collectorKind, String collectorName, UUID deliveryPartnerId, String mpesaReceipt,
		OffsetDateTime collectedAt, String recordedBy, Settlement settlement) {
}
