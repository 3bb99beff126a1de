package io.sokoni.platform.seo;

import java.time.Duration;

import io.sokoni.platform.seo.StorefrontSeoService.PublishedPages;
import io.sokoni.platform.seo.StorefrontSeoService.StorefrontDefaults;
import io.sokoni.platform.seo.StorefrontSeoService.StorefrontPage;
import io.sokoni.platform.web.StorefrontTenantFilter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Published SEO pages of the store the Host header names, and its SEO defaults. */
@RestController
@RequestMapping("/storefront/v1")
@Tag(name = "Storefront")
@Validated
class StorefrontSeoController {

	private static final CacheControl SHORT = CacheControl.maxAge(Duration.ofSeconds(60)).cachePublic();

	private final StorefrontSeoService seo;

	StorefrontSeoController(StorefrontSeoService seo) {
		this.seo = seo;
	}

	@GetMapping("/pages")
	ResponseEntity<PublishedPages> pages(HttpServletRequest request,
			@RequestParam(required = false) @Pattern(regexp = SeoPage.KINDS) String kind,
			@RequestParam(defaultValue = "1") @Min(1) @Max(500) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		return ResponseEntity.ok()
			.cacheControl(SHORT)
			.body(seo.list(StorefrontTenantFilter.storeId(request), kind, page, size));
	}

	@GetMapping("/pages/{slug}")
	ResponseEntity<StorefrontPage> page(HttpServletRequest request,
			@PathVariable @Pattern(regexp = SeoPage.SLUG) String slug) {
		return ResponseEntity.ok()
			.cacheControl(SHORT)
			.body(seo.page(StorefrontTenantFilter.storeId(request), slug, StorefrontTenantFilter.host(request)));
	}

	@GetMapping("/seo")
	ResponseEntity<StorefrontDefaults> defaults(HttpServletRequest request) {
		return ResponseEntity.ok().cacheControl(SHORT).body(seo.defaults(StorefrontTenantFilter.storeId(request)));
	}

}
