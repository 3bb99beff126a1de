package io.sokoni.platform.delivery;

import java.net.URI;
import java.util.UUID;

import io.sokoni.platform.delivery.DeliveryRepository.DeliveryFields;
import io.sokoni.platform.web.Cents;
import io.sokoni.platform.web.Page;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Dispatch for the merchant admin: deliveries of orders and their steps; staff and owners change. */
@RestController
@Tag(name = "Admin: deliveries")
@SecurityRequirement(name = "bearer")
@Validated
class AdminDeliveryController {

	private final DispatchService dispatch;

	AdminDeliveryController(DispatchService dispatch) {
		this.dispatch = dispatch;
	}

	@GetMapping("/admin/v1/orders/{orderId}/deliveries")
	Page<Delivery> list(@PathVariable UUID orderId, @RequestParam(required = false) UUID after,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		return Page.of(dispatch.listForOrder(orderId, after, limit), limit, Delivery::id);
	}

	@PostMapping("/admin/v1/orders/{orderId}/deliveries")
	@ResponseStatus(HttpStatus.CREATED)
	@PreAuthorize("hasRole('STAFF')")
	ResponseEntity<Delivery> create(@PathVariable UUID orderId, @Valid @RequestBody CreateDeliveryRequest request) {
		Delivery created = dispatch.create(orderId, new DeliveryFields(request.partnerId(),
				blankToNull(request.trackingCode()), request.etaMinutes(), request.costCents(),
				blankToNull(request.notes())));
		return ResponseEntity.created(URI.create("/admin/v1/deliveries/" + created.id())).body(created);
	}

	@GetMapping("/admin/v1/deliveries/{id}")
	Delivery get(@PathVariable UUID id) {
		return dispatch.get(id);
	}

	@PatchMapping("/admin/v1/deliveries/{id}")
	@PreAuthorize("hasRole('STAFF')")
	Delivery update(@PathVariable UUID id, @Valid @RequestBody UpdateDeliveryRequest request) {
		return dispatch.update(id, request.version(), new DeliveryFields(request.partnerId(),
				blankToNull(request.trackingCode()), request.etaMinutes(), request.costCents(),
				blankToNull(request.notes())));
	}

	@PostMapping("/admin/v1/deliveries/{id}/status")
	@PreAuthorize("hasRole('STAFF')")
	Delivery changeStatus(@PathVariable UUID id, @Valid @RequestBody StatusRequest request) {
		return dispatch.changeStatus(id, DeliveryStatus.of(request.status()), blankToNull(request.note()),
				blankToNull(request.failureReason()));
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	/** A pending delivery; every field is optional. */
	record CreateDeliveryRequest(UUID partnerId, @Size(max = 100) String trackingCode, @Positive Integer etaMinutes,
			@Cents Long costCents, @Size(max = 500) String notes) {
	}

	/** Fields to change (absent fields stay as they are) and the version the change is based on. */
	record UpdateDeliveryRequest(@NotNull @PositiveOrZero Long version, UUID partnerId,
			@Size(max = 100) String trackingCode, @Positive Integer etaMinutes, @Cents Long costCents,
			@Size(max = 500) String notes) {
	}

	/** The next step; {@code failureReason} is required when it is {@code failed}. */
	record StatusRequest(@NotNull @Pattern(regexp = "pending|accepted|in_transit|delivered|failed") String status,
			@Size(max = 300) String note, @Size(max = 500) String failureReason) {
	}

}
