package io.sokoni.platform.search;

import io.sokoni.platform.search.SearchTokenService.TenantToken;
import io.sokoni.platform.web.StorefrontTenantFilter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Meilisearch tenant token for the store the Host names, so its pages can search Meilisearch
 * directly; 404 when the platform runs without Meilisearch (then search through
 * {@code /storefront/v1/search}).
 */
@RestController
@RequestMapping("/storefront/v1/search")
@Tag(name = "Storefront")
class StorefrontSearchTokenController {

	private final SearchTokenService tokens;

	StorefrontSearchTokenController(SearchTokenService tokens) {
		this.tokens = tokens;
	}

	@PostMapping("/token")
	ResponseEntity<TenantToken> token(HttpServletRequest request) {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(tokens.issue(StorefrontTenantFilter.storeId(request)));
	}

}
