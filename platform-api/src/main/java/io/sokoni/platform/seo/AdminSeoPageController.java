package io.sokoni.platform.seo;

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
import tools.jackson.databind.JsonNode;

/**
 * SEO pages (area landing, category landing, blog) for the merchant admin: everyone signed in reads,
 * staff and owners write. A page is shown on the storefront once published (now or at a set date).
 */
@RestController
@RequestMapping("/admin/v1/seo/pages")
@Tag(name = "Admin: SEO")
@SecurityRequirement(name = "bearer")
@Validated
class AdminSeoPageController {

	private final SeoPageService pages;

	AdminSeoPageController(SeoPageService pages) {
		this.pages = pages;
	}

	@GetMapping
	Page<SeoPage> list(@RequestParam(required = false) UUID storeId,
			@RequestParam(required = false) @Pattern(regexp = SeoPage.KINDS) String kind,
			@RequestParam(required = false) Boolean published, @RequestParam(required = false) UUID after,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		return Page.of(pages.list(storeId, kind, published, after, limit), limit, SeoPage::id);
	}

	@GetMapping("/{id}")
	SeoPage get(@PathVariable UUID id) {
		return pages.get(id);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@PreAuthorize("hasRole('STAFF')")
	ResponseEntity<SeoPage> create(@Valid @RequestBody CreatePageRequest request) {
		SeoPage created = pages.create(request.storeId(),
				new SeoPageService.Draft(request.kind(), request.slug(), request.title(), request.metaDescription(),
						request.body(), request.structuredData(), request.indexable()));
		return ResponseEntity.created(URI.create("/admin/v1/seo/pages/" + created.id())).body(created);
	}

	@PatchMapping("/{id}")
	@PreAuthorize("hasRole('STAFF')")
	SeoPage update(@PathVariable UUID id, @Valid @RequestBody UpdatePageRequest request) {
		return pages.update(id, request.version(),
				new SeoPageService.Changes(request.kind(), request.slug(), request.title(), request.metaDescription(),
						request.body(), request.structuredData(), request.indexable(), request.clear()));
	}

	/** Publishes now, or at {@code publishAt} when given (the body is optional). */
	@PostMapping("/{id}/publish")
	@PreAuthorize("hasRole('STAFF')")
	SeoPage publish(@PathVariable UUID id, @RequestBody(required = false) PublishRequest request) {
		return pages.publish(id, request == null ? null : request.publishAt());
	}

	@PostMapping("/{id}/unpublish")
	@PreAuthorize("hasRole('STAFF')")
	SeoPage unpublish(@PathVariable UUID id) {
		return pages.unpublish(id);
	}

	@DeleteMapping("/{id}")
	@PreAuthorize("hasRole('STAFF')")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable UUID id) {
		pages.delete(id);
	}

	record CreatePageRequest(@NotNull UUID storeId, @NotNull @Pattern(regexp = SeoPage.KINDS) String kind,
			@NotNull @Pattern(regexp = SeoPage.SLUG) String slug,
			@NotBlank @Size(max = 200) String title,
			@Size(max = 320) String metaDescription, @Size(max = 50_000) String body,
			JsonNode structuredData, Boolean indexable) {
	}

	/** Fields to change (absent ones stay), {@code clear} to empty optional ones, and the version it is based on. */
	record UpdatePageRequest(@NotNull @PositiveOrZero Long version, @Pattern(regexp = SeoPage.KINDS) String kind,
			@Pattern(regexp = SeoPage.SLUG) String slug, @Size(min = 1, max = 200) String title,
			@Size(max = 320) String metaDescription, @Size(max = 50_000) String body,
			JsonNode structuredData, Boolean indexable,
			@Size(max = 2) Set<@NotNull @Pattern(regexp = "metaDescription|structuredData") String> clear) {
	}

	record PublishRequest(OffsetDateTime publishAt) {
	}

}
