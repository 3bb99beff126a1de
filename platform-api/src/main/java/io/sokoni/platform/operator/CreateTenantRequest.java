package io.sokoni.platform.operator;

import io.sokoni.platform.auth.HashablePassword;
import io.sokoni.platform.web.Patterns;
import io.sokoni.platform.web.ValidEmail;
import io.sokoni.platform.web.ValidPhone;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A new merchant: the tenant, its owner account and its first store. */
record CreateTenantRequest(@NotBlank @Pattern(regexp = Patterns.SLUG) String slug,
		@NotBlank @Size(max = 200) String name, @Pattern(regexp = "^(starter|growth|enterprise)$") String plan,
		@Size(max = 64) @KnownTimeZone String timezone,
		@Pattern(regexp = Patterns.CURRENCY) String defaultCurrency,
		@Pattern(regexp = "^[0-9]{5,7}$") String mpesaShortcode, @Pattern(regexp = "^[0-9]{5,7}$") String mpesaPaybill,
		@ValidPhone String whatsappNumber, @NotNull @Valid Owner owner, @NotNull @Valid FirstStore store) {

	record Owner(@NotBlank @ValidEmail @Size(max = 254) String email, @NotBlank @Size(max = 200) String fullName,
			@ValidPhone String phone, @NotBlank @Size(min = 12, max = 128) @HashablePassword String password) {
	}

	record FirstStore(@NotBlank @Pattern(regexp = Patterns.SLUG) String slug, @NotBlank @Size(max = 200) String name,
			@Pattern(regexp = Patterns.CURRENCY) String currency, @ValidPhone String contactPhone,
			@ValidEmail @Size(max = 254) String contactEmail, @Size(max = 100) String area,
			@Size(max = 500) String address, Boolean live) {
	}

}
