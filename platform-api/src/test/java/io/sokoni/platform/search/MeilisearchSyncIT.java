package io.sokoni.platform.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.MeilisearchStandIn;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Catalog changes reach Meilisearch through the outbox: the real relay and indexer against a wire-level
 * stand-in. Meilisearch being down never fails a catalog write; events wait (attempts grow, nothing is
 * lost) and drain when it is back, and searches fall back as configured.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MeilisearchSyncIT extends ApiTestBase {

	static final MeilisearchStandIn MEILISEARCH = new MeilisearchStandIn();

	@DynamicPropertySource
	static void meilisearch(DynamicPropertyRegistry registry) {
		MEILISEARCH.register(registry);
		registry.add("sokoni.search.meilisearch.task-timeout", () -> "2s");
		registry.add("sokoni.outbox.backoff-base", () -> "100ms");
		registry.add("sokoni.outbox.backoff-max", () -> "500ms");
		registry.add("sokoni.outbox.max-attempts", () -> "1000");
		registry.add("sokoni.catalog.storefront-cache-ttl", () -> "1ms");
		registry.add("sokoni.db.pool-size", () -> "4");
	}

	@AfterEach
	void meilisearchIsBack() {
		MEILISEARCH.recover();
		MEILISEARCH.stop();
		MEILISEARCH.start();
	}

	@Test
	void productChangeUpsertsItsCurrentDocumentAndArchivingDeletesIt() {
		TestTenant t = fixtures().tenant();
		CatalogFixtures catalog = new CatalogFixtures(t);
		UUID clothing = catalog.category("Clothing", "clothing", null);
		UUID shoes = catalog.category("Shoes", "shoes", clothing);
		CatalogFixtures.Product runner = catalog.product()
			.name("Trail runner")
			.brand("Bata")
			.category(shoes)
			.variant(2500, 0)
			.variant(1800, 4)
			.image("https://img.example/runner.jpg");
		UUID id = runner.persist();
		UUID event = appendEvent(t, "product", id, "product.upserted");

		JsonNode doc = await().atMost(Duration.ofSeconds(10)).until(() -> document(id), d -> d != null);
		assertThat(doc.path("tenant_id").asString()).isEqualTo(t.id().toString());
		assertThat(doc.path("store_id").asString()).isEqualTo(t.storeId().toString());
		assertThat(doc.path("status").asString()).isEqualTo("active");
		assertThat(doc.path("name").asString()).isEqualTo("Trail runner");
		assertThat(doc.path("slug").asString()).isEqualTo(runner.slug());
		assertThat(doc.path("brand").asString()).isEqualTo("Bata");
		assertThat(doc.path("price_cents").asLong()).isEqualTo(1800);
		assertThat(doc.path("currency").asString()).isEqualTo("KES");
		assertThat(doc.path("in_stock").asBoolean()).isTrue();
		assertThat(doc.path("image_url").asString()).isEqualTo("https://img.example/runner.jpg");
		assertThat(doc.path("category_ids").toString()).contains(clothing.toString(), shoes.toString());
		assertThat(doc.path("category_names").toString()).contains("Clothing", "Shoes");
		assertThat(doc.path("variant_skus")).hasSize(2);
		assertThat(doc.path("created_at").asLong()).isPositive();
		awaitStatus(t, event, "delivered");

		catalog.setStatus(id, "archived");
		UUID archived = appendEvent(t, "product", id, "product.upserted");
		await().atMost(Duration.ofSeconds(10)).until(() -> MEILISEARCH.deletedIds().contains(id.toString()));
		awaitStatus(t, archived, "delivered");

		UUID gone = catalog.product().persist();
		TenantSql.run(t.id(), jdbc -> jdbc.update("delete from app.products where id = ?", gone));
		appendEvent(t, "product", gone, "product.deleted");
		await().atMost(Duration.ofSeconds(10)).until(() -> MEILISEARCH.deletedIds().contains(gone.toString()));
	}

	@Test
	void categoryChangeReindexesTheProductsBelowIt() {
		TestTenant t = fixtures().tenant();
		CatalogFixtures catalog = new CatalogFixtures(t);
		UUID clothing = catalog.category("Clothing", "clothing", null);
		UUID shoes = catalog.category("Shoes", "shoes", clothing);
		UUID inShoes = catalog.product().category(shoes).persist();
		UUID inClothing = catalog.product().category(clothing).persist();
		UUID elsewhere = catalog.product().persist();
		TenantSql.run(t.id(), jdbc -> jdbc.update("update app.categories set name = 'Apparel' where id = ?", clothing));

		appendEvent(t, "category", clothing, "category.changed");

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(document(inShoes)).isNotNull();
			assertThat(document(inClothing)).isNotNull();
		});
		assertThat(document(inShoes).path("category_names").toString()).contains("Apparel", "Shoes");
		assertThat(document(elsewhere)).isNull();
	}

	@Test
	void whileMeilisearchRefusesConnectionsWritesSucceedEventsWaitAndSearchFallsBack() {
		TestTenant t = fixtures().tenant();
		MEILISEARCH.stop();
		UUID id = new CatalogFixtures(t).product().name("Offline kettle").persist();
		UUID event = appendEvent(t, "product", id, "product.upserted");

		await().atMost(Duration.ofSeconds(15))
			.until(() -> ((Number) outboxRow(t, event).get("attempts")).intValue() >= 3);
		Map<String, Object> waiting = outboxRow(t, event);
		assertThat(waiting.get("status")).isEqualTo("pending");
		assertThat((String) waiting.get("last_error")).isNotBlank();

		Response search = api().get("/storefront/v1/search?q=kettle").host(t.host()).send();
		assertThat(search.status()).as(search.toString()).isEqualTo(200);
		assertThat(search.json().path("items").path(0).path("name").asString()).isEqualTo("Offline kettle");

		MEILISEARCH.start();
		await().atMost(Duration.ofSeconds(15)).until(() -> document(id) != null);
		awaitStatus(t, event, "delivered");
	}

	@Test
	void while503sEventsWaitAndDrainWhenMeilisearchRecovers() {
		TestTenant t = fixtures().tenant();
		MEILISEARCH.unavailable();
		UUID id = new CatalogFixtures(t).product().name("Busy kettle").persist();
		UUID event = appendEvent(t, "product", id, "product.upserted");

		await().atMost(Duration.ofSeconds(15))
			.until(() -> ((Number) outboxRow(t, event).get("attempts")).intValue() >= 2);
		assertThat(outboxRow(t, event).get("status")).isEqualTo("pending");
		assertThat(document(id)).isNull();

		MEILISEARCH.recover();
		await().atMost(Duration.ofSeconds(15)).until(() -> document(id) != null);
		awaitStatus(t, event, "delivered");
	}

	@Test
	void aFailedIndexingTaskIsNotTakenForSuccess() {
		TestTenant t = fixtures().tenant();
		MEILISEARCH.failTasks();
		UUID id = new CatalogFixtures(t).product().persist();
		UUID event = appendEvent(t, "product", id, "product.upserted");

		await().atMost(Duration.ofSeconds(15))
			.until(() -> ((Number) outboxRow(t, event).get("attempts")).intValue() >= 2);
		Map<String, Object> failed = outboxRow(t, event);
		assertThat(failed.get("status")).isEqualTo("pending");
		assertThat((String) failed.get("last_error")).contains("failed", "invalid_document_fields");

		MEILISEARCH.recover();
		awaitStatus(t, event, "delivered");
	}

	@Test
	void operatorReindexRebuildsOneTenantsDocuments() {
		TestTenant t = fixtures().tenant();
		CatalogFixtures catalog = new CatalogFixtures(t);
		UUID first = catalog.product().persist();
		UUID second = catalog.product().persist();
		UUID draft = catalog.product().status("draft").persist();

		Response response = api().post("/platform/v1/tenants/" + t.id() + "/search/reindex").operator().send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().path("documents").asInt()).isEqualTo(2);
		assertThat(MEILISEARCH.deleteFilters()).contains("tenant_id = \"" + t.id() + "\"");
		assertThat(document(first)).isNotNull();
		assertThat(document(second)).isNotNull();
		assertThat(document(draft)).isNull();

		assertThat(api().post("/platform/v1/tenants/" + UUID.randomUUID() + "/search/reindex").operator().send().status())
			.isEqualTo(404);
		assertThat(api().post("/platform/v1/tenants/" + t.id() + "/search/reindex").send().status()).isEqualTo(401);
	}

	/**
	 * With {@code fallback=unavailable} a search while Meilisearch is down is a 503 problem (the outer
	 * class runs with the default, {@code postgres}).
	 */
	@Nested
	@TestPropertySource(properties = "sokoni.search.fallback=unavailable")
	class WhenTheFallbackIsUnavailable {

		@Test
		void searchIs503WhileMeilisearchIsDown() {
			TestTenant t = fixtures().tenant();
			new CatalogFixtures(t).product().name("Kettle").persist();
			MEILISEARCH.stop();

			Response response = api().get("/storefront/v1/search?q=kettle").host(t.host()).send();
			assertThat(response.status()).as(response.toString()).isEqualTo(503);
			assertThat(response.problemType()).isEqualTo("search-unavailable");
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");

			MEILISEARCH.start();
			Response back = api().get("/storefront/v1/search?q=kettle").host(t.host()).send();
			assertThat(back.status()).as(back.toString()).isEqualTo(200);
		}

	}

	private static UUID appendEvent(TestTenant t, String aggregateType, UUID aggregateId, String eventType) {
		UUID id = io.sokoni.platform.Ids.next();
		TenantSql.run(t.id(), jdbc -> jdbc.update("""
				insert into app.outbox_events (tenant_id, id, aggregate_type, aggregate_id, event_type)
				values (?, ?, ?, ?, ?)""", t.id(), id, aggregateType, aggregateId, eventType));
		return id;
	}

	private static Map<String, Object> outboxRow(TestTenant t, UUID event) {
		return TenantSql.call(t.id(),
				jdbc -> jdbc.queryForMap("select status, attempts, last_error from app.outbox_events where id = ?", event));
	}

	private static void awaitStatus(TestTenant t, UUID event, String status) {
		await().atMost(Duration.ofSeconds(15)).until(() -> status.equals(outboxRow(t, event).get("status")));
	}

	/** The last version of a document Meilisearch received, or null. */
	private static JsonNode document(UUID id) {
		List<JsonNode> all = MEILISEARCH.upsertedDocuments();
		JsonNode last = null;
		for (JsonNode doc : all) {
			if (doc.path("id").asString().equals(id.toString())) {
				last = doc;
			}
		}
		return last;
	}

}
