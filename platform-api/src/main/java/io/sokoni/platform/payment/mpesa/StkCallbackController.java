package io.sokoni.platform.payment.mpesa;


import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Daraja's STK Push results. The token in the path names the tenant (unknown: 404, nothing stored);
 * the body is stored raw in its own commit, then applied; Daraja always gets
 * {@code {"ResultCode":0,"ResultDesc":"Accepted"}} once it is stored, whatever applying found (an
 * unparsable, unmatched or contradicted body is kept and shown to the merchant, never retried by Daraja).
 * Sokoni's own pushes carry the attempt's nonce ({@code /stk/{nonce}}); {@code /stk} alone is matched by
 * CheckoutRequestID.
 */
@RestController
@RequestMapping("/webhooks/mobile-money/{token}")
@Tag(name = "Webhooks: mobile money")
class StkCallbackController {

	private final CallbackIntake intake;

	StkCallbackController(CallbackIntake intake) {
		this.intake = intake;
	}

	@PostMapping("/stk")
	ResponseEntity<?> stk(@PathVariable String token, @RequestBody(required = false) String body,
			HttpServletRequest request) {
		return receive(token, null, body, request);
	}

	@PostMapping("/stk/{nonce}")
	ResponseEntity<?> stkOfAttempt(@PathVariable String token, @PathVariable String nonce,
			@RequestBody(required = false) String body, HttpServletRequest request) {
		return receive(token, nonce.matches("[A-Za-z0-9_-]{16,64}") ? nonce : "invalid-nonce-0000", body, request);
	}

	private ResponseEntity<?> receive(String token, String nonce, String body, HttpServletRequest request) {
		return intake.storeThenApply(token, "stk", body, nonce, request);
	}

}
