package io.sokoni.platform.payment.mpesa;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.PhoneNumbers;
import io.sokoni.platform.order.CheckoutPayments;
import io.sokoni.platform.order.OrderPayments;
import io.sokoni.platform.order.OrderView;
import io.sokoni.platform.payment.PaymentService;
import io.sokoni.platform.payment.mpesa.StkRepository.Attempt;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * STK Push for an order awaiting M-Pesa payment. Record before you call: the payment and the attempt
 * (with its nonce) are committed first; Daraja is called outside any transaction; its
 * MerchantRequestID/CheckoutRequestID are stored in a new one. The amount is the balance due rounded
 * UP to the next shilling (STK takes whole shillings; the difference, under 1 KES, is in the payment's
 * audit). At most one open push per order (a unique index), at most {@code max-pushes} per order within
 * {@code push-window}.
 * <p>
 * When Daraja does not answer the push (timeout, broken connection), it may still have sent the
 * prompt: the attempt stays {@code recorded}, no new push is made for it until {@code recorded-grace}
 * has passed (longer than a prompt lives), then the reconciler fails it so the shopper can retry. So a
 * shopper is never prompted twice for one order at once, and nothing is charged twice.
 */
@Service
public class StkPushService implements CheckoutPayments {

	private static final Logger log = LoggerFactory.getLogger(StkPushService.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final StkRepository stk;

	private final MpesaAccountService accounts;

	private final PaymentCallbackTokens tokens;

	private final DarajaClient daraja;

	private final PaymentService payments;

	private final OrderPayments orders;

	private final MpesaProperties props;

	private final MpesaHealth health;

	private final StkResults results;

	private final TransactionTemplate tx;

	StkPushService(StkRepository stk, MpesaAccountService accounts, PaymentCallbackTokens tokens, DarajaClient daraja,
			PaymentService payments, OrderPayments orders, MpesaProperties props, MpesaHealth health,
			StkResults results, TransactionTemplate tx) {
		this.stk = stk;
		this.accounts = accounts;
		this.tokens = tokens;
		this.daraja = daraja;
		this.payments = payments;
		this.orders = orders;
		this.props = props;
		this.health = health;
		this.results = results;
		this.tx = tx;
	}

	/** A push about to be sent (committed as recorded). */
	private record Prepared(MpesaAccount account, Attempt attempt, long orderNumber) {
	}

	@Override
	public PaymentState afterCheckout(OrderView order, String mpesaPhone) {
		if (!"mpesa".equals(order.paymentMethod())) {
			return null;
		}
		try {
			return push(order, mpesaPhone, false);
		}
		catch (ApiException ex) {
			// The order exists whatever happened to its prompt: the answer says where the payment stands.
			return current(order);
		}
	}

	@Override
	public PaymentState current(OrderView order) {
		if (!"mpesa".equals(order.paymentMethod())) {
			return null;
		}
		return tx.execute(s -> {
			Optional<Attempt> latest = stk.latestAttempt(order.id());
			if (latest.isEmpty()) {
				boolean configured = accounts.find().isPresent();
				return new PaymentState(configured ? "none" : "unavailable",
						configured ? null : "This store does not take M-Pesa prompts yet; pay by paybill or contact the store.",
						false, null, null, null);
			}
			return state(latest.get(), order);
		});
	}

	/**
	 * A new prompt for the order of a cart (the shopper's retry): only when none is open, the order still
	 * awaits payment with its hold live, and the limit allows. 503 with Retry-After when Daraja cannot take
	 * it now.
	 */
	public PaymentState retry(OrderView order, String mpesaPhone) {
		if (!"mpesa".equals(order.paymentMethod())) {
			throw new ApiException(ProblemType.BUSINESS_RULE, "This order is not paid by M-Pesa");
		}
		return push(order, mpesaPhone, true);
	}

	private PaymentState push(OrderView order, String mpesaPhone, boolean retry) {
		String phone = msisdn(mpesaPhone != null ? mpesaPhone : order.customer().phone()).orElseThrow(
				() -> new ApiException(ProblemType.VALIDATION_FAILED,
						"M-Pesa prompts go to Kenyan numbers only (07…/01… or +254…): give mpesaPhone",
						Map.of("errors", List.of(new io.sokoni.platform.web.Problems.FieldProblem("mpesaPhone",
								"must be a Kenyan mobile number")))));
		Prepared prepared;
		try {
			prepared = tx.execute(s -> prepare(order, phone, retry));
		}
		catch (DuplicateKeyException ex) {
			// Another push for this order was recorded at the same moment (one open attempt per order).
			if (retry) {
				throw new ApiException(ProblemType.CONFLICT, "A payment prompt for this order is already on its way");
			}
			return current(order);
		}
		if (prepared == null) {
			return current(order);
		}
		String callbackUrl = tokens.callbackUrl(TenantContext.require(), "/stk/" + prepared.attempt().nonce());
		Attempt attempt = prepared.attempt();
		MpesaAccount account = prepared.account();
		try {
			var accepted = daraja.stkPush(account.credentials(), new DarajaClient.StkPush(account.businessShortcode(),
					account.passkey(), account.stkTransactionType(), attempt.amountShillings(), attempt.phone(),
					account.stkPartyB(), attempt.phone(), callbackUrl, accountReference(prepared.orderNumber()),
					"Order " + prepared.orderNumber()));
			health.darajaAnswered();
			tx.executeWithoutResult(s -> {
				stk.markAccepted(attempt.id(), accepted.merchantRequestId(), accepted.checkoutRequestId(),
						OffsetDateTime.now().plus(props.reconcileAfter()));
				payments.audit(attempt.paymentId(), "stk.push_accepted", "provider", "daraja",
						Map.of("attemptId", attempt.id(), "checkoutRequestId", accepted.checkoutRequestId(),
								"merchantRequestId", accepted.merchantRequestId()));
			});
		}
		catch (DarajaException ex) {
			health.darajaFailed(ex);
			return pushFailed(order, attempt, ex, retry);
		}
		return current(order);
	}

	private Prepared prepare(OrderView view, String phone, boolean retry) {
		MpesaAccount account = accounts.find().orElse(null);
		if (account == null) {
			if (retry) {
				throw new ApiException(ProblemType.BUSINESS_RULE,
						"This store does not take M-Pesa prompts yet; pay by paybill or contact the store");
			}
			return null;
		}
		OrderPayments.State order = orders.get(view.id());
		if (!"awaiting_payment".equals(order.status())) {
			if (retry) {
				throw new ApiException(ProblemType.BUSINESS_RULE, "This order is " + order.status().replace('_', ' ')
						+ "; it takes no payment prompt now");
			}
			return null;
		}
		Optional<Attempt> latest = stk.latestAttempt(view.id());
		if (!retry && latest.isPresent()) {
			return null; // the checkout answered again (same Idempotency-Key): its push was already made
		}
		OffsetDateTime now = OffsetDateTime.now();
		if (retry) {
			if (latest.isPresent() && latest.get().open()) {
				Attempt open = latest.get();
				if (open.status().equals("recorded")) {
					long wait = Math.max(1, Duration.between(now, open.createdAt().plus(props.recordedGrace())).toSeconds());
					throw new ApiException(ProblemType.MPESA_UNAVAILABLE,
							"M-Pesa has not confirmed the last prompt yet; try again in " + wait + " s",
							Map.of("retryAfterSeconds", wait));
				}
				throw new ApiException(ProblemType.CONFLICT,
						"A payment prompt is already open on the phone: enter the PIN, or cancel it and try again");
			}
			if (latest.isPresent() && latest.get().status().equals("review")) {
				// M-Pesa reported money the store must look at first: a new prompt could charge the shopper twice
				throw new ApiException(ProblemType.BUSINESS_RULE,
						"The store is checking the last M-Pesa payment of this order; no new prompt until it has decided");
			}
			if (view.reservationExpiresAt() == null || !view.reservationExpiresAt().isAfter(now)) {
				throw new ApiException(ProblemType.BUSINESS_RULE, "The time to pay this order has run out");
			}
			List<OffsetDateTime> recent = stk.pushesSince(view.id(), now.minus(props.pushWindow()));
			if (recent.size() >= props.maxPushes()) {
				long wait = Math.max(1, Duration.between(now, recent.get(0).plus(props.pushWindow())).toSeconds());
				throw new ApiException(ProblemType.TOO_MANY_REQUESTS, "At most " + props.maxPushes()
						+ " payment prompts per order within " + props.pushWindow().toMinutes() + " minutes; try again in "
						+ wait + " s", Map.of("retryAfterSeconds", wait));
			}
		}
		long due = order.totalCents() - order.amountPaidCents();
		if (due <= 0) {
			return null;
		}
		long shillings = (due + 99) / 100; // rounded up: M-Pesa takes whole shillings
		UUID paymentId = stk.pendingPayment(view.id()).orElse(null);
		boolean newPayment = paymentId == null;
		if (newPayment) {
			paymentId = Ids.next();
			stk.insertPayment(paymentId, view.id(), shillings * 100, order.currency(), "+" + phone);
		}
		else {
			stk.updatePendingPayment(paymentId, shillings * 100, "+" + phone);
		}
		UUID attemptId = Ids.next();
		String nonce = nonce();
		stk.insertAttempt(attemptId, paymentId, view.id(), nonce, phone, shillings,
				now.plus(props.recordedGrace()));
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("attemptId", attemptId);
		details.put("phone", phone);
		details.put("amountShillings", shillings);
		details.put("dueCents", due);
		details.put("roundedUpCents", shillings * 100 - due);
		payments.audit(paymentId, newPayment ? "stk.payment_created" : "stk.retry", details);
		Attempt attempt = stk.find(attemptId).orElseThrow();
		return new Prepared(account, attempt, order.number());
	}

	private PaymentState pushFailed(OrderView order, Attempt attempt, DarajaException ex, boolean retry) {
		if (ex.certainlyNotApplied()) {
			String code = ex.kind() == DarajaException.Kind.AUTH ? "credentials" : "push_refused";
			if (ex.kind() == DarajaException.Kind.AUTH) {
				log.error("Daraja refused the credentials of tenant {}: {}", TenantContext.require(), ex.getMessage());
			}
			String reason = ex.kind() == DarajaException.Kind.AUTH
					? "The store's M-Pesa settings are not working just now; please try later or pay another way."
					: StkResults.plainReason("push_refused", null);
			tx.executeWithoutResult(s -> {
				stk.finish(attempt.id(), "failed", null, ex.errorCode() == null ? code : ex.errorCode(), ex.getMessage(), null);
				results.failureNoted(attempt, "failed", code, reason);
				payments.audit(attempt.paymentId(), "stk.push_failed", Map.of("attemptId", attempt.id(), "kind",
						ex.kind().name(), "errorCode", String.valueOf(ex.errorCode()), "message", ex.getMessage()));
			});
			if (retry) {
				throw new ApiException(ProblemType.MPESA_UNAVAILABLE, reason + " (nothing was charged)",
						Map.of("retryAfterSeconds", 10));
			}
			return current(order);
		}
		// Unknown whether the prompt went out: keep the attempt open (recorded) so no second prompt goes
		// to the phone; the reconciler fails it after the grace period, then a retry is possible.
		tx.executeWithoutResult(s -> payments.audit(attempt.paymentId(), "stk.push_unanswered",
				Map.of("attemptId", attempt.id(), "kind", ex.kind().name(), "message", ex.getMessage())));
		if (retry) {
			throw new ApiException(ProblemType.MPESA_UNAVAILABLE,
					"M-Pesa did not answer; if a prompt reaches the phone, enter the PIN. Otherwise try again later.",
					Map.of("retryAfterSeconds", props.recordedGrace().toSeconds()));
		}
		return current(order);
	}

	private PaymentState state(Attempt attempt, OrderView order) {
		String reason = switch (attempt.status()) {
			case "recorded" -> "Sending the M-Pesa prompt…";
			case "pending" -> "Check your phone and enter your M-Pesa PIN.";
			case "succeeded" -> null;
			case "review" -> "The store is checking this payment.";
			default -> StkResults.plainReason(attempt.resultCode(), attempt.resultDesc());
		};
		boolean canRetry = !attempt.open() && !attempt.status().equals("succeeded") && !attempt.status().equals("review")
				&& "awaiting_payment".equals(order.status()) && order.reservationExpiresAt() != null
				&& order.reservationExpiresAt().isAfter(OffsetDateTime.now());
		return new PaymentState(attempt.status(), reason, canRetry, "+" + attempt.phone(), attempt.amountShillings(),
				attempt.updatedAt());
	}

	/** What the prompt shows as the account: alphanumeric, at most 12 characters (Daraja's limit). */
	static String accountReference(long orderNumber) {
		String reference = "ORDER" + orderNumber;
		return reference.length() <= 12 ? reference : Long.toString(orderNumber);
	}

	/** A Kenyan mobile number as Daraja wants it (2547XXXXXXXX / 2541XXXXXXXX), via the shared normaliser. */
	static Optional<String> msisdn(String phone) {
		return PhoneNumbers.normalize(phone).filter(p -> p.startsWith("+254")).map(p -> p.substring(1));
	}

	private static String nonce() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

}
