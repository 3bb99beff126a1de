package io.sokoni.platform.delivery;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sokoni.platform.delivery.DeliveryZoneRepository.ZoneFields;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.Cents;
import io.sokoni.platform.web.Page;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems.FieldProblem;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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

/** Delivery zones for the merchant admin: everyone signed in reads, staff and owners change. */
@RestController
@RequestMapping("/admin/v1/delivery-zones")
@Tag(name = "Admin: delivery zones")
@SecurityRequirement(name = "bearer")
@Validated
class AdminDeliveryZoneController {

	/** Longest ETA the schema accepts: 30 days. */
	static final int MAX_ETA_MINUTES = 43200;

	private final DeliveryZoneService zones;

	AdminDeliveryZoneController(DeliveryZoneService zones) {
		this.zones = zones;
	}

	@GetMapping
	Page<DeliveryZone> list(@RequestParam(required = false) UUID storeId,
			@RequestParam(required = false) @Pattern(regexp = "active|inactive") String status,
			@RequestParam(required = false) UUID after,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		Boolean active = status == null ? null : status.equals("active");
		return Page.of(zones.list(storeId, active, after, limit), limit, DeliveryZone::id);
	}

	@GetMapping("/{id}")
	DeliveryZone get(@PathVariable UUID id) {
		return zones.get(id);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@PreAuthorize("hasRole('STAFF')")
	ResponseEntity<DeliveryZone> create(@Valid @RequestBody CreateZoneRequest request) {
		DeliveryZone created = zones.create(request.storeId(),
				new ZoneFields(request.name().strip(), request.feeCents(), request.minOrderCents(),
						request.freeDeliveryThresholdCents(), request.etaMinutes(), request.isDefault(),
						request.isActive()),
				request.cityAreas());
		return ResponseEntity.created(URI.create("/admin/v1/delivery-zones/" + created.id())).body(created);
	}

	@PatchMapping("/{id}")
	@PreAuthorize("hasRole('STAFF')")
	DeliveryZone update(@PathVariable UUID id, @Valid @RequestBody UpdateZoneRequest request) {
		boolean remove = Boolean.TRUE.equals(request.removeFreeDeliveryThreshold());
		if (remove && request.freeDeliveryThresholdCents() != null) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "The request has invalid fields",
					Map.of("errors", List.of(new FieldProblem("removeFreeDeliveryThreshold",
							"cannot be combined with freeDeliveryThresholdCents"))));
		}
		return zones.update(id, request.version(),
				new ZoneFields(request.name() == null ? null : request.name().strip(), request.feeCents(),
						request.minOrderCents(), request.freeDeliveryThresholdCents(), request.etaMinutes(),
						request.isDefault(), request.isActive()),
				request.cityAreas(), remove);
	}

	@PostMapping("/{id}/deactivate")
	@PreAuthorize("hasRole('STAFF')")
	DeliveryZone deactivate(@PathVariable UUID id) {
		return zones.deactivate(id);
	}

	@PostMapping("/{id}/activate")
	@PreAuthorize("hasRole('STAFF')")
	DeliveryZone activate(@PathVariable UUID id) {
		return zones.activate(id);
	}

	@DeleteMapping("/{id}")
	@PreAuthorize("hasRole('STAFF')")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable UUID id) {
		zones.delete(id);
	}

	/** A new zone: active and not the default unless said otherwise, no minimum order by default. */
	record CreateZoneRequest(@NotNull UUID storeId, @NotBlank @Size(max = 100) String name,
			@NotNull @Size(min = 1, max = 200) List<@NotBlank @Size(max = 100) String> cityAreas,
			@NotNull @Cents Long feeCents, @Cents Long minOrderCents,
			@Cents Long freeDeliveryThresholdCents, @NotNull @Min(1) @Max(MAX_ETA_MINUTES) Integer etaMinutes,
			@JsonProperty("isDefault") Boolean isDefault, @JsonProperty("isActive") Boolean isActive) {
	}

	/**
	 * Fields to change (absent fields stay as they are) and the version the change is based on.
	 * {@code cityAreas} replaces the whole list; {@code "removeFreeDeliveryThreshold": true} removes the
	 * threshold (a JSON null cannot be told from an absent field here, so removal is said explicitly).
	 */
	record UpdateZoneRequest(@NotNull @PositiveOrZero Long version,
			@Size(min = 1, max = 100) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
			@Size(min = 1, max = 200) List<@NotBlank @Size(max = 100) String> cityAreas,
			@Cents Long feeCents, @Cents Long minOrderCents,
			@Cents Long freeDeliveryThresholdCents, Boolean removeFreeDeliveryThreshold,
			@Min(1) @Max(MAX_ETA_MINUTES) Integer etaMinutes, @JsonProperty("isDefault") Boolean isDefault,
			@JsonProperty("isActive") Boolean isActive) {
	}

}
