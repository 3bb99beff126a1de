package io.sokoni.platform.order;

import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The order side of payments, for the payment feature: what an order was paid and refunded, its
 * payment status and flag. Each method joins the caller's transaction; the order row is locked first, as
 * {@link OrderLifecycle} locks it, so a payment, a refund and a status change of one order happen one
 * at a time.
 */
@Service
public class OrderPayments {

	/** An order's money as the payment feature needs it. */
	public record State(UUID id, long number, String status, String paymentMethod, String paymentStatus,
			String currency, long totalCents, long amountPaidCents, long amountRefundedCents, String paymentFlag,
			UUID customerId) {

		public OrderStatus orderStatus() {
			return OrderStatus.of(status);
		}

	}

	private final OrderPaymentRepository orders;

	OrderPayments(OrderPaymentRepository orders) {
		this.orders = orders;
	}

	/** The order, locked until the end of the transaction; 404 when the bound tenant has no such order. */
	@Transactional(propagation = Propagation.MANDATORY)
	public State lock(UUID orderId) {
		return orders.lock(orderId).orElseThrow(() -> ApiException.notFound("Order"));
	}

	/** The order as last committed (no lock); 404 when the bound tenant has no such order. */
	@Transactional(readOnly = true)
	public State get(UUID orderId) {
		return orders.find(orderId).orElseThrow(() -> ApiException.notFound("Order"));
	}

	/** Sets what a locked order has received, its payment status and flag (null: none). */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordPaid(UUID orderId, long amountPaidCents, String paymentStatus, String flag) {
		orders.recordPaid(orderId, amountPaidCents, paymentStatus, flag);
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void flag(UUID orderId, String flag) {
		orders.flag(orderId, flag);
	}

	/**
	 * Counts a refund against the order in one conditional update: the new refunded total, or empty (nothing
	 * changed) when it would exceed what the order was paid.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Optional<Long> addRefund(UUID orderId, long amountCents) {
		return orders.addRefund(orderId, amountCents);
	}

	/** Takes back a refund that did not happen (a reversal M-Pesa refused). */
	@Transactional(propagation = Propagation.MANDATORY)
	public void removeRefund(UUID orderId, long amountCents) {
		orders.removeRefund(orderId, amountCents);
	}

	/** The id of the bound tenant's order with this number. */
	@Transactional(readOnly = true)
	public Optional<UUID> idByNumber(long orderNumber) {
		return orders.idByNumber(orderNumber);
	}

}
