package io.sokoni.platform.payment.c2b;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.payment.mpesa.DarajaClient;
import io.sokoni.platform.payment.mpesa.DarajaException;
import io.sokoni.platform.payment.mpesa.MpesaAccount;
import io.sokoni.platform.payment.mpesa.MpesaAccountService;
import io.sokoni.platform.payment.mpesa.PaymentCallbackTokens;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Registers the tenant's C2B URLs for its shortcode (Daraja: once per shortcode in production; sandbox
 * allows re-registering). Daraja is called outside any transaction; its answer is recorded on the account
 * and audited, whatever it said.
 */
@Service
class C2bRegistration {

	/** What M-Pesa does when the validation URL does not answer in time: complete the payment. */
	static final String RESPONSE_TYPE = "Completed";

	private final MpesaAccountService accounts;

	private final DarajaClient daraja;

	private final PaymentCallbackTokens tokens;

	private final C2bRepository c2b;

	private final AuditTrail audit;

	private final TransactionTemplate tx;

	C2bRegistration(MpesaAccountService accounts, DarajaClient daraja, PaymentCallbackTokens tokens,
			C2bRepository c2b, AuditTrail audit, TransactionTemplate tx) {
		this.accounts = accounts;
		this.daraja = daraja;
		this.tokens = tokens;
		this.c2b = c2b;
		this.audit = audit;
		this.tx = tx;
	}

	AdminC2bController.Registered register() {
		MpesaAccount account = tx.execute(s -> accounts.find()).orElseThrow(() -> ApiException.notFound("M-Pesa account"));
		TenantId tenant = TenantContext.require();
		String confirmation = tokens.callbackUrl(tenant, "/c2b/confirmation");
		String validation = tokens.callbackUrl(tenant, "/c2b/validation");
		// A till registers under its store (head office) number, the shortcode its STK pushes use too.
		String shortcode = account.businessShortcode();
		JsonNode answer;
		try {
			answer = daraja.c2bRegister(account.credentials(), shortcode, RESPONSE_TYPE, confirmation, validation);
		}
		catch (DarajaException ex) {
			boolean theirs = ex.kind() == DarajaException.Kind.AUTH || ex.kind() == DarajaException.Kind.REJECTED;
			throw new ApiException(theirs ? ProblemType.BUSINESS_RULE : ProblemType.MPESA_UNAVAILABLE,
					"Daraja did not register the C2B URLs: " + ex.getMessage(),
					theirs ? Map.of() : Map.of("retryAfterSeconds", 30));
		}
		OffsetDateTime at = tx.execute(s -> {
			OffsetDateTime when = c2b.recordRegistration(answer.toString());
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("shortcode", shortcode);
			details.put("responseCode", answer.path("ResponseCode").asString(""));
			details.put("responseDescription", answer.path("ResponseDescription").asString(""));
			audit.record("mpesa_account.c2b_registered", "mpesa_account", account.id(), details);
			return when;
		});
		return new AdminC2bController.Registered(shortcode, confirmation, validation, answer, at);
	}

}
