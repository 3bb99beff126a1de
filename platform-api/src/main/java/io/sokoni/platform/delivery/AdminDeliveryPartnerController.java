package io.sokoni.platform.delivery;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sokoni.platform.delivery.DeliveryPartnerRepository.PartnerFields;
import io.sokoni.platform.web.Page;
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
 * Delivery partners for the merchant admin: everyone signed in reads (with secrets in the config
 * masked), staff and owners change.
 */
@RestController
@RequestMapping("/admin/v1/delivery-partners")
@Tag(name = "Admin: delivery partners")
@SecurityRequirement(name = "bearer")
@Validated
class AdminDeliveryPartnerController {

	/** Providers, mirrored by the schema's check constraint. */
	static final String PROVIDER = "pickup_mtaani|own_riders|manual|other";

	private final DeliveryPartnerService partners;

	AdminDeliveryPartnerController(DeliveryPartnerService partners) {
		this.partners = partners;
	}

	@GetMapping
	Page<DeliveryPartner> list(@RequestParam(required = false) UUID storeId,
			@RequestParam(required = false) @Pattern(regexp = "active|inactive") String status,
			@RequestParam(required = false) UUID after,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		Boolean active = status == null ? null : status.equals("active");
		return Page.of(partners.list(storeId, active, after, limit), limit, DeliveryPartner::id);
	}

	@GetMapping("/{id}")
	DeliveryPartner get(@PathVariable UUID id) {
		return partners.get(id);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@PreAuthorize("hasRole('STAFF')")
	ResponseEntity<DeliveryPartner> create(@Valid @RequestBody CreatePartnerRequest request) {
		DeliveryPartner created = partners.create(request.storeId(), new PartnerFields(request.name().strip(),
				request.provider(), request.config() == null ? Map.of() : request.config(), request.isActive()));
		return ResponseEntity.created(URI.create("/admin/v1/delivery-partners/" + created.id())).body(created);
	}

	@PatchMapping("/{id}")
	@PreAuthorize("hasRole('STAFF')")
	DeliveryPartner update(@PathVariable UUID id, @Valid @RequestBody UpdatePartnerRequest request) {
		return partners.update(id, request.version(),
				new PartnerFields(request.name() == null ? null : request.name().strip(), request.provider(),
						request.config(), request.isActive()));
	}

	@PostMapping("/{id}/deactivate")
	@PreAuthorize("hasRole('STAFF')")
	DeliveryPartner deactivate(@PathVariable UUID id) {
		return partners.deactivate(id);
	}

	@PostMapping("/{id}/activate")
	@PreAuthorize("hasRole('STAFF')")
	DeliveryPartner activate(@PathVariable UUID id) {
		return partners.activate(id);
	}

	/** A new partner, active unless said otherwise; {@code config} is a JSON object of at most 8 KB. */
	record CreatePartnerRequest(@NotNull UUID storeId, @NotBlank @Size(max = 100) String name,
			@NotNull @Pattern(regexp = PROVIDER) String provider, Map<String, Object> config,
			@JsonProperty("isActive") Boolean isActive) {
	}

	/**
	 * Fields to change (absent fields stay as they are) and the version the change is based on; a
	 * {@code config} replaces the whole config, and a secret sent back masked keeps its stored value.
	 */
	record UpdatePartnerRequest(@NotNull @PositiveOrZero Long version,
			@Size(min = 1, max = 100) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
			@Pattern(regexp = PROVIDER) String provider, Map<String, Object> config,
			@JsonProperty("isActive") Boolean isActive) {
	}

}
