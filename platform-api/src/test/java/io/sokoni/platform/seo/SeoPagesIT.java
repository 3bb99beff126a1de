package io.sokoni.platform.seo;

import static io.sokoni.platform.seo.SeoFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** SEO pages and SEO defaults through the admin API, and as the storefront serves them. */
class SeoPagesIT extends ApiTestBase {

	@Test
	void aPageIsCreatedEditedPublishedUnpublishedAndDeletedWithAnAuditTrail() {
		TestTenant t = fixtures().tenant();
		SeoFixtures seo = new SeoFixtures(api(), t);
		String slug = unique("westlands");
		Response created = seo.create(p -> {
			p.put("kind", "area_landing");
			p.put("slug", slug);
			p.put("structuredData", "{\"@context\": \"https://schema.org\", \"@type\": \"LocalBusiness\"}");
		});
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode page = created.json();
		String id = page.path("id").asString();
		assertThat(created.header("Location")).isEqualTo("/admin/v1/seo/pages/" + id);
		assertThat(page.path("kind").asString()).isEqualTo("area_landing");
		assertThat(page.path("published").asBoolean()).isFalse();
		assertThat(page.path("indexable").asBoolean()).isTrue();
		assertThat(page.path("structuredData").path("@type").asString()).isEqualTo("LocalBusiness");
		assertThat(storefrontPage(t, slug).status()).as("a draft is not served").isEqualTo(404);

		Response edited = api().patch("/admin/v1/seo/pages/" + id)
			.bearer(t.ownerToken())
			.body(Map.of("version", 0, "title", "Groceries delivered in Westlands", "clear", List.of("metaDescription")))
			.send();
		assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
		assertThat(edited.json().path("title").asString()).isEqualTo("Groceries delivered in Westlands");
		assertThat(edited.json().path("metaDescription").isNull()).isTrue();
		assertThat(edited.json().path("structuredData").path("@type").asString()).isEqualTo("LocalBusiness");
		assertThat(edited.json().path("version").asLong()).isEqualTo(1);
		Response stale = api().patch("/admin/v1/seo/pages/" + id)
			.bearer(t.ownerToken())
			.body(Map.of("version", 0, "title", "Lost update"))
			.send();
		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.problemType()).isEqualTo("stale-version");

		Response published = api().post("/admin/v1/seo/pages/" + id + "/publish").bearer(t.ownerToken()).send();
		assertThat(published.status()).as(published.toString()).isEqualTo(200);
		assertThat(published.json().path("published").asBoolean()).isTrue();
		Response served = storefrontPage(t, slug);
		assertThat(served.status()).as(served.toString()).isEqualTo(200);
		assertThat(served.json().path("title").asString()).isEqualTo("Groceries delivered in Westlands");
		assertThat(served.json().path("canonicalUrl").asString()).isEqualTo("https://" + t.host() + "/pages/" + slug);
		assertThat(served.json().path("robots").asString()).isEqualTo("index, follow");
		assertThat(served.json().path("structuredData").path("@type").asString()).isEqualTo("LocalBusiness");
		assertThat(api().get("/storefront/v1/pages").host(t.host()).send().json().path("items").findValuesAsString("slug"))
			.containsExactly(slug);

		assertThat(api().post("/admin/v1/seo/pages/" + id + "/unpublish").bearer(t.ownerToken()).send().status())
			.isEqualTo(200);
		assertThat(storefrontPage(t, slug).status()).isEqualTo(404);
		assertThat(api().get("/storefront/v1/pages").host(t.host()).send().json().path("items").size()).isZero();

		assertThat(api().delete("/admin/v1/seo/pages/" + id).bearer(t.ownerToken()).send().status()).isEqualTo(204);
		assertThat(api().get("/admin/v1/seo/pages/" + id).bearer(t.ownerToken()).send().status()).isEqualTo(404);
		assertThat(audits(t, id)).containsExactly("seo_page.created", "seo_page.updated", "seo_page.published",
				"seo_page.unpublished", "seo_page.deleted");
	}

	@Test
	void aPageScheduledForLaterIsNotServedYet() {
		TestTenant t = fixtures().tenant();
		SeoFixtures seo = new SeoFixtures(api(), t);
		Response created = seo.create(p -> {
		});
		String id = created.json().path("id").asString();
		Response scheduled = api().post("/admin/v1/seo/pages/" + id + "/publish")
			.bearer(t.ownerToken())
			.body(Map.of("publishAt", OffsetDateTime.now().plusHours(2).toString()))
			.send();
		assertThat(scheduled.status()).as(scheduled.toString()).isEqualTo(200);
		assertThat(scheduled.json().path("published").asBoolean()).isFalse();
		assertThat(storefrontPage(t, created.json().path("slug").asString()).status()).isEqualTo(404);
		assertThat(api().get("/admin/v1/seo/pages?published=false").bearer(t.ownerToken()).send().json()
			.path("items").findValuesAsString("id")).containsExactly(id);
		assertThat(api().get("/admin/v1/seo/pages?published=true").bearer(t.ownerToken()).send().json()
			.path("items").size()).isZero();
	}

	@Test
	void aPublishDateOutsideTheSupportedYearsIsRefused() {
		TestTenant t = fixtures().tenant();
		String id = new SeoFixtures(api(), t).create(p -> {
		}).json().path("id").asString();
		for (String at : List.of("+300000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
				"-000001-01-01T00:00:00Z")) {
			Response r = api().post("/admin/v1/seo/pages/" + id + "/publish")
				.bearer(t.ownerToken())
				.body(Map.of("publishAt", at))
				.send();
			assertThat(r.status()).as(at + " " + r).isEqualTo(400);
			assertThat(r.json().path("errors").path(0).path("field").asString()).isEqualTo("publishAt");
		}
		JsonNode page = api().get("/admin/v1/seo/pages/" + id).bearer(t.ownerToken()).send().json();
		assertThat(page.path("published").asBoolean()).isFalse();
		Response latest = api().post("/admin/v1/seo/pages/" + id + "/publish")
			.bearer(t.ownerToken())
			.body(Map.of("publishAt", "9999-12-31T23:59:59Z"))
			.send();
		assertThat(latest.status()).as(latest.toString()).isEqualTo(200);
		assertThat(latest.json().path("publishedAt").asString()).startsWith("9999-12-31T23:59:59");
	}

	@Test
	void storeDefaultsApplyToPagesWithoutTheirOwn() {
		TestTenant t = fixtures().tenant();
		Response defaults = api().get("/admin/v1/stores/" + t.storeId() + "/seo").bearer(t.ownerToken()).send();
		assertThat(defaults.status()).as(defaults.toString()).isEqualTo(200);
		assertThat(defaults.json().path("robotsPolicy").asString()).isEqualTo("index");
		Response put = api().put("/admin/v1/stores/" + t.storeId() + "/seo")
			.bearer(t.ownerToken())
			.body(Map.of("titleTemplate", "{title} | Mama Mboga", "metaDescription", "Fresh food, fast",
					"socialImageUrl", "https://img.example/og.png", "robotsPolicy", "index"))
			.send();
		assertThat(put.status()).as(put.toString()).isEqualTo(200);
		assertThat(put.json().path("titleTemplate").asString()).isEqualTo("{title} | Mama Mboga");

		String bare = new SeoFixtures(api(), t).published(p -> p.remove("metaDescription"));
		JsonNode page = storefrontPage(t, bare).json();
		assertThat(page.path("metaTitle").asString()).isEqualTo("Fresh sukuma wiki in Westlands | Mama Mboga");
		assertThat(page.path("metaDescription").asString()).isEqualTo("Fresh food, fast");
		assertThat(page.path("socialImageUrl").asString()).isEqualTo("https://img.example/og.png");
		String hidden = new SeoFixtures(api(), t).published(p -> p.put("indexable", false));
		assertThat(storefrontPage(t, hidden).json().path("robots").asString()).isEqualTo("noindex, follow");
		JsonNode storeDefaults = api().get("/storefront/v1/seo").host(t.host()).send().json();
		assertThat(storeDefaults.path("titleTemplate").asString()).isEqualTo("{title} | Mama Mboga");
		assertThat(storeDefaults.path("robots").asString()).isEqualTo("index, follow");
		assertThat(audits(t, t.storeId().toString())).contains("seo_settings.updated");
	}

	@Test
	void badPagesAreRefusedWithAProblemAndChangeNothing() {
		TestTenant t = fixtures().tenant();
		SeoFixtures seo = new SeoFixtures(api(), t);
		String taken = seo.published(p -> {
		});
		List<Consumer<Map<String, Object>>> bad = List.of(p -> p.put("slug", "Not A Slug"),
				p -> p.put("slug", "-leading"), p -> p.put("slug", "a".repeat(101)), p -> p.put("slug", "trailing-"),
				p -> p.put("kind", "product_page"), p -> p.remove("kind"), p -> p.put("title", ""),
				p -> p.put("title", "t".repeat(201)), p -> p.put("metaDescription", "d".repeat(321)),
				p -> p.put("body", "b".repeat(50_001)), p -> p.put("structuredData", "{not json"),
				p -> p.put("structuredData", "\"just a string\""), p -> p.put("structuredData", 42),
				p -> p.put("structuredData", List.of(1, 2)), p -> p.put("structuredData", List.of()),
				p -> p.put("structuredData", Map.of("big", "x".repeat(33_000))), p -> p.remove("storeId"));
		for (Consumer<Map<String, Object>> change : bad) {
			Map<String, Object> body = seo.draft(change);
			Response response = api().post("/admin/v1/seo/pages").bearer(t.ownerToken()).body(body).send();
			assertThat(response.status()).as(body + " -> " + response).isEqualTo(400);
			assertThat(response.problemType()).as(response.toString()).isEqualTo("validation-failed");
		}
		Response malformed = api().post("/admin/v1/seo/pages").bearer(t.ownerToken()).raw("{\"kind\": ").send();
		assertThat(malformed.status()).isEqualTo(400);
		Response duplicate = seo.create(p -> p.put("slug", taken));
		assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
		assertThat(duplicate.problemType()).isEqualTo("duplicate");

		String id = seo.create(p -> {
		}).json().path("id").asString();
		Response badEdit = api().patch("/admin/v1/seo/pages/" + id)
			.bearer(t.ownerToken())
			.body(Map.of("version", 0, "title", "Changed", "structuredData", "[1, 2]"))
			.send();
		assertThat(badEdit.status()).as(badEdit.toString()).isEqualTo(400);
		assertThat(badEdit.json().path("errors").path(0).path("field").asString()).isEqualTo("structuredData");
		Response kept = api().get("/admin/v1/seo/pages/" + id).bearer(t.ownerToken()).send();
		assertThat(kept.json().path("title").asString()).isEqualTo("Fresh sukuma wiki in Westlands");
		assertThat(kept.json().path("version").asLong()).isZero();

		for (Map<String, Object> settings : List.<Map<String, Object>>of(Map.of("robotsPolicy", "follow"),
				Map.of("robotsPolicy", "index", "titleTemplate", "No placeholder"),
				Map.of("robotsPolicy", "index", "socialImageUrl", "javascript:alert(1)"), Map.of())) {
			Response response = api().put("/admin/v1/stores/" + t.storeId() + "/seo")
				.bearer(t.ownerToken())
				.body(settings)
				.send();
			assertThat(response.status()).as(settings + " -> " + response).isEqualTo(400);
		}
		assertThat(api().get("/admin/v1/stores/" + t.storeId() + "/seo").bearer(t.ownerToken()).send().json()
			.path("version").asLong()).isZero();
		assertThat(api().get("/admin/v1/seo/pages").bearer(t.ownerToken()).send().json().path("items").size())
			.isEqualTo(2);
		for (String slug : List.of("Bad%20Slug", "x".repeat(101))) {
			assertThat(api().get("/storefront/v1/pages/" + slug).host(t.host()).send().status()).isEqualTo(400);
		}
	}

	@Test
	void structuredDataWithALoneSurrogateIsRefused() {
		TestTenant t = fixtures().tenant();
		SeoFixtures seo = new SeoFixtures(api(), t);
		String body = Api.json(seo.draft(p -> p.put("structuredData", Map.of("@type", "Article", "name", "NAME"))));
		Response inTheBody = api().post("/admin/v1/seo/pages").bearer(t.ownerToken())
			.raw(body.replace("NAME", "x\\udc00"))
			.send();
		assertThat(inTheBody.status()).as(inTheBody.toString()).isEqualTo(400);
		assertThat(inTheBody.problemType()).isEqualTo("malformed-request");
		assertThat(inTheBody.json().path("errors").path(0).path("field").asString()).isEqualTo("structuredData.name");
		Response inAString = seo.create(p -> p.put("structuredData", "{\"@type\": \"Article\", \"name\": \"x\\udc00\"}"));
		assertThat(inAString.status()).as(inAString.toString()).isEqualTo(400);
		assertThat(inAString.json().path("errors").path(0).path("field").asString()).isEqualTo("structuredData");
		assertThat(api().get("/admin/v1/seo/pages").bearer(t.ownerToken()).send().json().path("items").size()).isZero();
	}

	@Test
	void viewersReadButOnlyStaffAndOwnersWrite() {
		TestTenant t = fixtures().tenant();
		SeoFixtures seo = new SeoFixtures(api(), t);
		String id = seo.create(p -> {
		}).json().path("id").asString();
		String viewer = fixtures().staffMember(t, "viewer");
		String staff = fixtures().staffMember(t, "staff");

		assertThat(api().get("/admin/v1/seo/pages/" + id).bearer(viewer).send().status()).isEqualTo(200);
		assertThat(api().get("/admin/v1/seo/pages").bearer(viewer).send().status()).isEqualTo(200);
		assertThat(api().get("/admin/v1/stores/" + t.storeId() + "/seo").bearer(viewer).send().status()).isEqualTo(200);
		for (Response refused : List.of(
				api().post("/admin/v1/seo/pages").bearer(viewer).body(seo.draft(p -> {
				})).send(),
				api().patch("/admin/v1/seo/pages/" + id).bearer(viewer).body(Map.of("version", 0, "title", "x")).send(),
				api().post("/admin/v1/seo/pages/" + id + "/publish").bearer(viewer).send(),
				api().post("/admin/v1/seo/pages/" + id + "/unpublish").bearer(viewer).send(),
				api().delete("/admin/v1/seo/pages/" + id).bearer(viewer).send(),
				api().put("/admin/v1/stores/" + t.storeId() + "/seo").bearer(viewer)
					.body(Map.of("robotsPolicy", "noindex")).send())) {
			assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
		}
		assertThat(api().get("/admin/v1/seo/pages").send().status()).isEqualTo(401);
		assertThat(api().post("/admin/v1/seo/pages/" + id + "/publish").bearer(staff).send().status()).isEqualTo(200);
		assertThat(api().get("/admin/v1/seo/pages/" + id).bearer(t.ownerToken()).send().json().path("version")
			.asLong()).as("the viewer changed nothing").isEqualTo(1);
	}

	private Response storefrontPage(TestTenant t, String slug) {
		return api().get("/storefront/v1/pages/" + slug).host(t.host()).send();
	}

	private static List<String> audits(TestTenant t, String targetId) {
		return TenantSql.call(t.id(), jdbc -> jdbc.queryForList(
				"select action from app.audit_log where target_id = ? order by created_at, id", String.class, targetId));
	}

}
