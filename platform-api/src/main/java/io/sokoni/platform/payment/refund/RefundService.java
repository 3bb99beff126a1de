package io.sokoni.platform.payment.refund;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sokoni.platform.Ids;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.auth.CurrentUser;
import io.sokoni.platform.idempotency.IdempotentRequests;
import io.sokoni.platform.inventory.StockReservations;
import io.sokoni.platform.order.OrderLifecycle;
import io.sokoni.platform.order.OrderPayments;
import io.sokoni.platform.order.OrderStatus;
import io.sokoni.platform.payment.PaymentService;
import io.sokoni.platform.payment.mpesa.DarajaClient;
import io.sokoni.platform.payment.mpesa.DarajaException;
import io.sokoni.platform.payment.mpesa.MpesaAccount;
import io.sokoni.platform.payment.mpesa.MpesaAccountService;
import io.sokoni.platform.payment.mpesa.PaymentCallbackTokens;
import io.sokoni.platform.payment.refund.RefundRepository.ReversiblePayment;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Refunds of the bound tenant's orders. What an order was refunded is counted on the order in one
 * conditional update under its row lock (and a check constraint), so refunds racing never give back
 * more than was paid. A manual refund is processed at once; an M-Pesa reversal is recorded (pending,
 * counted) and committed before Daraja is called, then completed by Daraja's result: a failed one is
 * taken off the order again. A refund that brings what was given back up to what was paid moves the
 * order to {@code refunded} where that step is legal.
 */
@Service
public class RefundService {

	private static final Logger log = LoggerFactory.getLogger(RefundService.class);

	/** What the merchant asked for; {@code restock} null: nothing back in stock, empty map: everything. */
	record Request(long amountCents, String method, String reference, String reason, Map<UUID, Integer> restock) {
	}

	/** A refund as created, what went back into stock, and the order's money after it. */
	public record Created(Refund refund, Map<UUID, Integer> restocked, String orderStatus, String paymentStatus,
			long amountPaidCents, long amountRefundedCents) {
	}

	private final RefundRepository refunds;

	private final OrderPayments orders;

	private final OrderLifecycle lifecycle;

	private final StockReservations stock;

	private final PaymentService payments;

	private final MpesaAccountService accounts;

	private final DarajaClient daraja;

	private final PaymentCallbackTokens tokens;

	private final IdempotentRequests idempotent;

	private final AuditTrail audit;

	private final TransactionTemplate tx;

	RefundService(RefundRepository refunds, OrderPayments orders, OrderLifecycle lifecycle, StockReservations stock,
			PaymentService payments, MpesaAccountService accounts, DarajaClient daraja, PaymentCallbackTokens tokens,
			IdempotentRequests idempotent, AuditTrail audit, TransactionTemplate tx) {
		this.refunds = refunds;
		this.orders = orders;
		this.lifecycle = lifecycle;
		this.stock = stock;
		this.payments = payments;
		this.accounts = accounts;
		this.daraja = daraja;
		this.tokens = tokens;
		this.idempotent = idempotent;
		this.audit = audit;
		this.tx = tx;
	}

	/**
	 * Refunds {@code amountCents} of the order. Method {@code manual} (a reference is required),
	 * {@code mpesa_reversal} (the account needs an initiator and the order a succeeded M-Pesa payment of
	 * at least the amount, in whole shillings) or null: a reversal when possible, else manual. Restocking
	 * is for delivered orders (goods came back); an order refunded before delivery gets its stock back from
	 * the status change. 422 {@code BUSINESS_RULE} for more than paid minus refunded, nothing saved.
	 */
	public Created create(UUID orderId, Request request, String idempotencyKey) {
		AtomicBoolean ranNow = new AtomicBoolean();
		Created created = idempotent.once("refund:" + orderId, idempotencyKey, request, Created.class, () -> {
			ranNow.set(true);
			return record(orderId, request);
		});
		if (!ranNow.get() || !"pending".equals(created.refund().status())) {
			return created;
		}
		return reverse(created);
	}

	@Transactional(readOnly = true)
	public List<Refund> ofOrder(UUID orderId) {
		orders.get(orderId);
		return refunds.ofOrder(orderId);
	}

	/** Records the refund and counts it on the order (in the idempotency key's transaction). */
	private Created record(UUID orderId, Request request) {
		Optional<MpesaAccount> account = accounts.find();
		boolean initiator = account.map(a -> a.securityCredential() != null).orElse(false);
		Optional<ReversiblePayment> reversible = initiator ? refunds.reversiblePayment(orderId, request.amountCents())
				: Optional.empty();
		String method = request.method();
		if (method == null) {
			method = reversible.isPresent() && request.amountCents() % 100 == 0 ? "mpesa_reversal" : "manual";
		}
		if ("mpesa_reversal".equals(method)) {
			if (!initiator) {
				throw new ApiException(ProblemType.BUSINESS_RULE,
						"An M-Pesa reversal needs an initiator on the M-Pesa account; record a manual refund instead");
			}
			if (reversible.isEmpty()) {
				throw new ApiException(ProblemType.BUSINESS_RULE,
						"The order has no succeeded M-Pesa payment of at least this amount to reverse");
			}
			if (request.amountCents() % 100 != 0) {
				throw new ApiException(ProblemType.BUSINESS_RULE, "M-Pesa reverses whole shillings only",
						Map.of("amountCents", request.amountCents()));
			}
			refunds.shareLockPayment(reversible.get().id());
		}
		else if (request.reference() == null) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "A manual refund needs the reference of the refund made",
					Map.of("errors", List.of(Map.of("field", "reference", "message", "is required for a manual refund"))));
		}
		OrderPayments.State order = orders.lock(orderId);
		if (request.restock() != null && order.orderStatus() != OrderStatus.DELIVERED) {
			throw new ApiException(ProblemType.BUSINESS_RULE,
					"Items are restocked with a refund only after delivery; an order refunded before delivery gets its stock back when it becomes refunded",
					Map.of("status", order.status()));
		}
		long refunded = orders.addRefund(orderId, request.amountCents())
			.orElseThrow(() -> new ApiException(ProblemType.BUSINESS_RULE,
					"A refund cannot exceed what the order was paid and not yet refunded",
					Map.of("amountCents", request.amountCents(), "amountPaidCents", order.amountPaidCents(),
							"amountRefundedCents", order.amountRefundedCents(),
							"refundableCents", order.amountPaidCents() - order.amountRefundedCents())));
		boolean manual = "manual".equals(method);
		UUID id = Ids.next();
		UUID paymentId = manual ? null : reversible.get().id();
		refunds.insert(new Refund(id, orderId, paymentId, request.amountCents(), order.currency(), method,
				manual ? "processed" : "pending", request.reference(), request.reason(), request.restock() != null, null,
				null, CurrentUser.actor("system").id(), null, null));
		Map<UUID, Integer> restocked = request.restock() == null ? Map.of()
				: stock.returnDelivered(orderId, request.restock().isEmpty() ? null : request.restock());
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("refundId", id);
		details.put("amountCents", request.amountCents());
		details.put("method", method);
		details.put("reference", request.reference());
		details.put("reason", request.reason());
		details.put("restocked", restocked);
		audit.record("order.refund_created", "order", orderId, details);
		if (paymentId != null) {
			payments.audit(paymentId, "refund_requested", details);
		}
		if (manual) {
			finish(orderId, "Refunded (" + request.reference() + ")");
		}
		OrderPayments.State after = orders.lock(orderId);
		return new Created(refunds.find(id).orElseThrow(), restocked, after.status(), after.paymentStatus(),
				after.amountPaidCents(), refunded);
	}

	/** Asks Daraja to reverse the payment (outside any transaction), then records its answer. */
	private Created reverse(Created created) {
		Refund refund = created.refund();
		MpesaAccount account = accounts.forDaraja().orElseThrow();
		// The payment chosen when the refund was recorded, even if another has arrived since.
		String receipt = tx.execute(s -> refunds.receiptOf(refund.paymentId()).orElseThrow());
		try {
			JsonNode answer = daraja.reversal(account.credentials(), account.initiatorName(),
					account.securityCredential(), receipt, refund.amountCents() / 100, account.businessShortcode(), "11",
					tokens.callbackUrl(TenantContext.require(), "/reversal/result"),
					tokens.callbackUrl(TenantContext.require(), "/reversal/timeout"), "Refund", null);
			String conversationId = answer.path("ConversationID").asString(null);
			if (!"0".equals(answer.path("ResponseCode").asString("")) || conversationId == null) {
				fail(refund.id(), "Daraja refused the reversal: " + answer.path("ResponseDescription").asString(""));
				throw new ApiException(ProblemType.BUSINESS_RULE,
						"M-Pesa refused the reversal: " + answer.path("ResponseDescription").asString("no reason given"));
			}
			tx.executeWithoutResult(s -> refunds.setConversationIfNone(refund.id(), conversationId));
		}
		catch (DarajaException ex) {
			log.warn("Reversal of refund {} not accepted by Daraja: {}", refund.id(), ex.getMessage());
			// Only a refusal certain not to have reached M-Pesa is failed; otherwise the result may still come.
			if (ex.certainlyNotApplied()) {
				fail(refund.id(), "Daraja did not accept the reversal: " + ex.getMessage());
			}
			throw new ApiException(ProblemType.MPESA_UNAVAILABLE,
					"M-Pesa did not accept the reversal now; the refund was " + (ex.certainlyNotApplied()
							? "not made, try again later" : "recorded as pending until M-Pesa answers"),
					Map.of("refundId", refund.id(), "retryAfterSeconds", 30));
		}
		return tx.execute(s -> {
			OrderPayments.State order = orders.get(refund.orderId());
			return new Created(refunds.find(refund.id()).orElseThrow(), created.restocked(), order.status(),
					order.paymentStatus(), order.amountPaidCents(), order.amountRefundedCents());
		});
	}

	/**
	 * Daraja's result for a reversal (by its ConversationID, else by the reversed receipt and amount when
	 * the result came before Daraja's answer was recorded): processed, or failed and taken off the order.
	 * Unknown or already completed: false, nothing changed.
	 */
	@Transactional
	public boolean applyReversalResult(String conversationId, String originalReceipt, Long amountShillings,
			boolean succeeded, String detail) {
		Optional<UUID> id = refunds.lockByConversation(conversationId);
		if (id.isEmpty() && originalReceipt != null && amountShillings != null) {
			// The result overtook the recording of Daraja's answer: match by the reversed receipt and amount.
			id = refunds.lockUnansweredReversal(originalReceipt, amountShillings * 100);
			id.ifPresent(found -> refunds.setConversation(found, conversationId));
		}
		if (id.isEmpty()) {
			return false;
		}
		Refund refund = refunds.find(id.get()).orElseThrow();
		if (!"pending".equals(refund.status())) {
			return false;
		}
		if (!succeeded) {
			fail(refund.id(), detail);
			return true;
		}
		orders.lock(refund.orderId());
		refunds.complete(refund.id(), "processed", null);
		if (refund.paymentId() != null) {
			payments.audit(refund.paymentId(), "refund_processed", "provider", null,
					Map.of("refundId", refund.id(), "detail", detail == null ? "" : detail));
		}
		finish(refund.orderId(), "Refunded by M-Pesa reversal");
		return true;
	}

	/** A pending refund that will not happen: failed, and no longer counted on the order. */
	private void fail(UUID refundId, String reason) {
		tx.executeWithoutResult(s -> {
			Refund refund = refunds.find(refundId).orElseThrow();
			orders.lock(refund.orderId());
			String why = reason == null ? "failed" : reason.length() <= 500 ? reason : reason.substring(0, 500);
			if (refunds.complete(refundId, "failed", why)) {
				orders.removeRefund(refund.orderId(), refund.amountCents());
				if (refund.paymentId() != null) {
					payments.audit(refund.paymentId(), "refund_failed", "provider", null,
							Map.of("refundId", refundId, "reason", why));
				}
			}
		});
	}

	/**
	 * When what was given back (processed refunds) reaches what was paid, the order becomes refunded:
	 * through the lifecycle where legal (its stock and lifetime value follow), else its payment status
	 * only (a cancelled order whose late payment was refunded: its flag is resolved).
	 */
	private void finish(UUID orderId, String note) {
		OrderPayments.State order = orders.lock(orderId);
		if (order.amountPaidCents() == 0 || refunds.processedTotal(orderId) < order.amountPaidCents()) {
			return;
		}
		boolean legal = OrderLifecycle.canMove(order.orderStatus(), OrderStatus.REFUNDED) && "paid".equals(order.paymentStatus());
		if (legal) {
			lifecycle.transition(orderId, OrderStatus.REFUNDED, note);
		}
		else {
			orders.recordPaid(orderId, order.amountPaidCents(), "refunded",
					PaymentService.PAID_AFTER_CANCELLATION.equals(order.paymentFlag()) ? null : order.paymentFlag());
		}
	}

}
