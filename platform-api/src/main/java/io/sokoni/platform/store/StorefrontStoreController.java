package io.sokoni.platform.store;

import java.time.Duration;

import io.sokoni.platform.Hashes;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.StorefrontTenantFilter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public profile of the store the Host header names. */
@RestController
@RequestMapping("/storefront/v1")
@Tag(name = "Storefront")
class StorefrontStoreController {

	private final StoreService stores;

	StorefrontStoreController(StoreService stores) {
		this.stores = stores;
	}

	@GetMapping("/store")
	ResponseEntity<PublicStore> store(HttpServletRequest request) {
		Store store = stores.find(StorefrontTenantFilter.storeId(request))
			.filter(Store::live)
			.orElseThrow(() -> ApiException.notFound("Store"));
		PublicStore profile = PublicStore.of(store);
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(Duration.ofSeconds(60)).cachePublic())
			.eTag(etag(store, profile))
			.body(profile);
	}

	/**
	 * Derived from the store's id and what it shows, never the row version alone: every new store is at
	 * version 0, so one store's {@code If-None-Match: "0"} would get a 304 for another's profile.
	 */
	static String etag(Store store, PublicStore profile) {
		return Hashes.sha256Hex(store.id() + "\n" + profile).substring(0, 32);
	}

	/** What shoppers may see of a store. */
	record PublicStore(String slug, String name, String currency, String logoUrl, String contactPhone,
			String contactEmail, String area, String address, Seo seo) {

		static PublicStore of(Store s) {
			return new PublicStore(s.slug(), s.name(), s.currency(), s.logoUrl(), s.contactPhone(), s.contactEmail(),
					s.area(), s.address(), new Seo(s.seoTitle(), s.seoDescription()));
		}

	}

	record Seo(String title, String description) {
	}

}
