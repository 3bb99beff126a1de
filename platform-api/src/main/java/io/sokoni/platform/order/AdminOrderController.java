package io.sokoni.platform.order;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.sokoni.platform.PhoneNumbers;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.Page;
import io.sokoni.platform.web.ProblemType;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Orders for the merchant admin: everyone signed in reads, staff and owners move them. */
@RestController
@RequestMapping("/admin/v1/orders")
@Tag(name = "Admin: orders")
@SecurityRequirement(name = "bearer")
@Validated
class AdminOrderController {

	private static final String STATUSES = "pending|awaiting_payment|paid|packing|dispatched|delivered|cancelled|refunded";

	private final OrderQueries queries;

	private final OrderService orders;

	AdminOrderController(OrderQueries queries, OrderService orders) {
		this.queries = queries;
		this.orders = orders;
	}

	/**
	 * Newest first. {@code q} searches by order number (digits, with or without '#') or customer phone (any
	 * common form); {@code before} is the {@code next} of the previous page.
	 */
	@GetMapping
	Page<OrderSummary> list(@RequestParam(required = false) UUID storeId,
			@RequestParam(required = false) @Pattern(regexp = STATUSES) String status,
			@RequestParam(required = false) OffsetDateTime from, @RequestParam(required = false) OffsetDateTime to,
			@RequestParam(required = false) @Pattern(regexp = "mpesa|cod") String paymentMethod,
			@RequestParam(required = false) @Pattern(regexp = "unpaid|paid|partial|refunded") String paymentStatus,
			@RequestParam(required = false) @Pattern(regexp = "web|whatsapp") String channel,
			@RequestParam(required = false) @Size(max = 100) String area,
			@RequestParam(required = false) @Size(max = 40) String q,
			@RequestParam(required = false) UUID customerId,
			@RequestParam(required = false) @Pattern(regexp = "^[^/]+/[0-9a-f-]{36}$") String before,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		Long number = null;
		String phone = null;
		if (q != null && !q.isBlank()) {
			String digits = q.strip().replaceFirst("^#", "");
			if (digits.matches("[0-9]{1,9}")) {
				number = Long.parseLong(digits);
			}
			else {
				phone = PhoneNumbers.normalize(q).orElseThrow(() -> new ApiException(ProblemType.VALIDATION_FAILED,
						"q must be an order number or a phone number"));
			}
		}
		OffsetDateTime beforePlacedAt = null;
		UUID beforeId = null;
		if (before != null) {
			String[] parts = before.split("/");
			try {
				beforePlacedAt = OffsetDateTime.parse(parts[0]);
				beforeId = UUID.fromString(parts[1]);
			}
			catch (RuntimeException ex) {
				throw new ApiException(ProblemType.VALIDATION_FAILED, "before must be the next value of a previous page");
			}
		}
		List<OrderSummary> page = queries.list(new OrderFilter(storeId, status, from, to, paymentMethod,
				paymentStatus, channel, area == null ? null : area.strip().toLowerCase(Locale.ROOT), number, phone,
				customerId, beforePlacedAt, beforeId, limit));
		return Page.of(page, limit, o -> o.placedAt() + "/" + o.id());
	}

	@GetMapping("/{id}")
	OrderDetail get(@PathVariable UUID id) {
		return queries.detail(id);
	}

	/** Moves the order to another status; 409 when that step is not allowed from where it is. */
	@PostMapping("/{id}/status")
	@PreAuthorize("hasRole('STAFF')")
	OrderDetail changeStatus(@PathVariable UUID id, @Valid @RequestBody StatusChangeRequest request) {
		return orders.changeStatus(id, OrderStatus.of(request.status()), request.note(), request.expectedVersion());
	}

	record StatusChangeRequest(@NotNull @Pattern(regexp = STATUSES) String status, @Size(max = 500) String note,
			Long expectedVersion) {
	}

}
