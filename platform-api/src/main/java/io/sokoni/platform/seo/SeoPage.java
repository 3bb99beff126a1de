package io.sokoni.platform.seo;

import java.time.OffsetDateTime;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * An SEO page of a store as the merchant admin sees it. {@code published} is true once
 * {@code publishedAt} is set and has come (a future date schedules the page).
 */
public record SeoPage(UUID id, UUID storeId, String kind, String slug, String title, String metaDescription,
		String body, JsonNode structuredData, boolean indexable, OffsetDateTime publishedAt, boolean published,
		long version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

	/** The kinds of page (the schema's check constraint). */
	static final String KINDS = "^(area_landing|category_landing|blog)$";

	/** The schema's slug pattern: lower-case letters, digits and inner hyphens, 1 to 100 characters. */
	static final String SLUG = "^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$";

}
