package io.sokoni.platform.order;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What the payment feature does for a placed order, seen from the order side (so orders do not depend
 * on payments; the payment feature implements it): start the M-Pesa prompt after the checkout
 * committed, and tell the shopper where the payment stands.
 */
public interface CheckoutPayments {

	/** Called after the checkout's transaction committed, outside any transaction. Idempotent per order. */
	PaymentState afterCheckout(OrderView order, String mpesaPhone);

	/** Where the order's payment stands; null for an order without an M-Pesa payment flow. */
	PaymentState current(OrderView order);

	/**
	 * The shopper's view of an order's payment: {@code status} is the latest push's (none, unavailable,
	 * recorded, pending, succeeded, failed, cancelled, timeout, review); {@code reason} says in plain words
	 * why it did not go through; {@code canRetry} whether a new prompt may be asked for now.
	 */
	record PaymentState(String status, String reason, boolean canRetry, String phone, Long amountShillings,
			OffsetDateTime updatedAt) {
	}

}
