package io.sokoni.platform.catalog;

import static io.sokoni.platform.catalog.CatalogFixtures.id;
import static io.sokoni.platform.catalog.CatalogFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A catalog change and its outbox event commit together or not at all: same transaction (the rows
 * share their xmin), exactly one event per change, none when the change fails. The relay is off here:
 * marking an event delivered writes a new row version with a new xmin.
 */
@TestPropertySource(properties = "sokoni.outbox.relay-enabled=false")
class OutboxAtomicityIT extends ApiTestBase {

	private CatalogFixtures catalog() {
		return new CatalogFixtures(api());
	}

	@Test
	void creatingAProductWritesExactlyOneEventInTheSameTransaction() {
		TestTenant tenant = fixtures().tenant();
		UUID product = id(catalog().createProduct(tenant));

		assertThat(events(tenant, product)).containsExactly("product.upserted storeId=" + tenant.storeId());
		assertThat(xmin(tenant, "app.products", "id", product)).isEqualTo(latestEventXmin(tenant, product));
	}

	@Test
	void updatingAProductWritesOneMoreEventInItsTransaction() {
		TestTenant tenant = fixtures().tenant();
		UUID product = id(catalog().createProduct(tenant));
		String createXmin = latestEventXmin(tenant, product);

		Response updated = api().patch("/admin/v1/products/" + product)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "name", "Renamed"))
			.send();

		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(events(tenant, product)).hasSize(2).allMatch(e -> e.startsWith("product.upserted"));
		String updateXmin = latestEventXmin(tenant, product);
		assertThat(updateXmin).isNotEqualTo(createXmin);
		assertThat(xmin(tenant, "app.products", "id", product)).isEqualTo(updateXmin);
	}

	@Test
	void aCreateFailingOnItsSecondVariantWritesNeitherProductNorEvent() {
		TestTenant tenant = fixtures().tenant();
		String takenSku = catalog().createProduct(tenant).path("variants").get(0).path("sku").asString();
		long eventsBefore = TenantRows.count(tenant.id(), "select count(*) from app.outbox_events");
		String slug = unique("p-");
		Map<String, Object> body = CatalogFixtures.product(tenant);
		body.put("slug", slug);
		body.put("variants", List.of(Map.of("sku", unique("SKU-"), "priceCents", 100),
				Map.of("sku", takenSku, "priceCents", 100)));

		Response response = api().post("/admin/v1/products").bearer(tenant.ownerToken()).body(body).send();

		assertThat(response.status()).as(response.toString()).isEqualTo(409);
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.products where slug = ?", slug)).isZero();
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.outbox_events")).isEqualTo(eventsBefore);
	}

	@Test
	void refusedChangesWriteNoEvent() {
		TestTenant tenant = fixtures().tenant();
		JsonNode first = catalog().createProduct(tenant);
		UUID product = id(first);
		String otherSku = catalog().createProduct(tenant).path("variants").get(0).path("sku").asString();
		long eventsBefore = TenantRows.count(tenant.id(), "select count(*) from app.outbox_events");
		String path = "/admin/v1/products/" + product;

		Response stale = api().patch(path).bearer(tenant.ownerToken()).body(Map.of("version", 7, "name", "X")).send();
		Response duplicateVariant = api().post(path + "/variants")
			.bearer(tenant.ownerToken())
			.body(Map.of("sku", otherSku, "priceCents", 1))
			.send();
		Response duplicateRename = api().patch(path + "/variants/" + first.path("variants").get(0).path("id").asString())
			.bearer(tenant.ownerToken())
			.body(Map.of("sku", otherSku))
			.send();
		Response compareAtBelowBase = api().patch(path)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "compareAtPriceCents", 1))
			.send();

		assertThat(stale.status()).isEqualTo(409);
		assertThat(duplicateVariant.status()).isEqualTo(409);
		assertThat(duplicateRename.status()).isEqualTo(409);
		assertThat(compareAtBelowBase.status()).isEqualTo(400);
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.outbox_events")).isEqualTo(eventsBefore);
		assertThat(TenantRows.strings(tenant.id(), "select version from app.products where id = ?", product))
			.containsExactly("0");
	}

	@Test
	void everyVariantImageArchiveAndDeleteChangeAppendsItsEvent() {
		TestTenant tenant = fixtures().tenant();
		UUID product = id(catalog().createProduct(tenant));
		String path = "/admin/v1/products/" + product;

		JsonNode variant = api().post(path + "/variants")
			.bearer(tenant.ownerToken())
			.body(Map.of("sku", unique("SKU-"), "priceCents", 100))
			.send()
			.json();
		assertThat(api().post(path + "/variants/" + id(variant) + "/deactivate").bearer(tenant.ownerToken()).send()
			.status()).isEqualTo(200);
		JsonNode image = api().post(path + "/images")
			.bearer(tenant.ownerToken())
			.body(Map.of("url", "https://cdn.example/x.jpg"))
			.send()
			.json();
		assertThat(api().delete(path + "/images/" + id(image)).bearer(tenant.ownerToken()).send().status())
			.isEqualTo(204);
		assertThat(api().post(path + "/archive").bearer(tenant.ownerToken()).send().status()).isEqualTo(200);
		assertThat(events(tenant, product)).hasSize(6).allMatch(e -> e.startsWith("product.upserted"));

		assertThat(api().delete(path).bearer(tenant.ownerToken()).send().status()).isEqualTo(204);

		List<String> events = events(tenant, product);
		assertThat(events).hasSize(7);
		assertThat(events.get(6)).isEqualTo("product.deleted storeId=" + tenant.storeId());
		assertThat(TenantRows.strings(tenant.id(),
				"select action from app.audit_log where target_id = ? and actor_id = ? order by created_at, id", product.toString(),
				tenant.ownerId().toString()))
			.containsExactly("product.created", "product.variant_added", "product.variant_deactivated",
					"product.image_added", "product.image_deleted", "product.archived", "product.deleted");
	}

	@Test
	void categoryChangesAppendCategoryChangedAndARefusedMoveNothing() {
		TestTenant tenant = fixtures().tenant();
		UUID parent = id(catalog().createCategory(tenant, "Parent", null));
		UUID child = id(catalog().createCategory(tenant, "Child", parent));
		String path = "/admin/v1/categories/" + parent;

		assertThat(api().patch(path).bearer(tenant.ownerToken()).body(Map.of("version", 0, "name", "P")).send()
			.status()).isEqualTo(200);
		Map<String, Object> cycle = new HashMap<>(Map.of("version", 1, "parentId", child.toString()));
		assertThat(api().post(path + "/move").bearer(tenant.ownerToken()).body(cycle).send().status()).isEqualTo(409);
		Map<String, Object> toRoot = new HashMap<>();
		toRoot.put("version", 0);
		toRoot.put("parentId", null);
		assertThat(api().post("/admin/v1/categories/" + child + "/move").bearer(tenant.ownerToken()).body(toRoot)
			.send()
			.status()).isEqualTo(200);
		assertThat(api().delete(path).bearer(tenant.ownerToken()).send().status()).isEqualTo(204);

		assertThat(events(tenant, parent)).containsExactly("category.changed", "category.changed", "category.changed");
		assertThat(events(tenant, child)).containsExactly("category.changed", "category.changed");
	}

	/** The events of an aggregate, oldest first: type and store id of the payload. */
	@Test
	void takingALocationOutOfUseAndBackAnnouncesTheProductsStockedThere() {
		TestTenant tenant = fixtures().tenant();
		OrderFixtures shop = new OrderFixtures(api(), tenant);
		UUID stocked = productOf(tenant, shop.variant(10_000, 5));
		UUID soldOut = productOf(tenant, shop.variant(10_000, 0));
		UUID location = UUID.fromString(TenantRows.strings(tenant.id(),
				"select distinct location_id::text from app.inventory_levels").get(0));
		int before = events(tenant, stocked).size();
		int soldOutBefore = events(tenant, soldOut).size();

		for (String step : List.of("deactivate", "activate")) {
			Response changed = api().post("/admin/v1/locations/" + location + "/" + step).bearer(tenant.ownerToken()).send();
			assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		}

		assertThat(events(tenant, stocked)).hasSize(before + 2)
			.endsWith("product.upserted storeId=" + tenant.storeId(), "product.upserted storeId=" + tenant.storeId());
		assertThat(events(tenant, soldOut)).hasSize(soldOutBefore);
	}

	private static UUID productOf(TestTenant tenant, UUID variant) {
		return UUID.fromString(TenantRows.strings(tenant.id(),
				"select product_id::text from app.product_variants where id = ?", variant).get(0));
	}

	private static List<String> events(TestTenant tenant, UUID aggregate) {
		return TenantRows.strings(tenant.id(),
				"select event_type || coalesce(' storeId=' || (payload->>'storeId'), '') from app.outbox_events "
						+ "where aggregate_id = ? order by created_at, id",
				aggregate);
	}

	private static String latestEventXmin(TestTenant tenant, UUID aggregate) {
		return TenantRows.strings(tenant.id(),
				"select xmin::text from app.outbox_events where aggregate_id = ? order by created_at desc, id desc limit 1", aggregate)
			.get(0);
	}

	private static String xmin(TestTenant tenant, String table, String column, UUID id) {
		return TenantRows.strings(tenant.id(), "select xmin::text from " + table + " where " + column + " = ?", id)
			.get(0);
	}

}
