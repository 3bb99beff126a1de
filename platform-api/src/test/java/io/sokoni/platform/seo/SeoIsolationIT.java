package io.sokoni.platform.seo;

import static io.sokoni.platform.seo.SeoFixtures.locs;
import static io.sokoni.platform.seo.SeoFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant A can neither read nor change tenant B's SEO pages and defaults through the admin API, and A's
 * host never shows B's pages, products or categories (storefront pages, sitemap, robots, JSON-LD).
 */
class SeoIsolationIT extends ApiTestBase {

	private TestTenant a;

	private TestTenant b;

	private String bPage;

	private String bSlug;

	private String bProduct;

	@BeforeEach
	void twoTenants() {
		a = fixtures().tenant();
		b = fixtures().tenant();
		SeoFixtures bSeo = new SeoFixtures(api(), b);
		bSlug = bSeo.published(p -> p.put("slug", unique("b-only")));
		bPage = api().get("/admin/v1/seo/pages").bearer(b.ownerToken()).send().json().path("items").path(0).path("id")
			.asString();
		bProduct = unique("b-product");
		new CatalogFixtures(b).product().slug(bProduct).persist();
		new CatalogFixtures(b).category("B only", unique("b-category"), null);
		assertThat(api().put("/admin/v1/stores/" + b.storeId() + "/seo")
			.bearer(b.ownerToken())
			.body(Map.of("titleTemplate", "{title} | B", "robotsPolicy", "index"))
			.send()
			.status()).isEqualTo(200);
	}

	@Test
	void foreignPagesAreNotFoundAndStayUntouched() {
		String path = "/admin/v1/seo/pages/" + bPage;
		assertNotFound(api().get(path));
		assertNotFound(api().patch(path).body(Map.of("version", 1, "title", "Taken over")));
		assertNotFound(api().post(path + "/unpublish"));
		assertNotFound(api().post(path + "/publish"));
		assertNotFound(api().delete(path));
		assertNotFound(api().post("/admin/v1/seo/pages").body(new SeoFixtures(api(), b).draft(p -> {
		})));
		Response asB = api().get(path).bearer(b.ownerToken()).send();
		assertThat(asB.status()).isEqualTo(200);
		assertThat(asB.json().path("version").asLong()).isEqualTo(1);
		assertThat(asB.json().path("published").asBoolean()).isTrue();
		assertThat(asB.json().path("title").asString()).isEqualTo("Fresh sukuma wiki in Westlands");
	}

	@Test
	void foreignStoreDefaultsAreNotFoundAndStayUntouched() {
		String path = "/admin/v1/stores/" + b.storeId() + "/seo";
		assertNotFound(api().get(path));
		assertNotFound(api().put(path).body(Map.of("robotsPolicy", "noindex")));
		Response asB = api().get(path).bearer(b.ownerToken()).send();
		assertThat(asB.json().path("robotsPolicy").asString()).isEqualTo("index");
		assertThat(asB.json().path("titleTemplate").asString()).isEqualTo("{title} | B");
		Long version = TenantSql.call(b.id(), jdbc -> jdbc.queryForObject(
				"select version from app.store_seo_settings where store_id = ?", Long.class, b.storeId()));
		assertThat(version).isZero();
	}

	@Test
	void listsNeverShowAnotherTenantsPages() {
		assertThat(asA(api().get("/admin/v1/seo/pages")).json().path("items").size()).isZero();
		assertThat(asA(api().get("/admin/v1/seo/pages?storeId=" + b.storeId())).json().path("items").size()).isZero();
		assertThat(api().get("/admin/v1/seo/pages").bearer(b.ownerToken()).send().json().path("items").size())
			.isEqualTo(1);
	}

	@Test
	void aHostNeverServesAnotherTenantsPagesProductsOrDefaults() {
		String aSlug = new SeoFixtures(api(), a).published(p -> {
		});
		String aProduct = unique("a-product");
		new CatalogFixtures(a).product().slug(aProduct).persist();

		assertThat(api().get("/storefront/v1/pages/" + bSlug).host(a.host()).send().status()).isEqualTo(404);
		assertThat(api().get("/storefront/v1/pages/" + bSlug).host(b.host()).send().status()).isEqualTo(200);
		assertThat(api().get("/storefront/v1/pages").host(a.host()).send().json().path("items")
			.findValuesAsString("slug")).containsExactly(aSlug);
		assertThat(api().get("/storefront/v1/seo").host(a.host()).send().json().path("titleTemplate").isNull())
			.isTrue();

		List<String> aSitemap = locs(api().get("/sitemap.xml").host(a.host()).send());
		assertThat(aSitemap).containsExactlyInAnyOrder("https://" + a.host() + "/products/" + aProduct,
				"https://" + a.host() + "/pages/" + aSlug);
		assertThat(String.join("\n", aSitemap)).doesNotContain(b.host()).doesNotContain(bSlug).doesNotContain(bProduct)
			.doesNotContain("categories");
		List<String> bSitemap = locs(api().get("/sitemap.xml").host(b.host()).send());
		assertThat(bSitemap).contains("https://" + b.host() + "/products/" + bProduct,
				"https://" + b.host() + "/pages/" + bSlug);
		assertThat(String.join("\n", bSitemap)).doesNotContain(a.host());
		assertThat(api().get("/robots.txt").host(a.host()).send().body()).contains(a.host())
			.doesNotContain(b.host());
		assertThat(api().get("/storefront/v1/products/" + bProduct).host(a.host()).send().status()).isEqualTo(404);
	}

	private void assertNotFound(Api.Call call) {
		Response response = asA(call);
		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.problemType()).isEqualTo("not-found");
	}

	private Response asA(Api.Call call) {
		return call.bearer(a.ownerToken()).send();
	}

}
