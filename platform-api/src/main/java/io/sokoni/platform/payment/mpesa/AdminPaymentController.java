package io.sokoni.platform.payment.mpesa;

import java.util.UUID;

import io.sokoni.platform.web.Page;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Payments for the merchant (every signed-in role reads): lists by status, one payment in full, an order's. */
@RestController
@Tag(name = "Admin: payments")
@SecurityRequirement(name = "bearer")
@Validated
class AdminPaymentController {

	private final PaymentViews payments;

	AdminPaymentController(PaymentViews payments) {
		this.payments = payments;
	}

	/** Newest first; {@code before} = the last id of the previous page (the answer's {@code next}). */
	@GetMapping("/admin/v1/payments")
	Page<PaymentViews.PaymentSummary> list(
			@RequestParam(required = false) @Pattern(regexp = "pending|succeeded|failed|review|unmatched",
					message = "must be pending, succeeded, failed, review or unmatched") String status,
			@RequestParam(required = false) UUID before,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		return Page.of(payments.list(status, before, limit), limit, PaymentViews.PaymentSummary::id);
	}

	/** The payment with its STK attempts, audit trail and the raw callbacks behind it. */
	@GetMapping("/admin/v1/payments/{id}")
	PaymentViews.PaymentDetail get(@PathVariable UUID id) {
		return payments.detail(id);
	}

	@GetMapping("/admin/v1/orders/{orderId}/payments")
	PaymentViews.OrderPaymentsView ofOrder(@PathVariable UUID orderId) {
		return payments.ofOrder(orderId);
	}

}
