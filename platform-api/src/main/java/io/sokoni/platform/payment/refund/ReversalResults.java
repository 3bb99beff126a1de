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
		store.recordOutcome(callbackId, applied ? "applied" : "unmatched",
				(applied ? (succeeded ? "processed: " : "failed: ") : "no pending refund for " + conversationId + ": ")
						+ detail, null, null);
	}

}
