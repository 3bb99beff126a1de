package io.sokoni.platform.inventory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.idempotency.IdempotentRequests;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.Page;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems.FieldProblem;
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
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stock levels, changes, the movement journal and low-stock alerts for the merchant admin: everyone
 * signed in reads, staff and owners change stock.
 */
@RestController
@RequestMapping("/admin/v1/inventory")
@Tag(name = "Admin: inventory")
@SecurityRequirement(name = "bearer")
@Validated
class AdminInventoryController {

	/** Largest single change and largest counted quantity a request may carry. */
	private static final int MAX_CHANGE = 1_000_000;

	private static final int MAX_COUNT = 1_000_000_000;

	private final InventoryService inventory;

	private final IdempotentRequests idempotent;

	AdminInventoryController(InventoryService inventory, IdempotentRequests idempotent) {
		this.inventory = inventory;
		this.idempotent = idempotent;
	}

	/**
	 * Levels ordered by variant then location. {@code after} is the {@code next} of the previous page
	 * ({@code variantId.locationId}).
	 */
	@GetMapping
	Page<InventoryLevel> levels(@RequestParam(required = false) UUID variantId,
			@RequestParam(required = false) UUID locationId, @RequestParam(required = false) UUID productId,
			@RequestParam(required = false) String after,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		UUID[] cursor = parseCursor(after);
		List<InventoryLevel> levels = inventory.levels(variantId, locationId, productId, cursor[0], cursor[1], limit);
		return Page.of(levels, limit, InventoryLevel::cursor);
	}

	@GetMapping("/{variantId}/{locationId}")
	InventoryLevel level(@PathVariable UUID variantId, @PathVariable UUID locationId) {
		return inventory.level(variantId, locationId);
	}

	/** Sets on hand to a counted quantity (a stock take). */
	@PutMapping("/{variantId}/{locationId}")
	@PreAuthorize("hasRole('STAFF')")
	InventoryLevel set(@PathVariable UUID variantId, @PathVariable UUID locationId,
			@Valid @RequestBody SetStockRequest request,
			@RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey) {
		return idempotent.once("inventory.set:" + variantId + ":" + locationId, idempotencyKey, request,
				InventoryLevel.class,
				() -> inventory.set(variantId, locationId, request.onHand(), request.note(), request.reference()));
	}

	@PostMapping("/{variantId}/{locationId}/adjust")
	@PreAuthorize("hasRole('STAFF')")
	InventoryLevel adjust(@PathVariable UUID variantId, @PathVariable UUID locationId,
			@Valid @RequestBody AdjustStockRequest request,
			@RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey) {
		MovementReason reason = "return".equals(request.reason()) ? MovementReason.RETURN : MovementReason.ADJUSTMENT;
		if (request.delta() == 0) {
			throw invalid("delta", "must not be zero");
		}
		if (reason == MovementReason.RETURN && request.delta() < 0) {
			throw invalid("delta", "must be positive for a return (returned goods come back into stock)");
		}
		return idempotent.once("inventory.adjust:" + variantId + ":" + locationId, idempotencyKey, request,
				InventoryLevel.class,
				() -> inventory.adjust(variantId, locationId, request.delta(), reason, request.note(), request.reference()));
	}

	@PostMapping("/{variantId}/{locationId}/restock")
	@PreAuthorize("hasRole('STAFF')")
	InventoryLevel restock(@PathVariable UUID variantId, @PathVariable UUID locationId,
			@Valid @RequestBody RestockRequest request,
			@RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey) {
		return idempotent.once("inventory.restock:" + variantId + ":" + locationId, idempotencyKey, request,
				InventoryLevel.class,
				() -> inventory.restock(variantId, locationId, request.quantity(), request.note(), request.reference()));
	}

	/** The journal, newest first; {@code after} is the {@code next} of the previous page (older entries). */
	@GetMapping("/movements")
	Page<InventoryMovement> movements(@RequestParam(required = false) UUID variantId,
			@RequestParam(required = false) UUID locationId, @RequestParam(required = false) UUID after,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		return Page.of(inventory.movements(variantId, locationId, after, limit), limit, InventoryMovement::id);
	}

	@GetMapping("/movements/{id}")
	InventoryMovement movement(@PathVariable UUID id) {
		return inventory.movement(id);
	}

	/** Variants at or below their low-stock threshold (available across active locations). */
	@GetMapping("/low-stock")
	Page<LowStockVariant> lowStock(@RequestParam(required = false) UUID storeId,
			@RequestParam(required = false) UUID after,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		return Page.of(inventory.lowStock(storeId, after, limit), limit, LowStockVariant::variantId);
	}

	private static UUID[] parseCursor(String after) {
		if (after == null || after.isEmpty()) {
			return new UUID[2];
		}
		int dot = after.indexOf('.');
		try {
			if (dot > 0) {
				return new UUID[] { UUID.fromString(after.substring(0, dot)),
						UUID.fromString(after.substring(dot + 1)) };
			}
		}
		catch (IllegalArgumentException ex) {
			// answered below
		}
		throw invalid("after", "is not a cursor from a previous page");
	}

	private static ApiException invalid(String field, String message) {
		return new ApiException(ProblemType.VALIDATION_FAILED, "The request has invalid fields",
				Map.of("errors", List.of(new FieldProblem(field, message))));
	}

	record SetStockRequest(@NotNull @PositiveOrZero @Max(MAX_COUNT) Integer onHand, @Size(max = 500) String note,
			@Size(max = 100) String reference) {
	}

	record AdjustStockRequest(@NotNull @Min(-MAX_CHANGE) @Max(MAX_CHANGE) Integer delta,
			@NotNull @Pattern(regexp = "adjustment|return", message = "must be adjustment or return") String reason,
			@Size(max = 500) String note, @Size(max = 100) String reference) {
	}

	record RestockRequest(@NotNull @Positive @Max(MAX_CHANGE) Integer quantity, @Size(max = 500) String note,
			@Size(max = 100) String reference) {
	}

}
