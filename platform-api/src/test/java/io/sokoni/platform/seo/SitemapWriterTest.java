package io.sokoni.platform.seo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.sokoni.platform.web.StorefrontUrls;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SitemapWriterTest {

	@Test
	void textIsEscapedAndTheDocumentParses() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (SitemapWriter writer = SitemapWriter.urlset(out)) {
			writer.entry("https://shop.example/search?q=a&b=<c>\"'", OffsetDateTime.of(2026, 12, 7, 6, 30, 15, 999,
					ZoneOffset.ofHours(3)));
			writer.entry("https://shop.example/x", null);
		}
		String xml = out.toString(StandardCharsets.UTF_8);
		assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
			.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")
			.contains("q=a&amp;b=&lt;c&gt;")
			.contains("<lastmod>2026-12-07T03:30:15Z</lastmod>");
		Document parsed = SeoFixtures.parse(xml);
		assertThat(parsed.getDocumentElement().getLocalName()).isEqualTo("urlset");
		assertThat(parsed.getElementsByTagNameNS(SitemapWriter.NAMESPACE, "loc").item(0).getTextContent())
			.isEqualTo("https://shop.example/search?q=a&b=<c>\"'");
		assertThat(parsed.getElementsByTagNameNS(SitemapWriter.NAMESPACE, "lastmod").getLength()).isEqualTo(1);
	}

	/** 50,000 of the longest entries possible stay under the protocol's 50 MB per file. */
	@Test
	void theLongestEntryFitsTheBoundThatKeepsAFullFileUnder50Megabytes() {
		String host = ("a".repeat(63) + ".").repeat(3) + "a".repeat(61); // 253 characters, the longest host name
		String slug = "s".repeat(150); // the longest product slug
		StorefrontUrls urls = new StorefrontUrls("https", "/products/{slug}", "/categories/{slug}", "/pages/{slug}");
		ByteArrayOutputStream empty = new ByteArrayOutputStream();
		SitemapWriter.urlset(empty).close();
		ByteArrayOutputStream one = new ByteArrayOutputStream();
		try (SitemapWriter writer = SitemapWriter.urlset(one)) {
			writer.entry(urls.product(host, slug), OffsetDateTime.now());
		}
		int entryBytes = one.size() - empty.size();
		assertThat(host).hasSize(253);
		assertThat(entryBytes).isLessThanOrEqualTo(SitemapWriter.MAX_ENTRY_BYTES);
		assertThat((long) SitemapWriter.MAX_ENTRY_BYTES * 50_000 + empty.size()).isLessThan(50L * 1024 * 1024);
	}

}
