package io.sokoni.platform.store;

import java.util.List;
import java.util.UUID;

import io.sokoni.platform.PhoneNumbers;
import io.sokoni.platform.store.StoreRepository.StoreChanges;
import io.sokoni.platform.web.Patterns;
import io.sokoni.platform.web.ValidEmail;
import io.sokoni.platform.web.ValidPhone;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Store settings for the merchant admin: everyone signed in reads, owners change. */
@RestController
@RequestMapping("/admin/v1/stores")
@Tag(name = "Admin: stores")
@SecurityRequirement(name = "bearer")
class AdminStoreController {

	private final StoreService stores;

	AdminStoreController(StoreService stores) {
		this.stores = stores;
	}

	@GetMapping
	List<Store> list() {
		return stores.list();
	}

	@GetMapping("/{id}")
	Store get(@PathVariable UUID id) {
		return stores.get(id);
	}

	@PatchMapping("/{id}")
	@PreAuthorize("hasRole('OWNER')")
	Store update(@PathVariable UUID id, @Valid @RequestBody UpdateStoreRequest request) {
		return stores.update(id, request.version(), request.changes());
	}

	/** Fields to change (absent fields stay as they are) and the version the change is based on. */
	record UpdateStoreRequest(@NotNull @PositiveOrZero Long version, @Size(min = 1, max = 200) String name,
			@Pattern(regexp = Patterns.CURRENCY) String currency,
			@Pattern(regexp = Patterns.HTTP_URL) String logoUrl, @ValidPhone String contactPhone,
			@ValidEmail @Size(max = 254) String contactEmail, @Size(max = 100) String area, @Size(max = 500) String address,
			@Size(max = 70) String seoTitle, @Size(max = 320) String seoDescription, Boolean live) {

		StoreChanges changes() {
			return new StoreChanges(name, currency, logoUrl,
					contactPhone == null ? null : PhoneNumbers.normalize(contactPhone).orElseThrow(), contactEmail,
					area, address, seoTitle, seoDescription, live);
		}

	}

}
