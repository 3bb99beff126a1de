package io.sokoni.platform.payment.mpesa;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.order.OrderPayments;
import io.sokoni.platform.payment.mpesa.StkRepository.Attempt;
import io.sokoni.platform.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The merchant's read side of payments (bound tenant): lists, one payment in full, an order's payments. */
@Service
public class PaymentViews {

	private final PaymentViewRepository views;

	private final StkRepository stk;

	private final OrderPayments orders;

	PaymentViews(PaymentViewRepository views, StkRepository stk, OrderPayments orders) {
		this.views = views;
		this.stk = stk;
		this.orders = orders;
	}

	public record PaymentSummary(UUID id, UUID orderId, String method, String status, long amountCents,
			long receivedCents, String currency, String phone, String payerName, String accountReference,
			String mpesaReceipt, String failureCode, String failureReason, OffsetDateTime requestedAt,
			OffsetDateTime completedAt, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
	}

	public record AttemptView(UUID id, String status, String phone, long amountShillings, String merchantRequestId,
			String checkoutRequestId, String resultCode, String resultDesc, String mpesaReceipt, int queryCount,
			OffsetDateTime nextQueryAt, OffsetDateTime createdAt, OffsetDateTime completedAt) {
	}

	public record AuditEntry(UUID id, String eventType, String actorType, String actorId, Map<String, Object> details,
			OffsetDateTime at) {
	}

	public record RawCallback(UUID id, String kind, String body, String sourceIp, Boolean ipAllowed, String outcome,
			String outcomeDetail, OffsetDateTime receivedAt, OffsetDateTime processedAt) {
	}

	public record PaymentDetail(PaymentSummary payment, List<AttemptView> attempts, List<AuditEntry> audit,
			List<RawCallback> callbacks) {
	}

	/** An order's payments with its money columns and flag (paid after cancellation, overpaid, review). */
	public record OrderPaymentsView(UUID orderId, long totalCents, long amountPaidCents, long amountRefundedCents,
			String paymentStatus, String paymentFlag, List<PaymentDetail> payments) {
	}

	@Transactional(readOnly = true)
	public List<PaymentSummary> list(String status, UUID before, int limit) {
		return views.list(status, before, limit);
	}

	@Transactional(readOnly = true)
	public PaymentDetail detail(UUID paymentId) {
		return detail(views.find(paymentId).orElseThrow(() -> ApiException.notFound("Payment")));
	}

	@Transactional(readOnly = true)
	public OrderPaymentsView ofOrder(UUID orderId) {
		OrderPayments.State order = orders.get(orderId);
		return new OrderPaymentsView(orderId, order.totalCents(), order.amountPaidCents(), order.amountRefundedCents(),
				order.paymentStatus(), order.paymentFlag(), views.ofOrder(orderId).stream().map(this::detail).toList());
	}

	private PaymentDetail detail(PaymentSummary payment) {
		List<Attempt> attempts = stk.attemptsOfPayment(payment.id());
		return new PaymentDetail(payment,
				attempts.stream()
					.map(a -> new AttemptView(a.id(), a.status(), a.phone(), a.amountShillings(), a.merchantRequestId(),
							a.checkoutRequestId(), a.resultCode(), a.resultDesc(), a.mpesaReceipt(), a.queryCount(),
							a.nextQueryAt(), a.createdAt(), a.completedAt()))
					.toList(),
				views.audit(payment.id()), views.callbacks(payment.id(), attempts.stream().map(Attempt::id).toList()));
	}

}
