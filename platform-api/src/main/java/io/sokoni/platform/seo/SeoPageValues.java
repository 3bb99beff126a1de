package io.sokoni.platform.seo;

/** What a merchant writes of a page (structured data already checked and as JSON text, or null). */
record SeoPageValues(String kind, String slug, String title, String metaDescription, String body,
		String structuredDataJson, boolean indexable) {
}
