package io.sokoni.platform.payment.cod;

import java.time.LocalDate;
import java.util.UUID;

import io.sokoni.platform.idempotency.IdempotentRequests;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Cash on delivery for the merchant: staff and owners record cash and read the daily cash report. */
@RestController
@Tag(name = "Admin: cash on delivery")
@SecurityRequirement(name = "bearer")
@Validated
class AdminCashController {

	private final CashCollectionService cash;

	private final IdempotentRequests idempotent;

	AdminCashController(CashCollectionService cash, IdempotentRequests idempotent) {
		this.cash = cash;
		this.idempotent = idempotent;
	}

	/**
	 * Records the cash a rider or partner collected for a cash-on-delivery order (once per order: 409 the
	 * second time; with the same Idempotency-Key a retry gets the first answer).
	 */
	@PostMapping("/admin/v1/orders/{id}/cash-collection")
	@PreAuthorize("hasRole('STAFF')")
	@ResponseStatus(HttpStatus.CREATED)
	CashCollection collect(@PathVariable UUID id, @Valid @RequestBody CashCollectionRequest request,
			@RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey) {
		return idempotent.once("cash-collection:" + id, idempotencyKey, request, CashCollection.class,
				() -> cash.collect(id, new CashCollectionService.Collect(request.amountCents(), request.collectorKind(),
						request.collectorName().strip(), request.deliveryPartnerId(), request.mpesaReceipt())));
	}

	record CashCollectionRequest(@NotNull @Positive @Max(100_000_000_00L) Long amountCents,
			@NotNull @Pattern(regexp = "rider|partner") String collectorKind,
			@NotBlank @Size(max = 200) String collectorName, UUID deliveryPartnerId,
			@Pattern(regexp = "^[A-Z0-9]{6,20}$", message = "must be an M-Pesa receipt number (6 to 20 capital letters or digits)") String mpesaReceipt) {
	}

	/** The day's cash per rider or partner (the day in the tenant's time zone): expected vs collected. */
	@GetMapping("/admin/v1/reports/cash")
	@PreAuthorize("hasRole('STAFF')")
	CashReport report(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
		return cash.report(date);
	}

}
