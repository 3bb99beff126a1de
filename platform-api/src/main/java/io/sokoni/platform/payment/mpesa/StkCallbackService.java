package io.sokoni.platform.payment.mpesa;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.payment.mpesa.StkRepository.Attempt;
import io.sokoni.platform.payment.mpesa.StkResults.Applied;
import io.sokoni.platform.payment.mpesa.StkResults.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies a stored STK callback (tenant bound). The attempt is found by the nonce in the callback URL
 * (so a callback that overtakes Daraja's answer to the push, or follows a crash before that answer was
 * stored, still finds its attempt) or else by CheckoutRequestID, only among the bound tenant's rows: another
 * tenant's CheckoutRequestID under this token is unmatched. A success is confirmed by an STK Push Query
 * (an authenticated call Sokoni makes; callbacks are not signed) before it pays the order; while the query
 * cannot confirm it, the receipt is noted and the reconciler asks again. The query runs outside any
 * transaction; the result is applied with the attempt locked, so concurrent duplicates apply once.
 */
@Service
class StkCallbackService implements StoredCallbackHandler {

	private static final Logger log = LoggerFactory.getLogger(StkCallbackService.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final StkRepository stk;

	private final StkResults results;

	private final PaymentCallbackStore store;

	private final MpesaAccountService accounts;

	private final DarajaClient daraja;

	private final MpesaProperties props;

	private final MpesaHealth health;

	private final TransactionTemplate tx;

	StkCallbackService(StkRepository stk, StkResults results, PaymentCallbackStore store, MpesaAccountService accounts,
			DarajaClient daraja, MpesaProperties props, MpesaHealth health, TransactionTemplate tx) {
		this.stk = stk;
		this.results = results;
		this.store = store;
		this.accounts = accounts;
		this.daraja = daraja;
		this.props = props;
		this.health = health;
		this.tx = tx;
	}

	@Override
	public Set<String> kinds() {
		return Set.of("stk");
	}

	@Override
	public void apply(StoredCallback callback) {
		apply(callback.id(), callback.nonce(), callback.body());
	}

	/** Applies the stored callback and records how it ended; never throws for a bad body. */
	void apply(UUID callbackId, String nonce, String body) {
		Optional<Result> parsed = parse(body);
		if (parsed.isEmpty()) {
			store.recordOutcome(callbackId, "unparsable", "not an STK callback body", null, null);
			return;
		}
		Result result = parsed.get();
		Optional<Attempt> found = tx.execute(s -> stk.findFor(nonce, result.checkoutRequestId()));
		if (found.isEmpty()) {
			store.recordOutcome(callbackId, "unmatched", "no attempt of this tenant for CheckoutRequestID "
					+ result.checkoutRequestId() + (nonce == null ? "" : " / this URL"), null, null);
			return;
		}
		Attempt attempt = found.get();
		if (attempt.checkoutRequestId() != null && result.checkoutRequestId() != null
				&& !attempt.checkoutRequestId().equals(result.checkoutRequestId())) {
			store.recordOutcome(callbackId, "rejected", "CheckoutRequestID " + result.checkoutRequestId()
					+ " does not belong to the push of this URL", attempt.paymentId(), attempt.id());
			return;
		}
		Result confirmed = result;
		// A success for an open attempt, or for one already closed without money (a late success would send
		// the payment to review), is believed only once the query confirms it.
		boolean closedWithoutMoney = !attempt.open() && !attempt.status().equals("succeeded")
				&& !attempt.status().equals("review");
		// A success without an amount (no CallbackMetadata) is queried too: nothing in it shows money moved.
		if (result.success() && (attempt.open() || closedWithoutMoney) && props.confirmByQuery()
				&& (result.amount() == null || result.amount() == attempt.amountShillings())) {
			Optional<DarajaClient.StkQueryResult> query = query(result.checkoutRequestId());
			if (closedWithoutMoney && query.isPresent() && !query.get().processing()
					&& !"0".equals(query.get().resultCode())) {
				store.recordOutcome(callbackId, "rejected", "success reported for a push closed as " + attempt.status()
						+ "; the STK query says " + query.get().resultCode(), attempt.paymentId(), attempt.id());
				return;
			}
			if (attempt.open() && (query.isEmpty() || query.get().processing())) {
				tx.executeWithoutResult(s -> {
					stk.awaitConfirmation(attempt.id(), result.checkoutRequestId(), null, result.receipt());
					store.recordOutcomeHere(callbackId, "awaiting_confirmation",
							"success reported; the STK query has not confirmed it yet", attempt.paymentId(), attempt.id());
				});
				return;
			}
			if (attempt.open() && !"0".equals(query.get().resultCode())) {
				log.warn("STK callback for {} says success, the query says {}: the query is applied",
						result.checkoutRequestId(), query.get().resultCode());
				confirmed = new Result(result.checkoutRequestId(), query.get().resultCode(), query.get().resultDesc(),
						null, null, null);
			}
		}
		if (result.success() && result.amount() == null && !props.confirmByQuery()) {
			// Unconfirmed and without the amount paid: nothing to pay the order on. The attempt stays as it
			// is; the reconciler's query settles an open one.
			store.recordOutcome(callbackId, "rejected", "success reported without the amount paid (no CallbackMetadata)",
					attempt.paymentId(), attempt.id());
			return;
		}
		Result applied = confirmed;
		boolean contradicted = applied != result;
		tx.executeWithoutResult(s -> {
			Applied outcome = results.apply(attempt.id(), applied, "provider", "daraja");
			store.recordOutcomeHere(callbackId, contradicted ? "rejected" : outcome.outcome(),
					contradicted ? "the STK query contradicted this callback: " + outcome.detail() : outcome.detail(),
					outcome.paymentId(), outcome.attemptId());
		});
	}

	/** The query's answer, or empty when Daraja or the account cannot be reached. */
	private Optional<DarajaClient.StkQueryResult> query(String checkoutRequestId) {
		try {
			MpesaAccount account = accounts.forDaraja().orElse(null);
			if (account == null) {
				return Optional.empty();
			}
			var answer = daraja.stkQuery(account.credentials(), account.businessShortcode(), account.passkey(),
					checkoutRequestId);
			health.darajaAnswered();
			return Optional.of(answer);
		}
		catch (DarajaException ex) {
			health.darajaFailed(ex);
			return Optional.empty();
		}
	}

	/**
	 * The STK callback's fields, with Daraja's quirks: ResultCode a number or a string, metadata items
	 * read by name (Balance may have no Value), TransactionDate and PhoneNumber numbers.
	 */
	static Optional<Result> parse(String body) {
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
		if (root == null) {
			return Optional.empty();
		}
		try {
			return fields(root.path("Body").path("stkCallback"));
		}
		catch (RuntimeException ex) {
			return Optional.empty(); // a field of the wrong JSON type: not a callback Daraja sends
		}
	}

	private static Optional<Result> fields(JsonNode callback) {
		String checkoutRequestId = DarajaClient.text(callback.path("CheckoutRequestID"));
		String resultCode = DarajaClient.text(callback.path("ResultCode"));
		if (checkoutRequestId == null || checkoutRequestId.isBlank() || resultCode == null) {
			return Optional.empty();
		}
		Long amount = null;
		String receipt = null;
		String phone = null;
		for (JsonNode item : callback.path("CallbackMetadata").path("Item")) {
			JsonNode value = item.path("Value");
			if (value.isMissingNode() || value.isNull()) {
				continue;
			}
			switch (item.path("Name").asString("")) {
				case "Amount" -> amount = value.isNumber() ? Long.valueOf(Math.round(value.doubleValue()))
						: parseLong(value.asString());
				case "MpesaReceiptNumber" -> receipt = value.asString();
				case "PhoneNumber" -> phone = DarajaClient.text(value);
				default -> {
				}
			}
		}
		if (receipt != null && !receipt.matches("[A-Z0-9]{6,20}")) {
			receipt = null;
		}
		return Optional.of(new Result(checkoutRequestId, resultCode.strip(),
				DarajaClient.text(callback.path("ResultDesc")), amount, receipt, phone));
	}

	private static Long parseLong(String text) {
		try {
			return Math.round(Double.parseDouble(text));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
