package io.sokoni.platform.payment;

import static io.sokoni.platform.order.OrderStatus.AWAITING_PAYMENT;
import static io.sokoni.platform.order.OrderStatus.CANCELLED;
import static io.sokoni.platform.order.OrderStatus.PAID;
import static io.sokoni.platform.order.OrderStatus.PENDING;
import static io.sokoni.platform.order.OrderStatus.REFUNDED;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.auth.CurrentUser;
import io.sokoni.platform.customer.CustomerService;
import io.sokoni.platform.order.OrderLifecycle;
import io.sokoni.platform.order.OrderPayments;
import io.sokoni.platform.order.OrderStatus;
import io.sokoni.platform.outbox.OutboxWriter;
import io.sokoni.platform.payment.PaymentRepository.Payment;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Settles money onto orders: the one place an order's amount paid, payment status and payment flag change
 * because money arrived, whoever saw it arrive (STK callback or reconciler, C2B confirmation, cash
 * collection, a merchant's assignment).
 * <p>
 * Locks are taken payment first, then order (as every payment path does), so two settlements of one
 * order queue on the order row and each adds its amount to what the other committed.
 */
@Service
public class PaymentService {

	/** Audit event marking a payment as counted on its order; its presence makes settling idempotent. */
	static final String SETTLED = "settled";

	public static final String PAID_AFTER_CANCELLATION = OrderLifecycle.PAID_AFTER_CANCELLATION;

	public static final String OVERPAID = "overpaid";

	public static final String REVIEW = "review";

	/**
	 * M-Pesa charges whole shillings (the balance rounded up), so up to 99 cents more than the total is
	 * the rounding, not an overpayment.
	 */
	static final long ROUNDING_TOLERANCE_CENTS = 99;

	private final PaymentRepository payments;

	private final OrderPayments orders;

	private final OrderLifecycle lifecycle;

	private final OutboxWriter outbox;

	private final CustomerService customers;

	PaymentService(PaymentRepository payments, OrderPayments orders, OrderLifecycle lifecycle, OutboxWriter outbox,
			CustomerService customers) {
		this.payments = payments;
		this.orders = orders;
		this.lifecycle = lifecycle;
		this.outbox = outbox;
		this.customers = customers;
	}

	/**
	 * Counts a succeeded payment on its order. Joins the caller's transaction (tenant bound). Locks the
	 * payment, then the order; raises the order's amount paid by what the payment received and sets its
	 * payment status (partial while less than the total); an unpaid {@code awaiting_payment} or
	 * {@code pending} order paid in full becomes {@code paid} through {@link OrderLifecycle} (its stock
	 * holds are sold); an {@code order.paid} event is written when the order's payment status first becomes
	 * paid. Money for a cancelled or refunded order is recorded and flags it
	 * {@code paid_after_cancellation} (status unchanged, nothing announced); more than the total plus the
	 * rounding flags it {@code overpaid}. The payer's name, verified by M-Pesa, updates the customer.
	 * Idempotent: a payment already settled changes nothing and answers the order as it is.
	 * 409 {@code CONFLICT} for a payment that is not succeeded or has no order; 404 for an unknown one.
	 */
	@Transactional
	public Settlement settle(UUID paymentId) {
		Payment payment = payments.lock(paymentId).orElseThrow(() -> ApiException.notFound("Payment"));
		if (!"succeeded".equals(payment.status()) || payment.orderId() == null) {
			throw new ApiException(ProblemType.CONFLICT, "Only a succeeded payment of an order can be counted on it",
					Map.of("paymentStatus", payment.status()));
		}
		UUID orderId = payment.orderId();
		OrderPayments.State order = orders.lock(orderId);
		if (payments.hasEvent(paymentId, SETTLED)) {
			return new Settlement(orderId, order.status(), order.paymentStatus(), order.amountPaidCents(),
					order.paymentFlag());
		}
		OrderStatus status = order.orderStatus();
		boolean closed = status == CANCELLED || status == REFUNDED;
		long paid = order.amountPaidCents() + payment.receivedCents();
		String paymentStatus = paid >= order.totalCents() ? "paid" : "partial";
		String flag = order.paymentFlag();
		if (closed) {
			flag = PAID_AFTER_CANCELLATION;
		}
		else if (flag == null && paid > order.totalCents() + ROUNDING_TOLERANCE_CENTS) {
			flag = OVERPAID;
		}
		boolean becomesPaid = !closed && "paid".equals(paymentStatus) && !"paid".equals(order.paymentStatus());
		orders.recordPaid(orderId, paid, paymentStatus, flag);
		String orderStatus = status.value();
		if (becomesPaid && (status == AWAITING_PAYMENT || status == PENDING)) {
			lifecycle.transition(orderId, PAID, paidNote(payment));
			orderStatus = PAID.value();
		}
		if (becomesPaid) {
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("orderNumber", order.number());
			event.put("paymentId", paymentId);
			event.put("method", payment.method());
			event.put("amountPaidCents", paid);
			event.put("totalCents", order.totalCents());
			event.put("currency", order.currency());
			outbox.append("order", orderId, "order.paid", event);
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("orderId", orderId);
		details.put("receivedCents", payment.receivedCents());
		details.put("amountPaidCents", paid);
		details.put("paymentStatus", paymentStatus);
		details.put("orderStatus", orderStatus);
		details.put("flag", flag);
		audit(paymentId, SETTLED, details);
		if (flag != null && !flag.equals(order.paymentFlag())) {
			audit(paymentId, "order_flagged", Map.of("orderId", orderId, "flag", flag));
		}
		if (payment.payerName() != null && !payment.payerName().isBlank()) {
			customers.applyVerifiedPayer(order.customerId(), payment.phone(), payment.payerName());
		}
		return new Settlement(orderId, orderStatus, paymentStatus, paid, flag);
	}

	/**
	 * Marks the order for the merchant's attention ({@code payment_flag = 'review'}; a
	 * {@code paid_after_cancellation} flag, which asks more, is kept), audited on the payment.
	 */
	@Transactional
	public void flagForReview(UUID orderId, UUID paymentId, String reason) {
		OrderPayments.State order = orders.lock(orderId);
		String flag = PAID_AFTER_CANCELLATION.equals(order.paymentFlag()) ? order.paymentFlag() : REVIEW;
		orders.flag(orderId, flag);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("orderId", orderId);
		details.put("flag", flag);
		details.put("reason", reason);
		audit(paymentId, "flagged_for_review", details);
	}

	/** Appends a payment_audit row by the current actor (a signed-in user, the operator, else the system). */
	@Transactional
	public void audit(UUID paymentId, String eventType, Map<String, Object> details) {
		CurrentUser.Actor actor = CurrentUser.actor("system");
		audit(paymentId, eventType, actor.type(), actor.id(), details);
	}

	/** Appends a payment_audit row by the given actor ({@code provider} for what Daraja reported). */
	@Transactional
	public void audit(UUID paymentId, String eventType, String actorType, String actorId, Map<String, Object> details) {
		payments.audit(paymentId, eventType, actorType, actorId, details);
	}

	private static String paidNote(Payment payment) {
		return switch (payment.method()) {
			case "cod" -> "Cash collected on delivery";
			case "mpesa_c2b" -> "Paid by M-Pesa (paybill/till)" + receipt(payment);
			default -> "Paid by M-Pesa" + receipt(payment);
		};
	}

	private static String receipt(Payment payment) {
		return payment.mpesaReceipt() == null ? "" : ", receipt " + payment.mpesaReceipt();
	}

}
