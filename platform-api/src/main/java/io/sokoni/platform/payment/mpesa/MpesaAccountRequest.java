package io.sokoni.platform.payment.mpesa;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Sets the tenant's M-Pesa account. The consumer key, secret and passkey are required when the account
 * is created; on a change, an absent one keeps its stored value (the API never returns them, so a form
 * cannot send them back). {@code version}, when given, must be the current one (else 409).
 */
public record MpesaAccountRequest(
		@NotNull @Pattern(regexp = "sandbox|production", message = "must be sandbox or production") String environment,
		@NotNull @Pattern(regexp = "paybill|till", message = "must be paybill or till") String accountType,
		@NotNull @Pattern(regexp = "[0-9]{5,7}", message = "must be 5 to 7 digits") String businessShortcode,
		@Pattern(regexp = "[0-9]{5,8}", message = "must be 5 to 8 digits") String tillNumber,
		@Size(min = 8, max = 200) @Pattern(regexp = "\\S+", message = "must not contain spaces") String consumerKey,
		@Size(min = 8, max = 200) @Pattern(regexp = "\\S+", message = "must not contain spaces") String consumerSecret,
		@Size(min = 8, max = 500) @Pattern(regexp = "\\S+", message = "must not contain spaces") String passkey,
		@Size(min = 1, max = 100) String initiatorName, @Size(min = 8, max = 4000) String securityCredential,
		Boolean c2bValidationEnabled, Long version) {

	@Override
	public String toString() {
		return "MpesaAccountRequest[" + environment + " " + accountType + " " + businessShortcode + "]";
	}

}
