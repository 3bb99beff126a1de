package io.sokoni.platform.payment.refund;


import io.sokoni.platform.payment.mpesa.CallbackIntake;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

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


	private final CallbackIntake intake;

	ReversalCallbackController(CallbackIntake intake) {
		this.intake = intake;
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
		return intake.storeThenApply(token, kind, body, null, request);
	}

}
