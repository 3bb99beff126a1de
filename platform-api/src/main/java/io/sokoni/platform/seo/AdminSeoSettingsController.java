package io.sokoni.platform.seo;

import java.util.UUID;

import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A store's SEO defaults for the merchant admin: everyone signed in reads, staff and owners replace
 * them (PUT: absent optional fields are emptied).
 */
@RestController
@RequestMapping("/admin/v1/stores/{storeId}/seo")
@Tag(name = "Admin: SEO")
@SecurityRequirement(name = "bearer")
@Validated
class AdminSeoSettingsController {

	private final SeoSettingsService settings;

	AdminSeoSettingsController(SeoSettingsService settings) {
		this.settings = settings;
	}

	@GetMapping
	SeoSettings get(@PathVariable UUID storeId) {
		return settings.get(storeId);
	}

	@PutMapping
	@PreAuthorize("hasRole('STAFF')")
	SeoSettings put(@PathVariable UUID storeId, @Valid @RequestBody SeoSettingsRequest request) {
		return settings.put(storeId, blankToNull(request.titleTemplate()), blankToNull(request.metaDescription()),
				blankToNull(request.socialImageUrl()), request.robotsPolicy());
	}

	/**
	 * @param titleTemplate must contain {@code {title}}, e.g. "{title} | Mama Mboga"
	 * @param robotsPolicy {@code index}, or {@code noindex} to keep the whole store out of search engines
	 */
	record SeoSettingsRequest(
			@Size(max = 200) @Pattern(regexp = "(?s)^$|.*\\{title}.*", message = "must contain {title}") String titleTemplate,
			@Size(max = 320) String metaDescription,
			@Size(max = 2000) @Pattern(regexp = "^$|https?://\\S+", message = "must be an http(s) URL") String socialImageUrl,
			@NotNull @Pattern(regexp = "index|noindex") String robotsPolicy) {
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

}
