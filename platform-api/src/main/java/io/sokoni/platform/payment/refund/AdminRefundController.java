package io.sokoni.platform.payment.refund;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.idempotency.IdempotentRequests;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Refunds for the merchant. Staff and owners refund (the shop floor handles returns; every refund is
 * audited and can never exceed what was paid); everyone signed in reads.
 */
@RestController
@RequestMapping("/admin/v1/orders/{id}/refunds")
@Tag(name = "Admin: refunds")
@SecurityRequirement(name = "bearer")
@Validated
class AdminRefundController {

	private final RefundService refunds;

	AdminRefundController(RefundService refunds) {
		this.refunds = refunds;
	}

	@PostMapping
	@PreAuthorize("hasRole('STAFF')")
	@ResponseStatus(HttpStatus.CREATED)
	RefundService.Created create(@PathVariable UUID id, @Valid @RequestBody RefundRequest request,
			@RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey) {
		if (Boolean.TRUE.equals(request.restockAll()) && request.restockItems() != null && !request.restockItems().isEmpty()) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "Give restockAll or restockItems, not both");
		}
		Map<UUID, Integer> restock = null;
		if (Boolean.TRUE.equals(request.restockAll())) {
			restock = Map.of();
		}
		else if (request.restockItems() != null && !request.restockItems().isEmpty()) {
			restock = new LinkedHashMap<>();
			for (RestockItem item : request.restockItems()) {
				restock.merge(item.variantId(), item.quantity(), Integer::sum);
			}
		}
		return refunds.create(id, new RefundService.Request(request.amountCents(), request.method(),
				blankToNull(request.reference()), blankToNull(request.reason()), restock), idempotencyKey);
	}

	@GetMapping
	List<Refund> list(@PathVariable UUID id) {
		return refunds.ofOrder(id);
	}

	record RefundRequest(@NotNull @Positive @Max(100_000_000_00L) Long amountCents,
			@Pattern(regexp = "manual|mpesa_reversal") String method, @Size(max = 100) String reference,
			@Size(max = 500) String reason, Boolean restockAll, @Size(max = 100) List<@NotNull @Valid RestockItem> restockItems) {
	}

	record RestockItem(@NotNull UUID variantId, @NotNull @Positive @Max(10_000) Integer quantity) {
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

}
