package io.sokoni.platform.payment.c2b;

import java.util.Map;

import io.sokoni.platform.payment.mpesa.CallbackIntake;
import io.sokoni.platform.payment.mpesa.PaymentCallbackStore;
import io.sokoni.tenant.TenantContext;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Daraja's C2B (paybill/till) callbacks. The token names the tenant (unknown: 404, nothing stored); the
 * body is stored raw in its own commit, then applied. A confirmation is always answered
 * {@code {"ResultCode":0,"ResultDesc":"Accepted"}} once stored (the money has moved; whatever applying
 * found is kept for the merchant); a validation gets the verdict.
 */
@RestController
@RequestMapping("/webhooks/mobile-money/{token}/c2b")
@Tag(name = "Webhooks: mobile money")
class C2bCallbackController {


	private static final Logger log = LoggerFactory.getLogger(C2bCallbackController.class);

	private final CallbackIntake intake;

	private final C2bService c2b;

	private final PaymentCallbackStore store;

	C2bCallbackController(CallbackIntake intake, C2bService c2b, PaymentCallbackStore store) {
		this.intake = intake;
		this.c2b = c2b;
		this.store = store;
	}

	@PostMapping("/validation")
	ResponseEntity<?> validation(@PathVariable String token, @RequestBody(required = false) String body,
			HttpServletRequest request) {
		var received = intake.receive(token, "c2b_validation", body, request);
		if (received.isEmpty()) {
			return CallbackIntake.notFound();
		}
		var callback = received.get();
		if (!callback.apply()) {
			return ResponseEntity.ok(Map.of("ResultCode", "C2B00016", "ResultDesc", "Rejected"));
		}
		C2bService.Verdict verdict = TenantContext.callAs(callback.tenant(), () -> {
			try {
				return c2b.validate(callback.callbackId(), C2bConfirmations.parse(body));
			}
			catch (RuntimeException ex) {
				// Cannot decide: accept, as M-Pesa would on a timeout with ResponseType Completed; the
				// confirmation is still matched (or kept unmatched) when it comes.
				log.error("Validating C2B callback {} failed", callback.callbackId(), ex);
				store.recordOutcome(callback.callbackId(), "error", ex.getClass().getSimpleName(), null, null);
				return C2bService.Verdict.ACCEPTED;
			}
		});
		return ResponseEntity.ok(Map.of("ResultCode", verdict.resultCode(), "ResultDesc", verdict.resultDesc()));
	}

	@PostMapping("/confirmation")
	ResponseEntity<?> confirmation(@PathVariable String token, @RequestBody(required = false) String body,
			HttpServletRequest request) {
		return intake.storeThenApply(token, "c2b_confirmation", body, null, request);
	}

}
