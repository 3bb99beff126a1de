package io.sokoni.platform.order;

import io.sokoni.platform.web.ValidEmail;
import io.sokoni.platform.web.ValidPhone;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A shopper's checkout of their cart. The phone may be written in any common Kenyan form; the coupon, when
 * given, replaces the one applied to the cart. {@code mpesaPhone}, for an M-Pesa checkout, is the Kenyan
 * number that gets the payment prompt when it is not the customer's phone.
 */
public record CheckoutRequest(@NotNull @Valid Customer customer, @NotNull @Valid Address delivery,
		@NotNull @Pattern(regexp = "mpesa|cod", message = "must be mpesa or cod") String paymentMethod,
		@Size(max = 40) String couponCode, @Size(max = 1000) String notes,
		@ValidPhone @Size(max = 30) String mpesaPhone) {

	public record Customer(@NotBlank @Size(max = 30) String phone, @NotBlank @Size(max = 200) String name,
			@ValidEmail @Size(max = 200) String email, Boolean whatsappOptIn) {
	}

	public record Address(@NotBlank @Size(max = 100) String cityArea, @Size(max = 300) String streetAddress,
			@Size(max = 500) String instructions) {
	}

}
