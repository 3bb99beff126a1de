package io.sokoni.platform.payment.refund;


import io.sokoni.platform.payment.mpesa.CallbackIntake;
import io.sokoni.platform.payment.mpesa.PaymentCallbackStore;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Daraja's answers to reversals: {@code /reversal/result} (ResultCode 0: the refund is processed; any
 * other: failed, and no longer counted on the order) and {@code /reversal/timeout} (the request expired
 * in M-Pesa's queue unprocessed: failed). Matched by {@code Result.ConversationID}; stored raw first,
 * always answered Accepted once stored (404 for an unknown token, nothing stored).
 */
@RestController
@RequestMapping("/webhooks/mobile-money/{token}/reversal")
@Tag(name = "Webhooks: mobile money")
class ReversalCallbackController {


	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final CallbackIntake intake;

	private final RefundService refunds;

	private final PaymentCallbackStore store;

	ReversalCallbackController(CallbackIntake intake, RefundService refunds, PaymentCallbackStore store) {
		this.intake = intake;
		this.refunds = refunds;
		this.store = store;
	}

	@PostMapping("/result")
	ResponseEntity<?> result(@PathVariable String token, @RequestBody(required = false) String body,
			HttpServletRequest request) {
		return receive(token, "reversal_result", body, request);
	}

	@PostMapping("/timeout")
	ResponseEntity<?> timeout(@PathVariable String token, @RequestBody(required = false) String body,
			HttpServletRequest request) {
		return receive(token, "reversal_timeout", body, request);
	}

	private ResponseEntity<?> receive(String token, String kind, String body, HttpServletRequest request) {
		return intake.storeThenApply(token, kind, body, request, callbackId -> apply(callbackId, kind, body));
	}

	private void apply(java.util.UUID callbackId, String kind, String body) {
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
