package io.sokoni.platform.payment.c2b;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.order.OrderPayments;
import io.sokoni.platform.order.OrderStatus;
import io.sokoni.platform.payment.PaymentRepository;
import io.sokoni.platform.payment.PaymentRepository.Payment;
import io.sokoni.platform.payment.PaymentService;
import io.sokoni.platform.payment.Settlement;
import io.sokoni.platform.payment.mpesa.PaymentCallbackStore;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Paybill/till payments of the bound tenant. A confirmation is money that has moved: it is recorded once
 * per receipt (TransID; a duplicate changes nothing), settled on the order its account names, or kept as
 * unmatched for the merchant to assign. Validation (when the merchant has it enabled) answers from the
 * database alone, well within Daraja's ~8 s.
 */
@Service
class C2bService {

	/** Daraja's validation answers. */
	record Verdict(String resultCode, String resultDesc) {

		static final Verdict ACCEPTED = new Verdict("0", "Accepted");

		static Verdict rejected(String code) {
			return new Verdict(code, "Rejected");
		}

	}

	/** How a confirmation was applied (the raw callback's outcome). */
	record Applied(String outcome, String detail, UUID paymentId) {
	}

	private final PaymentRepository payments;

	private final PaymentService paymentService;

	private final OrderPayments orders;

	private final C2bRepository c2b;

	private final PaymentCallbackStore callbacks;

	private final AuditTrail audit;

	C2bService(PaymentRepository payments, PaymentService paymentService, OrderPayments orders, C2bRepository c2b,
			PaymentCallbackStore callbacks, AuditTrail audit) {
		this.payments = payments;
		this.paymentService = paymentService;
		this.orders = orders;
		this.c2b = c2b;
		this.callbacks = callbacks;
		this.audit = audit;
	}

	/**
	 * Accepts or rejects a payment before M-Pesa completes it, only when the merchant enabled validation
	 * (otherwise everything is accepted, as M-Pesa does without validation). Rejected: an account naming
	 * no open order of the tenant (unknown, cancelled, refunded or already paid: C2B00012), or an amount
	 * other than the order's balance rounded up to the shilling (C2B00013).
	 */
	@Transactional
	public Verdict validate(UUID callbackId, JsonNode body) {
		if (!c2b.validationEnabled()) {
			callbacks.recordOutcomeHere(callbackId, "accepted", "validation not enabled", null, null);
			return Verdict.ACCEPTED;
		}
		Optional<C2bPayment> parsed = C2bPayment.parse(body);
		if (parsed.isEmpty()) {
			callbacks.recordOutcomeHere(callbackId, "rejected", "no usable TransID or TransAmount", null, null);
			return Verdict.rejected("C2B00016");
		}
		C2bPayment p = parsed.get();
		Optional<OrderPayments.State> order = p.orderNumber().flatMap(orders::idByNumber).map(orders::get);
		if (order.isEmpty() || !open(order.get())) {
			callbacks.recordOutcomeHere(callbackId, "rejected", "C2B00012: no open order for account '"
					+ p.billRefNumber() + "'", null, null);
			return Verdict.rejected("C2B00012");
		}
		long due = balanceDueInShillings(order.get()) * 100;
		if (p.amountCents() != due) {
			callbacks.recordOutcomeHere(callbackId, "rejected",
					"C2B00013: amount " + p.amountCents() + " cents, order " + order.get().number() + " expects " + due,
					null, null);
			return Verdict.rejected("C2B00013");
		}
		callbacks.recordOutcomeHere(callbackId, "accepted", "order " + order.get().number(), null, null);
		return Verdict.ACCEPTED;
	}

	/**
	 * Records a confirmed payment (once per receipt) and settles it on the order its account names; a
	 * payment no order matches is kept as {@code unmatched}. The callback's outcome commits with it.
	 */
	@Transactional
	public Applied confirm(UUID callbackId, JsonNode body) {
		Optional<C2bPayment> parsed = C2bPayment.parse(body);
		if (parsed.isEmpty()) {
			callbacks.recordOutcomeHere(callbackId, "unparsable", "no usable TransID or TransAmount", null, null);
			return new Applied("unparsable", null, null);
		}
		C2bPayment p = parsed.get();
		Optional<UUID> orderId = p.orderNumber().flatMap(orders::idByNumber);
		UUID paymentId = Ids.next();
		String currency = orderId.map(id -> orders.get(id).currency()).orElse("KES");
		boolean inserted = payments.insertReceived(new PaymentRepository.Received(paymentId, orderId.orElse(null),
				"mpesa_c2b", orderId.isPresent() ? "succeeded" : "unmatched", p.amountCents(), currency, p.msisdn(),
				p.payerName(), p.billRefNumber(), p.transId()));
		if (!inserted) {
			callbacks.recordOutcomeHere(callbackId, "duplicate", "receipt " + p.transId() + " already recorded", null,
					null);
			return new Applied("duplicate", p.transId(), null);
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("callbackId", callbackId);
		details.put("transId", p.transId());
		details.put("amountCents", p.amountCents());
		details.put("billRefNumber", p.billRefNumber());
		details.put("shortcode", p.shortcode());
		paymentService.audit(paymentId, "c2b_confirmed", "provider", null, details);
		if (orderId.isEmpty()) {
			callbacks.recordOutcomeHere(callbackId, "unmatched", "no order for account '" + p.billRefNumber() + "'",
					paymentId, null);
			return new Applied("unmatched", null, paymentId);
		}
		Settlement settled = paymentService.settle(paymentId);
		String detail = "order " + settled.orderId() + " " + settled.paymentStatus()
				+ (settled.flag() == null ? "" : ", flagged " + settled.flag());
		callbacks.recordOutcomeHere(callbackId, "applied", detail, paymentId, null);
		return new Applied("applied", detail, paymentId);
	}

	@Transactional(readOnly = true)
	public List<Payment> unmatched(UUID before, int limit) {
		return payments.listByStatus("unmatched", before, limit);
	}

	/**
	 * The merchant assigns an unmatched payment to an order: it becomes succeeded and is settled on it
	 * (audited). 404 unknown payment or order; 409 when the payment is not (or no longer) unmatched.
	 */
	@Transactional
	public Settlement assign(UUID paymentId, UUID orderId, String note) {
		Payment payment = payments.lock(paymentId).orElseThrow(() -> ApiException.notFound("Payment"));
		if (!"unmatched".equals(payment.status())) {
			throw new ApiException(ProblemType.CONFLICT, "Only an unmatched payment can be assigned to an order",
					Map.of("paymentStatus", payment.status()));
		}
		OrderPayments.State order = orders.lock(orderId);
		payments.assign(paymentId, orderId);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("orderId", orderId);
		details.put("orderNumber", order.number());
		details.put("amountCents", payment.receivedCents());
		details.put("mpesaReceipt", payment.mpesaReceipt());
		details.put("note", note);
		paymentService.audit(paymentId, "assigned", details);
		audit.record("payment.assigned", "payment", paymentId, details);
		return paymentService.settle(paymentId);
	}

	private static boolean open(OrderPayments.State order) {
		OrderStatus status = order.orderStatus();
		return status != OrderStatus.CANCELLED && status != OrderStatus.REFUNDED
				&& order.amountPaidCents() < order.totalCents();
	}

	/** What is left to pay, rounded up to the shilling (M-Pesa moves whole shillings). */
	static long balanceDueInShillings(OrderPayments.State order) {
		long cents = Math.max(0, order.totalCents() - order.amountPaidCents());
		return (cents + 99) / 100;
	}

}
