package io.sokoni.platform.seo;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * SEO settings.
 *
 * @param sitemapMaxUrls URLs per sitemap file; the sitemaps protocol allows 50,000 at most (and 50 MB,
 * which 50,000 of our entries cannot reach: see {@link SitemapWriter#MAX_ENTRY_BYTES}). Beyond it,
 * /sitemap.xml becomes an index of numbered part files. Smaller only for tests.
 * @param sitemapChunk rows read from the database per short transaction while a sitemap is written
 * @param sitemapMaxAge how long clients and caches may keep a sitemap or robots.txt
 */
@ConfigurationProperties("sokoni.seo")
@Validated
public record SeoProperties(@DefaultValue("50000") @Min(1) @Max(50_000) int sitemapMaxUrls,
		@DefaultValue("1000") @Min(1) @Max(10_000) int sitemapChunk, @DefaultValue("15m") Duration sitemapMaxAge) {
}
