package io.sokoni.platform.payment.mpesa;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.outbox.OutboxWriter;
import io.sokoni.platform.payment.PaymentService;
import io.sokoni.platform.payment.mpesa.StkRepository.Attempt;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gives an STK attempt its final result, whoever learned it (a callback, the reconciler's query), in
 * the caller's transaction with the attempt row locked: terminal states never change; a success whose
 * amount or phone differs from what was asked, or whose receipt is already counted, goes to review
 * (money may have moved; the merchant decides) instead of paying the order; a success pays the payment
 * and settles it on the order; a failure says in plain words why, and the order keeps waiting while its
 * hold lasts.
 */
@Component
class StkResults {

	private final StkRepository stk;

	private final PaymentService payments;

	private final OutboxWriter outbox;

	StkResults(StkRepository stk, PaymentService payments, OutboxWriter outbox) {
		this.stk = stk;
		this.payments = payments;
		this.outbox = outbox;
	}

	/** What Daraja reported about one push. Amount, receipt and phone only for a success callback. */
	record Result(String checkoutRequestId, String resultCode, String resultDesc, Long amount, String receipt,
			String phone) {

		boolean success() {
			return "0".equals(resultCode);
		}

	}

	/** How applying ended: the callback outcome (applied, duplicate, review, late) and a detail. */
	record Applied(String outcome, String detail, UUID paymentId, UUID attemptId) {
	}

	/** The attempt status a non-zero result code leads to. */
	static String failureStatus(String code) {
		return switch (code == null ? "" : code) {
			case "1032" -> "cancelled";
			case "1037", "1019" -> "timeout";
			default -> "failed";
		};
	}

	/** A reason a shopper understands. */
	static String plainReason(String code, String desc) {
		return switch (code == null ? "" : code) {
			case "1032" -> "You cancelled the M-Pesa prompt. You can try again.";
			case "1037" -> "The M-Pesa prompt timed out: the phone could not be reached or no PIN was entered.";
			case "1019" -> "The M-Pesa request expired before it was completed.";
			case "1" -> "There was not enough money in the M-Pesa account (or the Fuliza limit was reached).";
			case "2001" -> "The M-Pesa PIN was wrong.";
			case "1001" -> "Another M-Pesa prompt is open on the phone: finish or cancel it, wait a minute, then try again.";
			case "17", "26", "1025", "9999" -> "M-Pesa could not send the prompt just now; please try again.";
			case "push_refused" -> "M-Pesa did not accept the payment request; please try again.";
			case "no_answer" -> "We could not confirm that the M-Pesa prompt was sent; please try again.";
			case "SFC_IC0003" -> "The store's M-Pesa till is not set up correctly; please choose another way to pay.";
			default -> "M-Pesa could not complete the payment" + (desc == null ? "." : ": " + desc);
		};
	}

	@Transactional(propagation = Propagation.MANDATORY)
	Applied apply(UUID attemptId, Result result, String actorType, String actorId) {
		Attempt attempt = stk.lock(attemptId).orElseThrow();
		UUID paymentId = attempt.paymentId();
		if (!attempt.open()) {
			return late(attempt, result, actorType, actorId);
		}
		Map<String, Object> details = details(attempt, result);
		if (!result.success()) {
			String status = failureStatus(result.resultCode());
			String reason = plainReason(result.resultCode(), result.resultDesc());
			stk.finish(attemptId, status, result.checkoutRequestId(), result.resultCode(), result.resultDesc(), null);
			failureNoted(attempt, status, result.resultCode(), reason);
			payments.audit(paymentId, "stk." + status, actorType, actorId, details);
			return new Applied("applied", "attempt " + status + " (" + result.resultCode() + ")", paymentId, attemptId);
		}
		String mismatch = mismatch(attempt, result);
		if (mismatch != null) {
			return review(attempt, result, mismatch, actorType, actorId);
		}
		long received = attempt.amountShillings() * 100;
		String phone = "+" + attempt.phone();
		stk.finish(attemptId, "succeeded", result.checkoutRequestId(), "0", result.resultDesc(), result.receipt());
		if (!stk.paymentSucceeded(paymentId, received, result.receipt(), phone)) {
			payments.audit(paymentId, "stk.success_on_closed_payment", actorType, actorId, details);
			payments.flagForReview(attempt.orderId(), paymentId,
					"M-Pesa reported a payment for a push whose payment was already closed");
			return new Applied("review", "payment no longer pending", paymentId, attemptId);
		}
		payments.audit(paymentId, "stk.succeeded", actorType, actorId, details);
		var settlement = payments.settle(paymentId);
		return new Applied("applied", "paid; order " + settlement.orderStatus() + ", payment " + settlement.paymentStatus()
				+ (settlement.flag() == null ? "" : ", flagged " + settlement.flag()), paymentId, attemptId);
	}

	/**
	 * Notes on the payment why its attempt failed and announces it ({@code order.payment_failed}, for the
	 * shopper's WhatsApp notification and the merchant's insight), in the caller's transaction. Every way an
	 * attempt fails comes here: a failure callback or query, a push Daraja refused, a push never answered.
	 * The order itself keeps waiting for another attempt.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void failureNoted(Attempt attempt, String status, String code, String reason) {
		stk.paymentFailureNoted(attempt.paymentId(), code, reason);
		outbox.append("order", attempt.orderId(), "order.payment_failed", Map.of("paymentId", attempt.paymentId(),
				"attemptId", attempt.id(), "status", status, "resultCode", String.valueOf(code), "reason", reason));
	}

	/** Why a success cannot pay the order as it is, or null. */
	private String mismatch(Attempt attempt, Result result) {
		if (result.amount() != null && result.amount() != attempt.amountShillings()) {
			return "M-Pesa reported " + result.amount() + " KES, " + attempt.amountShillings() + " KES were asked";
		}
		if (result.phone() != null && !result.phone().equals(attempt.phone())) {
			return "M-Pesa reported payment from " + result.phone() + ", the prompt went to " + attempt.phone();
		}
		if (stk.receiptRecorded(result.receipt())) {
			return "receipt " + result.receipt() + " is already counted on another payment";
		}
		return null;
	}

	private Applied review(Attempt attempt, Result result, String reason, String actorType, String actorId) {
		UUID paymentId = attempt.paymentId();
		stk.finish(attempt.id(), "review", result.checkoutRequestId(), result.resultCode(), result.resultDesc(),
				stk.receiptRecorded(result.receipt()) ? null : result.receipt());
		if ("pending".equals(stk.paymentStatus(paymentId))) {
			long received = result.amount() == null ? 0 : result.amount() * 100;
			stk.paymentToReview(paymentId, received, stk.receiptRecorded(result.receipt()) ? null : result.receipt(),
					"mismatch", reason);
		}
		Map<String, Object> details = details(attempt, result);
		details.put("reason", reason);
		payments.audit(paymentId, "stk.review", actorType, actorId, details);
		payments.flagForReview(attempt.orderId(), paymentId, reason);
		return new Applied("review", reason, paymentId, attempt.id());
	}

	/**
	 * A result for an attempt already final: the same or another failure changes nothing (duplicate); a
	 * success after a failure means money may have moved, so the merchant is asked to look.
	 */
	private Applied late(Attempt attempt, Result result, String actorType, String actorId) {
		boolean sameOutcome = result.success() ? attempt.status().equals("succeeded") || attempt.status().equals("review")
				: !attempt.status().equals("succeeded") && !attempt.status().equals("review");
		if (sameOutcome || !result.success()) {
			return new Applied("duplicate", "attempt already " + attempt.status(), attempt.paymentId(), attempt.id());
		}
		if (stk.receiptRecorded(result.receipt())) {
			return new Applied("duplicate", "receipt already counted", attempt.paymentId(), attempt.id());
		}
		String reason = "M-Pesa reported success (receipt " + result.receipt() + ") for a push already closed as "
				+ attempt.status();
		Map<String, Object> details = details(attempt, result);
		details.put("reason", reason);
		if ("pending".equals(stk.paymentStatus(attempt.paymentId()))) {
			long received = result.amount() == null ? 0 : result.amount() * 100;
			stk.paymentToReview(attempt.paymentId(), received, result.receipt(), "late_success", reason);
		}
		payments.audit(attempt.paymentId(), "stk.late_success", actorType, actorId, details);
		payments.flagForReview(attempt.orderId(), attempt.paymentId(), reason);
		return new Applied("review", reason, attempt.paymentId(), attempt.id());
	}

	private static Map<String, Object> details(Attempt attempt, Result result) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("attemptId", attempt.id());
		details.put("checkoutRequestId", result.checkoutRequestId() != null ? result.checkoutRequestId()
				: attempt.checkoutRequestId());
		details.put("resultCode", result.resultCode());
		details.put("resultDesc", result.resultDesc());
		if (result.amount() != null) {
			details.put("amount", result.amount());
		}
		if (result.receipt() != null) {
			details.put("receipt", result.receipt());
		}
		return details;
	}

}
