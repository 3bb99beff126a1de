package io.sokoni.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.db.ScratchDatabase;
import io.sokoni.platform.catalog.StorefrontCatalogService.ProductDetail;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.support.TestDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StorefrontCatalogIT extends ApiTestBase {

	@Test
	void listsOnlyActiveProductsOfTheHostsStore() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		CatalogFixtures catalogA = new CatalogFixtures(a);
		CatalogFixtures.Product active = catalogA.product().name("Active");
		active.persist();
		catalogA.product().name("Draft").status("draft").persist();
		catalogA.product().name("Archived").status("archived").persist();
		catalogA.product().name("Elsewhere").store(catalogA.otherStore()).persist();
		new CatalogFixtures(b).product().name("Foreign").persist();

		Response list = products(a, "");
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		assertThat(names(list)).containsExactly("Active");
		assertThat(list.json().path("total").asLong()).isEqualTo(1);
		assertThat(list.json().path("items").path(0).path("slug").asString()).isEqualTo(active.slug());
		assertThat(names(products(b, ""))).containsExactly("Foreign");
	}

	@Test
	void filtersByCategoryIncludingDescendants() {
		TestTenant t = fixtures().tenant();
		CatalogFixtures catalog = new CatalogFixtures(t);
		UUID clothing = catalog.category("Clothing", "clothing", null);
		UUID shoes = catalog.category("Shoes", "shoes", clothing);
		UUID sneakers = catalog.category("Sneakers", "sneakers", shoes);
		UUID food = catalog.category("Food", "food", null);
		UUID hidden = catalog.category("Hidden", "hidden", null, false);
		UUID belowHidden = catalog.category("Below hidden", "below-hidden", hidden);
		catalog.product().name("Sneaker").category(sneakers).persist();
		catalog.product().name("Boot").category(shoes).persist();
		catalog.product().name("Shirt").category(clothing).persist();
		catalog.product().name("Bread").category(food).persist();
		catalog.product().name("Uncategorised").persist();

		assertThat(names(products(t, "categorySlug=clothing&sort=name"))).containsExactly("Boot", "Shirt", "Sneaker");
		assertThat(names(products(t, "categoryId=" + shoes + "&sort=name"))).containsExactly("Boot", "Sneaker");
		assertThat(names(products(t, "categorySlug=sneakers"))).containsExactly("Sneaker");
		assertThat(names(products(t, "categoryId=" + food))).containsExactly("Bread");
		assertThat(products(t, "").json().path("total").asLong()).isEqualTo(5);

		for (String query : List.of("categorySlug=nothing-here", "categoryId=" + UUID.randomUUID(),
				"categoryId=" + hidden, "categoryId=" + belowHidden)) {
			Response missing = products(t, query);
			assertThat(missing.status()).as(query).isEqualTo(404);
			assertThat(missing.problemType()).isEqualTo("not-found");
		}
	}

	@Test
	void filtersByPriceAndAvailability() {
		TestTenant t = fixtures().tenant();
		CatalogFixtures catalog = new CatalogFixtures(t);
		catalog.product().name("Cheap").variant(500, 3).persist();
		catalog.product().name("Middle").variant(1500, 3).persist();
		catalog.product().name("Dear").variant(2500, 3).persist();
		catalog.product().name("Lowest variant counts").variant(3000, 1).variant(700, 1).persist();
		catalog.product().name("All reserved").variant(1000, 4, 4, true).persist();
		catalog.product().name("Only inactive in stock").variant(1000, 0).variant(900, 9, 0, false).persist();
		CatalogFixtures.Product closed = catalog.product().name("Stock at closed location").variant(1000, 0);
		closed.persist();
		catalog.stock(closed.variantIds.get(0), catalog.location("closed", "inactive"), 10, 0);

		List<String> between = names(products(t, "minPrice=700&maxPrice=1500&sort=price_asc"));
		assertThat(between).first().isEqualTo("Lowest variant counts");
		assertThat(between).last().isEqualTo("Middle");
		assertThat(between).containsExactlyInAnyOrder("Lowest variant counts", "Only inactive in stock",
				"All reserved", "Stock at closed location", "Middle");
		assertThat(find(products(t, ""), "Only inactive in stock").path("priceCents").asLong())
			.as("an inactive variant's price does not count").isEqualTo(1000);
		assertThat(names(products(t, "inStock=true&sort=price_asc")))
			.containsExactly("Cheap", "Lowest variant counts", "Middle", "Dear");
		assertThat(names(products(t, "inStock=true&minPrice=501&maxPrice=2499&sort=price_asc")))
			.containsExactly("Lowest variant counts", "Middle");
		JsonNode lowest = find(products(t, "sort=price_asc"), "Lowest variant counts");
		assertThat(lowest.path("priceCents").asLong()).isEqualTo(700);
		assertThat(lowest.path("inStock").asBoolean()).isTrue();
		assertThat(find(products(t, ""), "All reserved").path("inStock").asBoolean()).isFalse();
	}

	@Test
	void sortsAndPages() {
		TestTenant t = fixtures().tenant();
		CatalogFixtures catalog = new CatalogFixtures(t);
		OffsetDateTime start = OffsetDateTime.now().minusDays(10);
		String[] names = { "Delta", "alpha", "Charlie", "Bravo", "Echo" };
		long[] prices = { 400, 100, 500, 300, 200 };
		for (int i = 0; i < names.length; i++) {
			catalog.product().name(names[i]).variant(prices[i], 1).createdAt(start.plusDays(i)).persist();
		}

		assertThat(names(products(t, "sort=newest"))).containsExactly("Echo", "Bravo", "Charlie", "alpha", "Delta");
		assertThat(names(products(t, ""))).as("newest first by default")
			.containsExactly("Echo", "Bravo", "Charlie", "alpha", "Delta");
		assertThat(names(products(t, "sort=price_asc"))).containsExactly("alpha", "Echo", "Bravo", "Delta", "Charlie");
		assertThat(names(products(t, "sort=price_desc"))).containsExactly("Charlie", "Delta", "Bravo", "Echo", "alpha");
		List<String> byName = names(products(t, "sort=name"));
		assertThat(byName).hasSize(5).containsExactlyInAnyOrder(names);

		List<String> paged = new ArrayList<>();
		for (int page = 1; page <= 3; page++) {
			Response response = products(t, "sort=price_asc&size=2&page=" + page);
			assertThat(response.json().path("page").asInt()).isEqualTo(page);
			assertThat(response.json().path("size").asInt()).isEqualTo(2);
			assertThat(response.json().path("total").asLong()).isEqualTo(5);
			paged.addAll(names(response));
		}
		assertThat(paged).containsExactly("alpha", "Echo", "Bravo", "Delta", "Charlie");
		Response beyond = products(t, "sort=price_asc&size=2&page=4");
		assertThat(names(beyond)).isEmpty();
		assertThat(beyond.json().path("total").asLong()).isEqualTo(5);
		assertThat(products(t, "size=100").status()).isEqualTo(200);
	}

	@Test
	void malformedFiltersAndOversizePagesAre400() {
		TestTenant t = fixtures().tenant();
		for (String query : List.of("size=101", "size=0", "page=0", "page=abc", "minPrice=-1", "minPrice=ten",
				"maxPrice=1.5", "minPrice=500&maxPrice=100", "sort=cheapest", "inStock=maybe", "categoryId=shoes",
				"categorySlug=Not%20A%20Slug", "categoryId=" + UUID.randomUUID() + "&categorySlug=shoes")) {
			Response response = products(t, query);
			assertThat(response.status()).as(query + " -> " + response).isEqualTo(400);
			assertThat(response.problemType()).as(query).isEqualTo("validation-failed");
			assertThat(response.json().path("errors").isArray()).as(query).isTrue();
		}
	}

	@Test
	void productPageShowsActiveVariantsWithPriceAvailabilityAndImages() {
		TestTenant t = fixtures().tenant();
		TestTenant other = fixtures().tenant();
		CatalogFixtures catalog = new CatalogFixtures(t);
		UUID shoes = catalog.category("Shoes", "shoes", null);
		CatalogFixtures.Product sneaker = catalog.product()
			.name("Runner")
			.brand("Bata")
			.description("Light running shoe")
			.category(shoes)
			.variant(2500, 7, 2, true)
			.variant(2000, 3, 3, true)
			.variant(1000, 50, 0, false)
			.image("https://img.example/runner-1.jpg")
			.image("https://img.example/runner-2.jpg");
		sneaker.persist();
		String draft = "draft-shoe";
		catalog.product().status("draft").slug(draft).persist();
		new CatalogFixtures(other).product().slug("foreign-shoe").persist();

		Response response = api().get("/storefront/v1/products/" + sneaker.slug()).host(t.host()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.path("name").asString()).isEqualTo("Runner");
		assertThat(body.path("brand").asString()).isEqualTo("Bata");
		assertThat(body.path("priceCents").asLong()).isEqualTo(2000);
		assertThat(body.path("currency").asString()).isEqualTo("KES");
		assertThat(body.path("inStock").asBoolean()).isTrue();
		assertThat(body.path("category").path("slug").asString()).isEqualTo("shoes");
		JsonNode variants = body.path("variants");
		assertThat(variants).hasSize(2);
		assertThat(variants.path(0).path("priceCents").asLong()).isEqualTo(2500);
		assertThat(variants.path(0).path("available").asInt()).isEqualTo(5);
		assertThat(variants.path(0).path("inStock").asBoolean()).isTrue();
		assertThat(variants.path(0).path("attributes").path("size").asString()).isEqualTo("M");
		assertThat(variants.path(1).path("available").asInt()).isZero();
		assertThat(variants.path(1).path("inStock").asBoolean()).isFalse();
		assertThat(body.path("images")).hasSize(2);
		assertThat(body.path("images").path(0).path("url").asString()).isEqualTo("https://img.example/runner-1.jpg");
		assertIsProductDetailAsJacksonWritesIt(response.body());
		JsonNode jsonLd = body.path("structuredData");
		String url = "https://" + t.host() + "/products/" + sneaker.slug();
		assertThat(jsonLd.path("@context").asString()).isEqualTo("https://schema.org");
		assertThat(jsonLd.path("@type").asString()).isEqualTo("Product");
		assertThat(jsonLd.path("name").asString()).isEqualTo("Runner");
		assertThat(jsonLd.path("description").asString()).isEqualTo("Light running shoe");
		assertThat(jsonLd.path("image").path(1).asString()).isEqualTo("https://img.example/runner-2.jpg");
		assertThat(jsonLd.path("sku").asString()).isEqualTo(variants.path(0).path("sku").asString()).isNotBlank();
		assertThat(jsonLd.path("url").asString()).isEqualTo(url);
		assertThat(jsonLd.path("offers").path("@type").asString()).isEqualTo("Offer");
		assertThat(jsonLd.path("offers").path("price").asString()).isEqualTo("20.00");
		assertThat(jsonLd.path("offers").path("priceCurrency").asString()).isEqualTo("KES");
		assertThat(jsonLd.path("offers").path("availability").asString()).isEqualTo("https://schema.org/InStock");
		assertThat(jsonLd.path("offers").path("url").asString()).isEqualTo(url);

		CatalogFixtures.Product soldOut = catalog.product().variant(1500, 2, 2, true);
		soldOut.persist();
		JsonNode soldOutLd = api().get("/storefront/v1/products/" + soldOut.slug()).host(t.host()).send().json()
			.path("structuredData");
		assertThat(soldOutLd.path("offers").path("availability").asString()).isEqualTo("https://schema.org/OutOfStock");
		assertThat(soldOutLd.path("offers").path("price").asString()).isEqualTo("15.00");

		CatalogFixtures.Product plain = catalog.product().variant(900, 4, 0, true);
		plain.persist();
		Response bare = api().get("/storefront/v1/products/" + plain.slug()).host(t.host()).send();
		assertThat(bare.status()).as(bare.toString()).isEqualTo(200);
		assertThat(bare.json().path("category").isNull()).as(bare.body()).isTrue();
		assertThat(bare.json().path("images").isArray() && bare.json().path("images").isEmpty()).as(bare.body()).isTrue();
		assertIsProductDetailAsJacksonWritesIt(bare.body());

		for (String slug : List.of(draft, "foreign-shoe", "no-such-shoe")) {
			Response missing = api().get("/storefront/v1/products/" + slug).host(t.host()).send();
			assertThat(missing.status()).as(slug).isEqualTo(404);
			assertThat(missing.problemType()).isEqualTo("not-found");
		}
	}

	/**
	 * PostgreSQL builds the product page's JSON: it must be exactly the documented {@link ProductDetail}
	 * (no key missing, none more) written as Jackson writes every other answer.
	 */
	private static void assertIsProductDetailAsJacksonWritesIt(String body) {
		JsonMapper strict = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		ProductDetail page = strict.readValue(body, ProductDetail.class);
		assertThat(strict.writeValueAsString(page)).isEqualTo(body);
	}

	@Test
	void categoryTreeShowsActiveCategoriesOnly() {
		TestTenant t = fixtures().tenant();
		CatalogFixtures catalog = new CatalogFixtures(t);
		UUID clothing = catalog.category("Clothing", "clothing", null);
		catalog.category("Shoes", "shoes", clothing);
		UUID hidden = catalog.category("Old stock", "old-stock", clothing, false);
		catalog.category("Below hidden", "below-hidden", hidden);
		catalog.category("Food", "food", null);
		new CatalogFixtures(fixtures().tenant()).category("Foreign", "foreign", null);

		Response response = api().get("/storefront/v1/categories").host(t.host()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode roots = response.json();
		assertThat(roots).hasSize(2);
		assertThat(roots.path(0).path("slug").asString()).isEqualTo("clothing");
		assertThat(roots.path(0).path("children")).hasSize(1);
		assertThat(roots.path(0).path("children").path(0).path("slug").asString()).isEqualTo("shoes");
		assertThat(roots.path(1).path("slug").asString()).isEqualTo("food");
		assertThat(response.header("Cache-Control")).contains("public", "max-age=60");
	}

	@Test
	void answersCarryAnEtagAnd304UntilTheCatalogChanges() {
		TestTenant t = fixtures().tenant();
		CatalogFixtures catalog = new CatalogFixtures(t);
		catalog.product().name("First").persist();

		Response first = products(t, "");
		String etag = first.header("ETag");
		assertThat(etag).isNotBlank();
		assertThat(first.header("Cache-Control")).contains("public", "max-age=30");
		Response again = api().get("/storefront/v1/products").host(t.host()).header("If-None-Match", etag).send();
		assertThat(again.status()).isEqualTo(304);
		assertThat(again.header("ETag")).isEqualTo(etag);
		assertThat(again.body()).isEmpty();
		Response detail = api().get("/storefront/v1/products/" + first.json().path("items").path(0).path("slug").asString())
			.host(t.host())
			.send();
		assertThat(api().get("/storefront/v1/products/" + detail.json().path("slug").asString())
			.host(t.host())
			.header("If-None-Match", detail.header("ETag"))
			.send()
			.status()).isEqualTo(304);

		UUID added = catalog.product().name("Second").persist();
		assertThat(products(t, "").header("ETag")).as("cached until an event is delivered").isEqualTo(etag);
		// What the admin catalog does with a change: an outbox event in the same transaction. The relay
		// delivers it (no Meilisearch here: the indexer has nothing to do) and the tenant's cache is dropped.
		TenantSql.run(t.id(), jdbc -> jdbc.update("""
				insert into app.outbox_events (tenant_id, id, aggregate_type, aggregate_id, event_type)
				values (?, ?, 'product', ?, 'product.upserted')""", t.id(), UUID.randomUUID(), added));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Response changed = api().get("/storefront/v1/products").host(t.host()).header("If-None-Match", etag).send();
			assertThat(changed.status()).isEqualTo(200);
			assertThat(changed.header("ETag")).isNotEqualTo(etag);
			assertThat(names(changed)).containsExactlyInAnyOrder("First", "Second");
		});
	}

	/**
	 * Another instance's relay delivered the tenant's event: its NOTIFY reaches this instance, which
	 * drops that tenant's cached answers (the rename below wrote no event, so only the notice can do it).
	 */
	@Test
	void anotherInstancesNoticeDropsTheTenantsCachedAnswers() {
		TestTenant t = fixtures().tenant();
		TestTenant other = fixtures().tenant();
		UUID product = new CatalogFixtures(t).product().name("Before").persist();
		UUID otherProduct = new CatalogFixtures(other).product().name("Cached").persist();
		assertThat(names(products(t, ""))).containsExactly("Before");
		assertThat(names(products(other, ""))).containsExactly("Cached");

		TenantSql.run(t.id(), jdbc -> jdbc.update("update app.products set name = 'After' where id = ?", product));
		TenantSql.run(other.id(),
				jdbc -> jdbc.update("update app.products set name = 'Renamed' where id = ?", otherProduct));
		assertThat(names(products(t, ""))).as("still cached").containsExactly("Before");
		TenantSql.run(null, jdbc -> jdbc.queryForList("select pg_notify(?, ?)", StorefrontCacheInvalidation.CHANNEL,
				"another-instance:storefront:" + t.id()));

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(names(products(t, ""))).containsExactly("After"));
		assertThat(names(products(other, ""))).as("another tenant's answers stay cached").containsExactly("Cached");
	}

	/**
	 * A product event drops the tenant's lists and that product's page, not the pages of its other
	 * products; the same for a notice naming products from another instance.
	 */
	@Test
	void aProductEventDropsItsPageAndTheListsButNotTheOtherProductsPages() {
		TestTenant t = fixtures().tenant();
		CatalogFixtures catalog = new CatalogFixtures(t);
		UUID changed = catalog.product().name("Changed").slug("changed").persist();
		UUID other = catalog.product().name("Other").slug("other").persist();
		assertThat(names(products(t, ""))).containsExactlyInAnyOrder("Changed", "Other");
		assertThat(page(t, "changed")).isEqualTo("Changed");
		assertThat(page(t, "other")).isEqualTo("Other");
		// Renamed behind the application's back: only events make a cached answer change.
		TenantSql.run(t.id(), jdbc -> jdbc.update("update app.products set name = name || ' 2'"));

		TenantSql.run(t.id(), jdbc -> jdbc.update("""
				insert into app.outbox_events (tenant_id, id, aggregate_type, aggregate_id, event_type)
				values (?, ?, 'product', ?, 'product.upserted')""", t.id(), UUID.randomUUID(), changed));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(page(t, "changed")).isEqualTo("Changed 2"));
		assertThat(names(products(t, ""))).containsExactlyInAnyOrder("Changed 2", "Other 2");
		assertThat(page(t, "other")).as("another product's page stays cached").isEqualTo("Other");

		TenantSql.run(null, jdbc -> jdbc.queryForList("select pg_notify(?, ?)", StorefrontCacheInvalidation.CHANNEL,
				"another-instance:storefront:" + t.id() + ":" + other));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(page(t, "other")).isEqualTo("Other 2"));
	}

	private String page(TestTenant tenant, String slug) {
		Response response = api().get("/storefront/v1/products/" + slug).host(tenant.host()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().path("name").asString();
	}

	@Test
	void cacheListenerThatLostItsConnectionReconnectsDropsWhatItMayHaveMissedAndListensAgain() throws Exception {
		TestTenant t = fixtures().tenant();
		UUID product = new CatalogFixtures(t).product().name("Before").persist();
		assertThat(names(products(t, ""))).containsExactly("Before");
		TenantSql.run(t.id(), jdbc -> jdbc.update("update app.products set name = 'Missed' where id = ?", product));
		assertThat(names(products(t, ""))).as("still cached").containsExactly("Before");

		// The listener's connection dies (a PostgreSQL restart or failover looks the same to it). Other
		// test contexts of this JVM may listen on the same database: all are cut, all must come back.
		int listening = cacheListeners();
		assertThat(terminateCacheListeners()).isEqualTo(listening).isPositive();

		// Back, it drops every answer: notices sent while it was away are lost.
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(names(products(t, ""))).containsExactly("Missed"));
		await().atMost(Duration.ofSeconds(15)).until(() -> cacheListeners() == listening);
		// And it hears the other instances again.
		TenantSql.run(t.id(), jdbc -> jdbc.update("update app.products set name = 'After' where id = ?", product));
		assertThat(names(products(t, ""))).as("still cached").containsExactly("Missed");
		TenantSql.run(null, jdbc -> jdbc.queryForList("select pg_notify(?, ?)", StorefrontCacheInvalidation.CHANNEL,
				"another-instance:storefront:" + t.id()));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(names(products(t, ""))).containsExactly("After"));
	}

	/** Terminates the backends listening for cache notices in the scratch database, as a superuser. */
	private static int terminateCacheListeners() throws SQLException {
		return asAdmin("select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity "
				+ "where datname = ? and query = 'LISTEN " + StorefrontCacheInvalidation.CHANNEL + "') t");
	}

	private static int cacheListeners() throws SQLException {
		return asAdmin("select count(*) from pg_stat_activity where datname = ? and query = 'LISTEN "
				+ StorefrontCacheInvalidation.CHANNEL + "'");
	}

	private static int asAdmin(String countSql) throws SQLException {
		ScratchDatabase db = TestDatabase.get().orElseThrow();
		try (Connection c = DriverManager.getConnection(db.admin().jdbcUrl(), db.admin().user(), db.admin().password());
				PreparedStatement statement = c.prepareStatement(countSql)) {
			statement.setString(1, db.database());
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getInt(1);
			}
		}
	}

	@Test
	void searchFindsActiveProductsOfTheStoreByNameBrandOrDescription() {
		TestTenant t = fixtures().tenant();
		TestTenant other = fixtures().tenant();
		CatalogFixtures catalog = new CatalogFixtures(t);
		UUID shoes = catalog.category("Shoes", "shoes", null);
		catalog.product().name("Trail runner").brand("Bata").category(shoes).variant(3000, 2).persist();
		catalog.product().name("Canvas shoe").description("A light runner for town").variant(1500, 0).persist();
		catalog.product().name("Kitenge shirt").brand("Runner brand").variant(900, 1).persist();
		catalog.product().name("Old runner").status("archived").persist();
		catalog.product().name("Other store runner").store(catalog.otherStore()).persist();
		new CatalogFixtures(other).product().name("Foreign runner").persist();

		assertThat(names(search(t, "q=runner&sort=name"))).containsExactly("Canvas shoe", "Kitenge shirt",
				"Trail runner");
		assertThat(names(search(t, "q=runner"))).first().as("name matches rank first").isEqualTo("Trail runner");
		assertThat(names(search(t, "q=bata"))).containsExactly("Trail runner");
		assertThat(names(search(t, "q=runner&inStock=true&sort=price_asc"))).containsExactly("Kitenge shirt",
				"Trail runner");
		assertThat(names(search(t, "q=runner&categorySlug=shoes"))).containsExactly("Trail runner");
		assertThat(names(search(t, "q=runner&minPrice=1000&maxPrice=2000"))).containsExactly("Canvas shoe");
		Response paged = search(t, "q=runner&sort=price_asc&size=1&page=2");
		assertThat(names(paged)).containsExactly("Canvas shoe");
		assertThat(paged.json().path("total").asLong()).isEqualTo(3);
		assertThat(names(search(t, "q=%22foreign%20runner%22"))).isEmpty();
		assertThat(names(search(other, "q=runner"))).containsExactly("Foreign runner");

		for (String query : List.of("", "q=", "q=%20%20", "q=runner&size=101", "q=runner&sort=cheapest",
				"q=runner&minPrice=x")) {
			Response bad = search(t, query);
			assertThat(bad.status()).as(query + " -> " + bad).isEqualTo(400);
			assertThat(bad.problemType()).isEqualTo("validation-failed");
		}
	}

	@Test
	void searchTokensAndReindexAre404WithoutMeilisearch() {
		TestTenant t = fixtures().tenant();
		Response token = api().post("/storefront/v1/search/token").host(t.host()).send();
		assertThat(token.status()).as(token.toString()).isEqualTo(404);
		assertThat(token.problemType()).isEqualTo("not-found");
		Response reindex = api().post("/platform/v1/tenants/" + t.id() + "/search/reindex").operator().send();
		assertThat(reindex.status()).as(reindex.toString()).isEqualTo(404);
	}

	@Test
	void storeThatIsNotLiveShowsNoCatalog() {
		TestTenant t = fixtures().tenant();
		new CatalogFixtures(t).product().persist();
		// Cached first: taking the store offline must drop its cached answers, not wait for their TTL.
		assertThat(products(t, "").status()).isEqualTo(200);
		assertThat(api().get("/storefront/v1/categories").host(t.host()).send().status()).isEqualTo(200);
		Response update = api().patch("/admin/v1/stores/" + t.storeId())
			.bearer(t.ownerToken())
			.body(Map.of("version", 0, "live", false))
			.send();
		assertThat(update.status()).as(update.toString()).isEqualTo(200);
		assertThat(products(t, "").status()).isEqualTo(404);
		assertThat(api().get("/storefront/v1/categories").host(t.host()).send().status()).isEqualTo(404);
	}

	private Response products(TestTenant tenant, String query) {
		return api().get("/storefront/v1/products" + (query.isEmpty() ? "" : "?" + query)).host(tenant.host()).send();
	}

	private Response search(TestTenant tenant, String query) {
		return api().get("/storefront/v1/search" + (query.isEmpty() ? "" : "?" + query)).host(tenant.host()).send();
	}

	private static List<String> names(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<String> names = new ArrayList<>();
		response.json().path("items").forEach(item -> names.add(item.path("name").asString()));
		return names;
	}

	private static JsonNode find(Response response, String name) {
		for (JsonNode item : response.json().path("items")) {
			if (item.path("name").asString().equals(name)) {
				return item;
			}
		}
		throw new AssertionError(name + " not in " + response);
	}

}
