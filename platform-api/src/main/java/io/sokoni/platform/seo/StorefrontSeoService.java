package io.sokoni.platform.seo;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.sokoni.platform.catalog.StorefrontCatalogService;
import io.sokoni.platform.seo.SeoPageRepository.PublishedPage;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.StorefrontUrls;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * SEO pages as shoppers and crawlers see them: published pages only, with the store's SEO defaults
 * applied (title template, description and social image where the page has none, robots), read in one
 * read-only transaction after checking the store is live (else 404, like the rest of the storefront).
 */
@Service
class StorefrontSeoService {

	private final StorefrontCatalogService storefront;

	private final SeoPageRepository pages;

	private final SeoSettingsService settings;

	private final StorefrontUrls urls;

	StorefrontSeoService(StorefrontCatalogService storefront, SeoPageRepository pages, SeoSettingsService settings,
			StorefrontUrls urls) {
		this.storefront = storefront;
		this.pages = pages;
		this.settings = settings;
		this.urls = urls;
	}

	/**
	 * A published page: its title as written and in the store's template ({@code metaTitle}), the meta
	 * description (the store's default when the page has none), robots ({@code noindex} when the page or
	 * the whole store is not to be indexed), canonical URL on the host asked, and its structured data.
	 */
	record StorefrontPage(String slug, String kind, String title, String metaTitle, String metaDescription, String body,
			JsonNode structuredData, String robots, String canonicalUrl, String socialImageUrl,
			OffsetDateTime publishedAt, OffsetDateTime updatedAt) {
	}

	/** A page of the store's published pages, newest first. */
	record PublishedPages(List<PublishedPage> items, int page, int size) {
	}

	/** The store's SEO defaults as the storefront applies them to its own pages (home, lists). */
	record StorefrontDefaults(String titleTemplate, String metaDescription, String socialImageUrl, String robots) {
	}

	StorefrontPage page(UUID storeId, String slug, String host) {
		return storefront.read(storeId, () -> {
			SeoPage page = pages.findPublished(storeId, slug).orElseThrow(() -> ApiException.notFound("Page"));
			SeoSettings seo = settings.of(storeId);
			return new StorefrontPage(page.slug(), page.kind(), page.title(), seo.title(page.title()),
					page.metaDescription() != null ? page.metaDescription() : seo.metaDescription(), page.body(),
					page.structuredData(), robots(seo.noindex() || !page.indexable()), urls.page(host, page.slug()),
					seo.socialImageUrl(), page.publishedAt(), page.updatedAt());
		});
	}

	PublishedPages list(UUID storeId, String kind, int page, int size) {
		return storefront.read(storeId,
				() -> new PublishedPages(pages.listPublished(storeId, kind, page, size), page, size));
	}

	StorefrontDefaults defaults(UUID storeId) {
		return storefront.read(storeId, () -> {
			SeoSettings seo = settings.of(storeId);
			return new StorefrontDefaults(seo.titleTemplate(), seo.metaDescription(), seo.socialImageUrl(),
					robots(seo.noindex()));
		});
	}

	private static String robots(boolean noindex) {
		return noindex ? "noindex, follow" : "index, follow";
	}

}
