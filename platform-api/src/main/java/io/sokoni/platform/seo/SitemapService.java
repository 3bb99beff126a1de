package io.sokoni.platform.seo;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import io.sokoni.platform.catalog.CatalogSitemapService;
import io.sokoni.platform.catalog.CatalogSitemapService.Link;
import io.sokoni.platform.catalog.CatalogSitemapService.Tally;
import io.sokoni.platform.catalog.StorefrontCatalogService;
import io.sokoni.platform.web.StorefrontUrls;
import org.springframework.stereotype.Service;

/**
 * What a store's sitemap lists and in which files. Live products, shown categories and published
 * indexable pages, each with its last change; nothing when the store's robots policy is noindex. When
 * they all fit in one file ({@link SeoProperties#sitemapMaxUrls}), /sitemap.xml lists them; otherwise it
 * is an index of part files per section ({@code /sitemaps/products-1.xml}, …), each listing at most that
 * many, in id order. Entries are read a chunk at a time, each chunk in a short read-only transaction of
 * its own, and written out before the next is read: memory stays bounded whatever the store's size, and
 * no connection is held while a slow client reads.
 */
@Service
class SitemapService {

	/** The sections of a sitemap, each with its own numbered part files. */
	enum Section {

		PRODUCTS, CATEGORIES, PAGES;

		String fileName(int part) {
			return name().toLowerCase(Locale.ROOT) + "-" + part + ".xml";
		}

		static Section parse(String name) {
			return valueOf(name.toUpperCase(Locale.ROOT));
		}

	}

	/** How much each section lists and whether the store asks not to be indexed at all. */
	record Plan(boolean noindex, Tally products, Tally categories, Tally pages) {

		Tally of(Section section) {
			return switch (section) {
				case PRODUCTS -> products;
				case CATEGORIES -> categories;
				case PAGES -> pages;
			};
		}

		long total() {
			return noindex ? 0 : products.count() + categories.count() + pages.count();
		}

		/** The latest change of anything listed (null when nothing is). */
		OffsetDateTime lastModified() {
			return noindex ? null : Stream.of(products, categories, pages)
				.map(Tally::lastModified)
				.filter(t -> t != null)
				.max(OffsetDateTime::compareTo)
				.orElse(null);
		}

		/** How many part files a section has at {@code maxUrls} per file. */
		int parts(Section section, int maxUrls) {
			return noindex ? 0 : (int) ((of(section).count() + maxUrls - 1) / maxUrls);
		}

	}

	private final StorefrontCatalogService storefront;

	private final CatalogSitemapService catalog;

	private final SeoPageRepository pages;

	private final SeoSettingsService settings;

	private final StorefrontUrls urls;

	private final SeoProperties properties;

	SitemapService(StorefrontCatalogService storefront, CatalogSitemapService catalog, SeoPageRepository pages,
			SeoSettingsService settings, StorefrontUrls urls, SeoProperties properties) {
		this.storefront = storefront;
		this.catalog = catalog;
		this.pages = pages;
		this.settings = settings;
		this.urls = urls;
		this.properties = properties;
	}

	/** The store's plan, in one read-only transaction; 404 when the store is not live. */
	Plan plan(UUID storeId) {
		return storefront.read(storeId, () -> {
			SeoSettings seo = settings.of(storeId);
			return new Plan(seo.noindex(), catalog.productTally(storeId), catalog.categoryTally(),
					pages.sitemapTally(storeId));
		});
	}

	/** Whether the store asks search engines to keep out (robots.txt); 404 when the store is not live. */
	boolean noindex(UUID storeId) {
		return storefront.read(storeId, () -> settings.of(storeId).noindex());
	}

	/**
	 * Writes the entries of a section for a single-file sitemap, at most {@code budget} (what the file has
	 * room for: items added since the plan was made must not push it past the limit); how many it wrote.
	 */
	long writeAll(UUID storeId, String host, Section section, long budget, SitemapWriter out) {
		return write(storeId, host, section, 0, budget, out);
	}

	/** Writes part {@code part} (from 1) of a section: at most {@link SeoProperties#sitemapMaxUrls} entries. */
	void writePart(UUID storeId, String host, Section section, int part, SitemapWriter out) {
		int max = properties.sitemapMaxUrls();
		write(storeId, host, section, (long) (part - 1) * max, max, out);
	}

	/**
	 * Writes up to {@code count} entries of a section after skipping {@code offset}: the first chunk skips
	 * (an index range scan), later ones continue after the last id written (keyset).
	 */
	private long write(UUID storeId, String host, Section section, long offset, long count, SitemapWriter out) {
		UUID after = null;
		long written = 0;
		while (written < count) {
			int limit = (int) Math.min(properties.sitemapChunk(), count - written);
			long skip = after == null ? offset : 0;
			UUID from = after;
			List<Link> chunk = storefront.read(storeId, () -> chunk(storeId, section, from, skip, limit));
			chunk.forEach(e -> out.entry(url(section, host, e.slug()), e.updatedAt()));
			written += chunk.size();
			if (chunk.size() < limit) {
				return written;
			}
			after = chunk.get(chunk.size() - 1).id();
		}
		return written;
	}

	private List<Link> chunk(UUID storeId, Section section, UUID after, long offset, int limit) {
		return switch (section) {
			case PRODUCTS -> catalog.products(storeId, after, offset, limit);
			case CATEGORIES -> catalog.categories(after, offset, limit);
			case PAGES -> pages.sitemapPages(storeId, after, offset, limit);
		};
	}

	String url(Section section, String host, String slug) {
		return switch (section) {
			case PRODUCTS -> urls.product(host, slug);
			case CATEGORIES -> urls.category(host, slug);
			case PAGES -> urls.page(host, slug);
		};
	}

	/** Calls {@code each} with every part file's name and its section's last change, for the index. */
	void forEachPart(Plan plan, BiConsumer<String, OffsetDateTime> each) {
		for (Section section : Section.values()) {
			for (int part = 1; part <= plan.parts(section, properties.sitemapMaxUrls()); part++) {
				each.accept(section.fileName(part), plan.of(section).lastModified());
			}
		}
	}

	int maxUrls() {
		return properties.sitemapMaxUrls();
	}

	StorefrontUrls urls() {
		return urls;
	}

}
