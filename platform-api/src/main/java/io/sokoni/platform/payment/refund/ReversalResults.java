package io.sokoni.platform.payment.refund;

import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.payment.mpesa.PaymentCallbackStore;
import io.sokoni.platform.payment.mpesa.StoredCallback;
import io.sokoni.platform.payment.mpesa.StoredCallbackHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies stored reversal results and timeouts to their refunds, matched by {@code Result.ConversationID}
 * (see {@link ReversalCallbackController}).
 */
@Component
class ReversalResults implements StoredCallbackHandler {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Looks for the refund again this many times, 200 ms apart, when the result names none yet. */
	private static final int UNMATCHED_RETRIES = 5;

	private final RefundService refunds;

	private final PaymentCallbackStore store;

	ReversalResults(RefundService refunds, PaymentCallbackStore store) {
		this.refunds = refunds;
		this.store = store;
	}

	@Override
	public Set<String> kinds() {
		return Set.of("reversal_result", "reversal_timeout");
	}

	@Override
	public void apply(StoredCallback callback) {
		UUID callbackId = callback.id();
		String kind = callback.kind();
		String body = callback.body();
		JsonNode result;
		try {
			result = JSON.readTree(body == null ? "" : body).path("Result");
		}
		catch (RuntimeException ex) {
			store.recordOutcome(callbackId, "unparsable", "not JSON", null, null);
			return;
		}
		String conversationId = result.path("ConversationID").asString("");
		if (conversationId.isBlank()) {
			store.recordOutcome(callbackId, "unparsable", "no Result.ConversationID", null, null);
			return;
		}
		// ResultCode comes as a number or a string.
		String code = result.path("ResultCode").asString("");
		boolean succeeded = "reversal_result".equals(kind) && "0".equals(code);
		String detail = ("reversal_timeout".equals(kind) ? "timed out in M-Pesa's queue" : code + " "
				+ result.path("ResultDesc").asString("")).strip();
		String receipt = null;
		Long amount = null;
		for (JsonNode parameter : result.path("ResultParameters").path("ResultParameter")) {
			String key = parameter.path("Key").asString("");
			if (key.equals("OriginalTransactionID")) {
				receipt = parameter.path("Value").asString(null);
			}
			else if (key.equals("Amount") && parameter.path("Value").canConvertToLong()) {
				amount = parameter.path("Value").asLong();
			}
		}
		boolean applied = refunds.applyReversalResult(conversationId, receipt, amount, succeeded, detail);
		// A result can overtake the recording of Daraja's answer to the reversal (its ConversationID), and a
		// failure names no receipt to match by instead: look again for a moment before calling it unmatched.
		for (int retry = 0; !applied && retry < UNMATCHED_RETRIES; retry++) {
			pause();
			applied = refunds.applyReversalResult(conversationId, receipt, amount, succeeded, detail);
		}
		store.recordOutcome(callbackId, applied ? "applied" : "unmatched",
				(applied ? (succeeded ? "processed: " : "failed: ") : "no pending refund for " + conversationId + ": ")
						+ detail, null, null);
	}

	private static void pause() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
