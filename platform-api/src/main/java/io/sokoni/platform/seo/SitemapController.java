package io.sokoni.platform.seo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;

import io.sokoni.platform.Hashes;
import io.sokoni.platform.seo.SitemapService.Plan;
import io.sokoni.platform.seo.SitemapService.Section;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.StorefrontTenantFilter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * /robots.txt and /sitemap.xml of the store the Host header names (resolved like the storefront API:
 * verified custom domain or platform subdomain; unknown host 404, suspended tenant refused, store not
 * live 404). URLs are absolute, on the host asked. Sitemaps are streamed ({@link SitemapService}) and
 * carry an ETag and Last-Modified from a cheap tally (counts and latest change per section), so a
 * crawler's conditional request (If-None-Match) costs one small query and gets a 304.
 */
@RestController
@Tag(name = "Storefront")
class SitemapController {

	private static final String XML = MediaType.APPLICATION_XML_VALUE + ";charset=UTF-8";

	private final SitemapService sitemaps;

	private final CacheControl cacheControl;

	SitemapController(SitemapService sitemaps, SeoProperties properties) {
		this.sitemaps = sitemaps;
		this.cacheControl = CacheControl.maxAge(properties.sitemapMaxAge()).cachePublic();
	}

	/** The store's sitemap, or the index of its part files when it has more URLs than one file may hold. */
	@GetMapping("/sitemap.xml")
	void sitemap(HttpServletRequest request, HttpServletResponse response) throws IOException {
		UUID storeId = StorefrontTenantFilter.storeId(request);
		String host = StorefrontTenantFilter.host(request);
		Plan plan = sitemaps.plan(storeId);
		if (notModified(request, response, plan, host, "sitemap.xml")) {
			return;
		}
		response.setContentType(XML);
		if (plan.total() <= sitemaps.maxUrls()) {
			try (SitemapWriter out = SitemapWriter.urlset(response.getOutputStream())) {
				long room = sitemaps.maxUrls();
				for (Section section : Section.values()) {
					if (!plan.noindex() && plan.of(section).count() > 0 && room > 0) {
						room -= sitemaps.writeAll(storeId, host, section, room, out);
					}
				}
			}
			return;
		}
		try (SitemapWriter out = SitemapWriter.index(response.getOutputStream())) {
			sitemaps.forEachPart(plan,
					(file, lastModified) -> out.entry(sitemaps.urls().origin(host) + "/sitemaps/" + file, lastModified));
		}
	}

	/** Part {@code part} of a section of a large store's sitemap (named by the index). */
	@GetMapping("/sitemaps/{section:products|categories|pages}-{part:[1-9][0-9]{0,5}}.xml")
	void part(HttpServletRequest request, HttpServletResponse response, @PathVariable String section,
			@PathVariable int part) throws IOException {
		UUID storeId = StorefrontTenantFilter.storeId(request);
		String host = StorefrontTenantFilter.host(request);
		Section which = Section.parse(section);
		Plan plan = sitemaps.plan(storeId);
		if (part > plan.parts(which, sitemaps.maxUrls())) {
			throw ApiException.notFound("Sitemap");
		}
		if (notModified(request, response, plan, host, which.fileName(part))) {
			return;
		}
		response.setContentType(XML);
		try (SitemapWriter out = SitemapWriter.urlset(response.getOutputStream())) {
			sitemaps.writePart(storeId, host, which, part, out);
		}
	}

	/**
	 * Where crawlers may go: everywhere but the API, with the sitemap named; nowhere when the store's
	 * robots policy is noindex.
	 */
	@GetMapping("/robots.txt")
	void robots(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String host = StorefrontTenantFilter.host(request);
		String body = sitemaps.noindex(StorefrontTenantFilter.storeId(request)) ? """
				User-agent: *
				Disallow: /
				""" : """
				User-agent: *
				Disallow: /storefront/
				Allow: /

				Sitemap: %s/sitemap.xml
				""".formatted(sitemaps.urls().origin(host));
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl.getHeaderValue());
		response.setContentType(MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8");
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

	/**
	 * Sets the caching headers and answers 304 when the client's copy is current: the ETag is a digest of
	 * everything the file depends on (host, file, limits, counts and latest change per section). Only the
	 * ETag decides: Last-Modified is the latest change among the URLs still listed, so removing one
	 * (unpublished, archived, deleted) changes the file while Last-Modified stays or even goes back, and
	 * an If-Modified-Since alone would get a 304 for a stale copy. It is sent for information only.
	 */
	private boolean notModified(HttpServletRequest request, HttpServletResponse response, Plan plan, String host,
			String file) {
		String state = String.join("|", host, file, String.valueOf(sitemaps.maxUrls()), plan.toString());
		String etag = "W/\"" + HexFormat.of().formatHex(Hashes.sha256(state.getBytes(StandardCharsets.UTF_8)), 0, 16)
				+ "\"";
		response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl.getHeaderValue());
		var lastModified = plan.lastModified();
		if (lastModified != null) {
			response.setDateHeader(HttpHeaders.LAST_MODIFIED, lastModified.toInstant().toEpochMilli());
		}
		return new ServletWebRequest(request, response).checkNotModified(etag);
	}

}
