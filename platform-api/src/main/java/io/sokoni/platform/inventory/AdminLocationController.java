package io.sokoni.platform.inventory;

import java.util.List;
import java.util.UUID;

import io.sokoni.platform.web.Page;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Store locations for the merchant admin: everyone signed in reads, staff and owners change. */
@RestController
@RequestMapping("/admin/v1/locations")
@Tag(name = "Admin: locations")
@SecurityRequirement(name = "bearer")
@Validated
class AdminLocationController {

	/** Location codes, mirrored by the schema's check constraint. */
	static final String CODE = "^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$";

	private final LocationService locations;

	AdminLocationController(LocationService locations) {
		this.locations = locations;
	}

	@GetMapping
	Page<Location> list(@RequestParam(required = false) UUID storeId,
			@RequestParam(required = false) @Pattern(regexp = "active|inactive") String status,
			@RequestParam(required = false) UUID after,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		List<Location> page = locations.list(storeId, status, after, limit);
		return Page.of(page, limit, Location::id);
	}

	@GetMapping("/{id}")
	Location get(@PathVariable UUID id) {
		return locations.get(id);
	}

	@PostMapping
	@PreAuthorize("hasRole('STAFF')")
	@ResponseStatus(HttpStatus.CREATED)
	Location create(@Valid @RequestBody CreateLocationRequest request) {
		return locations.create(request.storeId(), request.code(), request.name(), request.area());
	}

	@PatchMapping("/{id}")
	@PreAuthorize("hasRole('STAFF')")
	Location update(@PathVariable UUID id, @Valid @RequestBody UpdateLocationRequest request) {
		return locations.update(id, request.code(), request.name(), request.area());
	}

	@PostMapping("/{id}/deactivate")
	@PreAuthorize("hasRole('STAFF')")
	Location deactivate(@PathVariable UUID id) {
		return locations.deactivate(id);
	}

	@PostMapping("/{id}/activate")
	@PreAuthorize("hasRole('STAFF')")
	Location activate(@PathVariable UUID id) {
		return locations.activate(id);
	}

	record CreateLocationRequest(@NotNull UUID storeId, @NotNull @Pattern(regexp = CODE) String code,
			@NotBlank @Size(max = 200) String name, @Size(max = 100) String area) {
	}

	/** Fields to change; absent fields stay as they are. */
	record UpdateLocationRequest(@Pattern(regexp = CODE) String code,
			@Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
			@Size(max = 100) String area) {
	}

}
