package io.sokoni.platform.discount;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.web.Cents;
import io.sokoni.platform.web.Page;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Price rules for the merchant admin: everyone signed in reads, staff and owners change. The fields of
 * a rule's kind (percentOff; amountOffCents; buyQuantity and getQuantity) and scope (productId,
 * categoryId) are required for it and refused for the others.
 */
@RestController
@RequestMapping("/admin/v1/price-rules")
@Tag(name = "Admin: price rules")
@SecurityRequirement(name = "bearer")
@Validated
class AdminPriceRuleController {

	static final String KIND = "percentage|amount|buy_x_get_y";

	static final String SCOPE = "storewide|product|category";

	static final String NOT_BLANK = "(?s).*\\S.*";

	private final PriceRuleService rules;

	AdminPriceRuleController(PriceRuleService rules) {
		this.rules = rules;
	}

	@GetMapping
	Page<PriceRule> list(@RequestParam(required = false) UUID storeId, @RequestParam(required = false) UUID after,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		return Page.of(rules.list(storeId, after, limit), limit, PriceRule::id);
	}

	@GetMapping("/{id}")
	PriceRule get(@PathVariable UUID id) {
		return rules.get(id);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@PreAuthorize("hasRole('STAFF')")
	ResponseEntity<PriceRule> create(@Valid @RequestBody CreatePriceRuleRequest request) {
		PriceRule created = rules.create(request.storeId(), request.values(), request.active() == null || request.active());
		return ResponseEntity.created(URI.create("/admin/v1/price-rules/" + created.id())).body(created);
	}

	@PatchMapping("/{id}")
	@PreAuthorize("hasRole('STAFF')")
	PriceRule update(@PathVariable UUID id, @Valid @RequestBody UpdatePriceRuleRequest request) {
		return rules.update(id, request.version(), request.changes());
	}

	@PostMapping("/{id}/activate")
	@PreAuthorize("hasRole('STAFF')")
	PriceRule activate(@PathVariable UUID id) {
		return rules.setActive(id, true);
	}

	@PostMapping("/{id}/deactivate")
	@PreAuthorize("hasRole('STAFF')")
	PriceRule deactivate(@PathVariable UUID id) {
		return rules.setActive(id, false);
	}

	@DeleteMapping("/{id}")
	@PreAuthorize("hasRole('STAFF')")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable UUID id) {
		rules.delete(id);
	}

	record CreatePriceRuleRequest(@NotNull UUID storeId,
			@NotNull @Size(min = 1, max = 100) @Pattern(regexp = NOT_BLANK, message = "must not be blank") String name,
			@NotNull @Pattern(regexp = KIND) String kind, @Min(1) @Max(100) Integer percentOff,
			@Positive @Cents Long amountOffCents, @Min(1) @Max(1000) Integer buyQuantity, @Min(1) @Max(1000) Integer getQuantity,
			@Pattern(regexp = SCOPE) String scope, UUID productId, UUID categoryId, @Cents Long minSubtotalCents,
			Boolean requiresCoupon, OffsetDateTime startsAt, OffsetDateTime endsAt, Boolean active) {

		PriceRuleValues values() {
			return new PriceRuleValues(name.strip(), kind, percentOff, amountOffCents, buyQuantity, getQuantity,
					scope == null ? "storewide" : scope, productId, categoryId,
					minSubtotalCents == null ? 0 : minSubtotalCents, Boolean.TRUE.equals(requiresCoupon), startsAt,
					endsAt);
		}

	}

	/**
	 * Fields to change (absent fields stay as they are), {@code clear} to empty the window's ends, and the
	 * version the change is based on.
	 */
	record UpdatePriceRuleRequest(@NotNull @PositiveOrZero Long version,
			@Size(min = 1, max = 100) @Pattern(regexp = NOT_BLANK, message = "must not be blank") String name,
			@Pattern(regexp = KIND) String kind, @Min(1) @Max(100) Integer percentOff, @Positive @Cents Long amountOffCents,
			@Min(1) @Max(1000) Integer buyQuantity, @Min(1) @Max(1000) Integer getQuantity,
			@Pattern(regexp = SCOPE) String scope, UUID productId, UUID categoryId, @Cents Long minSubtotalCents,
			Boolean requiresCoupon, OffsetDateTime startsAt, OffsetDateTime endsAt,
			@Size(max = 2) Set<@NotNull @Pattern(regexp = "startsAt|endsAt") String> clear) {

		PriceRuleService.Changes changes() {
			return new PriceRuleService.Changes(name == null ? null : name.strip(), kind, percentOff, amountOffCents,
					buyQuantity, getQuantity, scope, productId, categoryId, minSubtotalCents, requiresCoupon, startsAt,
					endsAt, clear);
		}

	}

}
