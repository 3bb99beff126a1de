package io.sokoni.platform.seo;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A store's SEO defaults: the title template pages' titles are put in ({@code {title}} is replaced, e.g.
 * "{title} | Mama Mboga"), the meta description and social image used where a page has none, and the
 * robots policy ({@code noindex} keeps the whole store out of search engines). A store that never saved
 * any has the defaults of {@link #defaults}.
 */
public record SeoSettings(UUID storeId, String titleTemplate, String metaDescription, String socialImageUrl,
		String robotsPolicy, long version, OffsetDateTime updatedAt) {

	static SeoSettings defaults(UUID storeId) {
		return new SeoSettings(storeId, null, null, null, "index", 0, null);
	}

	public boolean noindex() {
		return "noindex".equals(robotsPolicy);
	}

	/** A page title in the store's template (the title alone without one). */
	public String title(String title) {
		return titleTemplate == null ? title : titleTemplate.replace("{title}", title);
	}

}
