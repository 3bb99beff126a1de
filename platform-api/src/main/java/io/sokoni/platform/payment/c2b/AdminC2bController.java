package io.sokoni.platform.payment.c2b;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.sokoni.platform.payment.PaymentRepository.Payment;
import io.sokoni.platform.payment.Settlement;
import io.sokoni.platform.web.Page;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Paybill/till payments for the merchant: everyone signed in lists the unmatched ones, staff and owners
 * assign one to an order (audited), the owner registers the C2B URLs with Daraja.
 */
@RestController
@Tag(name = "Admin: paybill and till payments")
@SecurityRequirement(name = "bearer")
@Validated
class AdminC2bController {

	private final C2bService c2b;

	private final C2bRegistration registration;

	AdminC2bController(C2bService c2b, C2bRegistration registration) {
		this.c2b = c2b;
		this.registration = registration;
	}

	/** Paybill/till payments no order matched, newest first; {@code before} is the previous page's next. */
	@GetMapping("/admin/v1/payments/unmatched")
	Page<Payment> unmatched(@RequestParam(required = false) UUID before,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		List<Payment> page = c2b.unmatched(before, limit);
		return Page.of(page, limit, p -> p.id().toString());
	}

	@PostMapping("/admin/v1/payments/{id}/assign")
	@PreAuthorize("hasRole('STAFF')")
	Settlement assign(@PathVariable UUID id, @Valid @RequestBody AssignRequest request) {
		return c2b.assign(id, request.orderId(), request.note());
	}

	record AssignRequest(@NotNull UUID orderId, @Size(max = 500) String note) {
	}

	/** Registers this tenant's confirmation and validation URLs for its shortcode with Daraja. */
	@PostMapping("/admin/v1/payments/mpesa-account/register-c2b")
	@PreAuthorize("hasRole('OWNER')")
	Registered register() {
		return registration.register();
	}

	record Registered(String shortcode, String confirmationUrl, String validationUrl, JsonNode answer,
			OffsetDateTime registeredAt) {
	}

}
