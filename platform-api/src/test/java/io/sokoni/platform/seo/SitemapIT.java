package io.sokoni.platform.seo;

import static io.sokoni.platform.seo.SeoFixtures.locs;
import static io.sokoni.platform.seo.SeoFixtures.root;
import static io.sokoni.platform.seo.SeoFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Sitemaps and robots.txt per store host. Five URLs per file here (50,000 in production), read two rows
 * at a time, so a store of a few dozen items exercises the index, the part files and the keyset chunks.
 */
@TestPropertySource(properties = { "sokoni.seo.sitemap-max-urls=5", "sokoni.seo.sitemap-chunk=2" })
class SitemapIT extends ApiTestBase {

	private static final String NS_ORIGIN = "https://";

	@Test
	void aLargeStoreGetsAnIndexWhosePartsListEveryLiveItemOnceAndNothingElse() {
		TestTenant t = fixtures().tenant();
		TestTenant other = fixtures().tenant();
		CatalogFixtures catalog = new CatalogFixtures(t);
		Set<String> expected = new HashSet<>();
		for (int i = 0; i < 12; i++) {
			String slug = unique("live");
			catalog.product().slug(slug).persist();
			expected.add(NS_ORIGIN + t.host() + "/products/" + slug);
		}
		catalog.product().slug(unique("draft")).status("draft").persist();
		catalog.product().slug(unique("archived")).status("archived").persist();
		catalog.product().slug(unique("elsewhere")).store(catalog.otherStore()).persist();
		String shoesSlug = unique("shoes");
		UUID shoes = catalog.category("Shoes", shoesSlug, null);
		String kids = unique("kids");
		catalog.category("Kids", kids, shoes);
		UUID hidden = catalog.category("Hidden", unique("hidden"), null, false);
		catalog.category("Below hidden", unique("below-hidden"), hidden);
		expected.add(NS_ORIGIN + t.host() + "/categories/" + shoesSlug);
		expected.add(NS_ORIGIN + t.host() + "/categories/" + kids);
		SeoFixtures pages = new SeoFixtures(api(), t);
		for (int i = 0; i < 2; i++) {
			String slug = pages.published(p -> {
			});
			expected.add(NS_ORIGIN + t.host() + "/pages/" + slug);
		}
		pages.published(p -> p.put("indexable", false));
		assertThat(pages.create(p -> {
		}).status()).isEqualTo(201);
		String scheduled = pages.create(p -> {
		}).json().path("id").asString();
		assertThat(api().post("/admin/v1/seo/pages/" + scheduled + "/publish")
			.bearer(t.ownerToken())
			.body(Map.of("publishAt", OffsetDateTime.now().plusDays(3).toString()))
			.send()
			.status()).isEqualTo(200);
		new CatalogFixtures(other).product().slug(unique("foreign")).persist();
		new SeoFixtures(api(), other).published(p -> {
		});

		Response index = api().get("/sitemap.xml").host(t.host()).send();
		assertThat(root(index)).isEqualTo("sitemapindex");
		// 12 products, 2 categories, 2 pages at 5 per file: products 1-3, categories 1, pages 1
		assertThat(locs(index)).containsExactly(NS_ORIGIN + t.host() + "/sitemaps/products-1.xml",
				NS_ORIGIN + t.host() + "/sitemaps/products-2.xml", NS_ORIGIN + t.host() + "/sitemaps/products-3.xml",
				NS_ORIGIN + t.host() + "/sitemaps/categories-1.xml", NS_ORIGIN + t.host() + "/sitemaps/pages-1.xml");
		List<String> listed = new ArrayList<>();
		for (String part : locs(index)) {
			Response file = api().get(part.substring((NS_ORIGIN + t.host()).length())).host(t.host()).send();
			assertThat(root(file)).isEqualTo("urlset");
			assertThat(locs(file)).hasSizeBetween(1, 5);
			assertThat(file.body()).contains("<lastmod>");
			listed.addAll(locs(file));
		}
		assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
		assertThat(api().get("/sitemaps/products-4.xml").host(t.host()).send().status()).isEqualTo(404);
		assertThat(api().get("/sitemaps/orders-1.xml").host(t.host()).send().status()).isEqualTo(404);
		assertThat(api().get("/sitemaps/products-0.xml").host(t.host()).send().status()).isEqualTo(404);
	}

	@Test
	void aSmallStoreGetsOneUrlsetOnTheHostAskedWithW3cDates() {
		TestTenant t = fixtures().tenant();
		String slug = unique("only");
		new CatalogFixtures(t).product().slug(slug).persist();
		String custom = "shop." + t.slug() + ".example.org";
		TenantSql.run(t.id(), jdbc -> jdbc.update("""
				insert into app.store_domains (id, tenant_id, store_id, host, kind, verification_status,
				    verification_token, verified_at)
				values (?, ?, ?, ?, 'custom', 'verified', 'x', now())""", UUID.randomUUID(), t.id(), t.storeId(), custom));

		Response platform = api().get("/sitemap.xml").host(t.host()).send();
		assertThat(root(platform)).isEqualTo("urlset");
		assertThat(locs(platform)).containsExactly(NS_ORIGIN + t.host() + "/products/" + slug);
		assertThat(platform.body()).containsPattern("<lastmod>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ</lastmod>");
		Response onCustom = api().get("/sitemap.xml").host(custom.toUpperCase() + ":443").send();
		assertThat(locs(onCustom)).containsExactly(NS_ORIGIN + custom + "/products/" + slug);
		Response robots = api().get("/robots.txt").host(custom).send();
		assertThat(robots.status()).isEqualTo(200);
		assertThat(robots.header("Content-Type")).startsWith("text/plain");
		assertThat(robots.body()).contains("Sitemap: https://" + custom + "/sitemap.xml").contains("Allow: /")
			.doesNotContain("Disallow: /\n");
	}

	@Test
	void conditionalRequestsGet304UntilTheCatalogChanges() {
		TestTenant t = fixtures().tenant();
		CatalogFixtures catalog = new CatalogFixtures(t);
		catalog.product().persist();
		Response first = api().get("/sitemap.xml").host(t.host()).send();
		String etag = first.header("ETag");
		assertThat(etag).isNotBlank();
		assertThat(first.header("Cache-Control")).contains("max-age=900").contains("public");
		assertThat(first.header("Last-Modified")).isNotBlank();

		Response again = api().get("/sitemap.xml").host(t.host()).header("If-None-Match", etag).send();
		assertThat(again.status()).isEqualTo(304);
		assertThat(again.body()).isEmpty();

		catalog.product().persist();
		Response changed = api().get("/sitemap.xml").host(t.host()).header("If-None-Match", etag).send();
		assertThat(changed.status()).isEqualTo(200);
		assertThat(locs(changed)).hasSize(2);
		assertThat(changed.header("ETag")).isNotEqualTo(etag);
	}

	@Test
	void removingTheNewestUrlIsNotAnswered304ToIfModifiedSince() {
		TestTenant t = fixtures().tenant();
		SeoFixtures seo = new SeoFixtures(api(), t);
		String older = seo.published(p -> {
		});
		String newer = seo.published(p -> {
		});
		Response first = api().get("/sitemap.xml").host(t.host()).send();
		assertThat(locs(first)).hasSize(2);
		String lastModified = first.header("Last-Modified");
		assertThat(lastModified).isNotBlank();
		for (JsonNode page : api().get("/admin/v1/seo/pages").bearer(t.ownerToken()).send().json().path("items")) {
			if (page.path("slug").asString().equals(newer)) {
				assertThat(api().post("/admin/v1/seo/pages/" + page.path("id").asString() + "/unpublish")
					.bearer(t.ownerToken())
					.send()
					.status()).isEqualTo(200);
			}
		}
		// Last-Modified is now the older page's: earlier than the copy the client holds.
		Response again = api().get("/sitemap.xml").host(t.host()).header("If-Modified-Since", lastModified).send();
		assertThat(again.status()).as(again.toString()).isEqualTo(200);
		assertThat(locs(again)).containsExactly(NS_ORIGIN + t.host() + "/pages/" + older);
		Response unchanged = api().get("/sitemap.xml").host(t.host()).header("If-None-Match", again.header("ETag")).send();
		assertThat(unchanged.status()).isEqualTo(304);
	}

	@Test
	void noindexStoreDisallowsEverythingAndListsNothing() {
		TestTenant t = fixtures().tenant();
		new CatalogFixtures(t).product().persist();
		new SeoFixtures(api(), t).published(p -> {
		});
		Response put = api().put("/admin/v1/stores/" + t.storeId() + "/seo")
			.bearer(t.ownerToken())
			.body(Map.of("robotsPolicy", "noindex"))
			.send();
		assertThat(put.status()).as(put.toString()).isEqualTo(200);

		Response robots = api().get("/robots.txt").host(t.host()).send();
		assertThat(robots.body()).isEqualTo("User-agent: *\nDisallow: /\n");
		Response sitemap = api().get("/sitemap.xml").host(t.host()).send();
		assertThat(root(sitemap)).isEqualTo("urlset");
		assertThat(locs(sitemap)).isEmpty();
		assertThat(api().get("/sitemaps/products-1.xml").host(t.host()).send().status()).isEqualTo(404);
	}

	@Test
	void unknownHostsSuspendedTenantsAndStoresNotLiveAreAnsweredLikeTheStorefront() {
		for (String path : List.of("/sitemap.xml", "/robots.txt", "/sitemaps/products-1.xml")) {
			Response unknown = api().get(path).host("nobody-" + UUID.randomUUID() + ".example.org").send();
			assertThat(unknown.status()).as(path).isEqualTo(404);
			assertThat(unknown.problemType()).isEqualTo("unknown-host");
		}

		TestTenant hidden = fixtures().tenant();
		new CatalogFixtures(hidden).product().persist();
		Response update = api().patch("/admin/v1/stores/" + hidden.storeId())
			.bearer(hidden.ownerToken())
			.body(Map.of("version", 0, "live", false))
			.send();
		assertThat(update.status()).as(update.toString()).isEqualTo(200);
		// the storefront remembers whether a store is live for a few seconds: wait until it has noticed
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.until(() -> api().get("/storefront/v1/products").host(hidden.host()).send().status() == 404);
		for (String path : List.of("/sitemap.xml", "/robots.txt", "/sitemaps/products-1.xml")) {
			Response response = api().get(path).host(hidden.host()).send();
			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(response.problemType()).isEqualTo("not-found");
		}

		TestTenant suspended = fixtures().tenant();
		assertThat(api().post("/platform/v1/tenants/" + suspended.id() + "/suspend").operator().send().status())
			.isEqualTo(200);
		for (String path : List.of("/sitemap.xml", "/robots.txt")) {
			Response response = api().get(path).host(suspended.host()).send();
			assertThat(response.status()).as(path).isEqualTo(403);
			assertThat(response.problemType()).isEqualTo("tenant-suspended");
		}
	}

}
