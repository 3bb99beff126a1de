package io.sokoni.platform.whatsapp.account;

import io.sokoni.platform.web.ValidPhone;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Connects or replaces the tenant's WhatsApp business number (ids as Meta's WhatsApp Manager shows
 * them). The access token is required to connect and when the phone-number id changes; otherwise an
 * absent one keeps the stored token (the API never returns it, so a form cannot send it back).
 */
public record WhatsAppAccountRequest(
		@NotNull @Pattern(regexp = "[0-9]{5,20}", message = "must be Meta's numeric phone-number id") String phoneNumberId,
		@NotNull @Pattern(regexp = "[0-9]{5,20}", message = "must be Meta's numeric WhatsApp Business Account id") String wabaId,
		@NotNull @ValidPhone String displayNumber,
		@Size(min = 20, max = 1000) @Pattern(regexp = "\\S+", message = "must not contain spaces") String accessToken) {

	@Override
	public String toString() {
		return "WhatsAppAccountRequest[" + phoneNumberId + " " + wabaId + "]";
	}

}
