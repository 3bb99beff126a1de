package io.sokoni.platform.discount;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

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
 * Coupon codes for the merchant admin: everyone signed in reads, staff and owners change. Codes are
 * 3 to 40 letters, digits, '-' or '_', accepted in any case and stored upper case.
 */
@RestController
@RequestMapping("/admin/v1/coupons")
@Tag(name = "Admin: coupons")
@SecurityRequirement(name = "bearer")
@Validated
class AdminCouponController {

	/** The schema's code pattern, in either case (codes are upper-cased before they are stored). */
	static final String CODE = "^\\s*[A-Za-z0-9][A-Za-z0-9_-]{2,39}\\s*$";

	private final CouponService coupons;

	AdminCouponController(CouponService coupons) {
		this.coupons = coupons;
	}

	@GetMapping
	Page<Coupon> list(@RequestParam(required = false) UUID storeId, @RequestParam(required = false) UUID priceRuleId,
			@RequestParam(required = false) UUID after, @RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		return Page.of(coupons.list(storeId, priceRuleId, after, limit), limit, Coupon::id);
	}

	@GetMapping("/{id}")
	Coupon get(@PathVariable UUID id) {
		return coupons.get(id);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@PreAuthorize("hasRole('STAFF')")
	ResponseEntity<Coupon> create(@Valid @RequestBody CreateCouponRequest request) {
		Coupon created = coupons.create(request.storeId(),
				new CouponValues(request.priceRuleId(), request.code(), request.usageLimit(), request.perCustomerLimit(),
						request.startsAt(), request.endsAt()),
				request.active() == null || request.active());
		return ResponseEntity.created(URI.create("/admin/v1/coupons/" + created.id())).body(created);
	}

	@PatchMapping("/{id}")
	@PreAuthorize("hasRole('STAFF')")
	Coupon update(@PathVariable UUID id, @Valid @RequestBody UpdateCouponRequest request) {
		return coupons.update(id, request.version(),
				new CouponService.Changes(request.priceRuleId(), request.code(), request.usageLimit(),
						request.perCustomerLimit(), request.startsAt(), request.endsAt(), request.clear()));
	}

	@PostMapping("/{id}/activate")
	@PreAuthorize("hasRole('STAFF')")
	Coupon activate(@PathVariable UUID id) {
		return coupons.setActive(id, true);
	}

	@PostMapping("/{id}/deactivate")
	@PreAuthorize("hasRole('STAFF')")
	Coupon deactivate(@PathVariable UUID id) {
		return coupons.setActive(id, false);
	}

	@DeleteMapping("/{id}")
	@PreAuthorize("hasRole('STAFF')")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable UUID id) {
		coupons.delete(id);
	}

	record CreateCouponRequest(@NotNull UUID storeId, @NotNull UUID priceRuleId,
			@NotNull @Pattern(regexp = CODE) String code, @Positive Integer usageLimit, @Positive Integer perCustomerLimit,
			OffsetDateTime startsAt, OffsetDateTime endsAt, Boolean active) {
	}

	/**
	 * Fields to change (absent fields stay as they are), {@code clear} to remove a limit or an end of the
	 * window, and the version the change is based on.
	 */
	record UpdateCouponRequest(@NotNull @PositiveOrZero Long version, UUID priceRuleId,
			@Pattern(regexp = CODE) String code, @Positive Integer usageLimit, @Positive Integer perCustomerLimit,
			OffsetDateTime startsAt, OffsetDateTime endsAt,
			@Size(max = 4) Set<@NotNull @Pattern(regexp = "usageLimit|perCustomerLimit|startsAt|endsAt") String> clear) {
	}

}
