package io.sokoni.platform.payment;

import java.util.UUID;

/**
 * What settling a payment left on its order: the order's status and payment status, all it has received,
 * and its payment flag (null, {@code paid_after_cancellation}, {@code overpaid} or {@code review}).
 */
public record Settlement(UUID orderId, String orderStatus, String paymentStatus, long amountPaidCents, String flag) {
}
