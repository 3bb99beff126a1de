package io.sokoni.platform.payment.mpesa;

import java.util.Map;

import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.tenant.TenantContext;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's M-Pesa account and callback token, for its owner only: credentials are money. Secrets
 * are accepted, never returned (masked), never logged.
 */
@RestController
@RequestMapping("/admin/v1/payments")
@Tag(name = "Admin: M-Pesa account")
@SecurityRequirement(name = "bearer")
@PreAuthorize("hasRole('OWNER')")
class AdminMpesaAccountController {

	private final MpesaAccountService accounts;

	private final PaymentCallbackTokens tokens;

	private final AuditTrail audit;

	private final TransactionTemplate tx;

	AdminMpesaAccountController(MpesaAccountService accounts, PaymentCallbackTokens tokens, AuditTrail audit,
			TransactionTemplate tx) {
		this.accounts = accounts;
		this.tokens = tokens;
		this.audit = audit;
		this.tx = tx;
	}

	@GetMapping("/mpesa-account")
	MpesaAccountView get() {
		return accounts.view();
	}

	@PutMapping("/mpesa-account")
	MpesaAccountView put(@Valid @RequestBody MpesaAccountRequest request) {
		return accounts.save(request);
	}

	@DeleteMapping("/mpesa-account")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete() {
		accounts.delete();
	}

	/** Gets an OAuth token with the stored credentials: 200, or a problem saying what is wrong. */
	@PostMapping("/mpesa-account/test")
	MpesaAccountService.TestResult test() {
		return accounts.test();
	}

	/**
	 * A new callback token; the old one keeps working for the grace period (callbacks of pushes already
	 * sent). Answers the new STK callback URL.
	 */
	@PostMapping("/callback-token/rotate")
	Map<String, String> rotate() {
		tokens.rotate(TenantContext.require());
		tx.executeWithoutResult(s -> audit.record("payment_callback_token.rotated", "tenant",
				TenantContext.require().value(), Map.of()));
		return Map.of("stkCallbackUrl", tokens.callbackUrl(TenantContext.require(), "/stk"));
	}

}
