package io.sokoni.platform.whatsapp.account;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Sets some kinds' notification settings; kinds not listed keep theirs. */
public record NotificationSettingsRequest(@NotNull @Size(min = 1, max = 6) List<@Valid @NotNull Setting> settings) {

	/** One kind: on or off, and its template (name and language together, or neither). */
	public record Setting(
			@NotNull @Pattern(regexp = "order_placed|payment_received|payment_failed|dispatched|delivered|cancelled",
					message = "must be order_placed, payment_received, payment_failed, dispatched, delivered or cancelled") String kind,
			@NotNull Boolean enabled,
			@Size(max = 512) @Pattern(regexp = "[a-z0-9_]+", message = "must be an approved template's name (a-z, 0-9, _)") String templateName,
			@Pattern(regexp = "[a-z]{2,3}(_[A-Z]{2})?", message = "must be a language code such as en or en_US") String templateLanguage) {
	}

}
