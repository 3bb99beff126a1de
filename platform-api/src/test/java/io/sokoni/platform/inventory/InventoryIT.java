package io.sokoni.platform.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.inventory.StockFixtures.Journal;
import io.sokoni.platform.inventory.StockFixtures.Level;
import io.sokoni.platform.inventory.StockFixtures.SeededVariant;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class InventoryIT extends ApiTestBase {

	private StockFixtures stock;

	private TestTenant tenant;

	private SeededVariant variant;

	private UUID location;

	@BeforeEach
	void seed() {
		stock = new StockFixtures(api());
		tenant = fixtures().tenant();
		variant = stock.variant(tenant);
		location = stock.location(tenant);
	}

	@Test
	void restockAdjustReturnAndCountKeepTheJournalExact() {
		Response restocked = post("restock", Map.of("quantity", 10, "note", "Delivery from Gikomba", "reference",
				"PO-1001"));
		assertThat(restocked.status()).as(restocked.toString()).isEqualTo(200);
		assertLevel(restocked.json(), 10, 0);
		assertThat(restocked.json().path("sku").asString()).isEqualTo(variant.sku());
		assertThat(restocked.json().path("productId").asString()).isEqualTo(variant.productId().toString());

		assertLevel(post("adjust", Map.of("delta", -3, "reason", "adjustment", "note", "Damaged in transit")).json(), 7,
				0);
		assertLevel(post("adjust", Map.of("delta", 2, "reason", "return")).json(), 9, 0);
		Response counted = put(Map.of("onHand", 4, "note", "Stock take"));
		assertThat(counted.status()).as(counted.toString()).isEqualTo(200);
		assertLevel(counted.json(), 4, 0);

		Journal journal = stock.journal(tenant.id(), variant.variantId(), location);
		assertThat(journal.entries()).isEqualTo(4);
		assertThat(journal.onHandChanges()).as("the journal sums to the level").isEqualTo(4);
		assertThat(stock.level(tenant.id(), variant.variantId(), location)).isEqualTo(new Level(4, 0));
		assertThat(stock.stockEvents(tenant.id(), variant.productId())).as("one search event per change").isEqualTo(4);

		Response movements = api().get("/admin/v1/inventory/movements?variantId=" + variant.variantId())
			.bearer(tenant.ownerToken())
			.send();
		assertThat(movements.status()).as(movements.toString()).isEqualTo(200);
		JsonNode items = movements.json().path("items");
		assertThat(values(items, "reason")).as("newest first").containsExactly("set", "return", "adjustment", "restock");
		assertThat(values(items, "onHandChange")).containsExactly("-5", "2", "-3", "10");
		assertThat(values(items, "onHandAfter")).containsExactly("4", "9", "7", "10");
		JsonNode restock = items.get(3);
		assertThat(restock.path("note").asString()).isEqualTo("Delivery from Gikomba");
		assertThat(restock.path("referenceId").asString()).isEqualTo("PO-1001");
		assertThat(restock.path("actorType").asString()).isEqualTo("user");
		assertThat(restock.path("actorId").asString()).isEqualTo(tenant.ownerId().toString());

		Response one = api().get("/admin/v1/inventory/movements/" + restock.path("id").asString())
			.bearer(tenant.ownerToken())
			.send();
		assertThat(one.status()).isEqualTo(200);
		assertThat(one.json().path("reason").asString()).isEqualTo("restock");
	}

	@Test
	void restockRetriedWithTheSameIdempotencyKeyCountsOnce() throws Exception {
		String key = "restock-" + UUID.randomUUID();
		List<Response> answers = new ArrayList<>();
		try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
			List<java.util.concurrent.Future<Response>> futures = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				futures.add(pool.submit(() -> api().post(levelPath() + "/restock")
					.bearer(tenant.ownerToken())
					.header("Idempotency-Key", key)
					.body(Map.of("quantity", 6))
					.send()));
			}
			for (var future : futures) {
				answers.add(future.get());
			}
		}
		assertThat(answers).allSatisfy(answer -> {
			assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
			assertLevel(answer.json(), 6, 0);
		});
		assertThat(stock.level(tenant.id(), variant.variantId(), location)).isEqualTo(new Level(6, 0));
		assertThat(stock.journal(tenant.id(), variant.variantId(), location).entries()).isEqualTo(1);

		Response reusedForAnotherRequest = api().post(levelPath() + "/restock")
			.bearer(tenant.ownerToken())
			.header("Idempotency-Key", key)
			.body(Map.of("quantity", 7))
			.send();
		assertThat(reusedForAnotherRequest.status()).isEqualTo(422);
		assertThat(stock.level(tenant.id(), variant.variantId(), location)).isEqualTo(new Level(6, 0));

		Response withoutKey = post("restock", Map.of("quantity", 6));
		assertLevel(withoutKey.json(), 12, 0);
	}

	@Test
	void levelIsReadWithAvailableAndZeroBeforeAnyStock() {
		Response none = api().get(levelPath()).bearer(tenant.ownerToken()).send();
		assertThat(none.status()).as(none.toString()).isEqualTo(200);
		assertLevel(none.json(), 0, 0);
		assertThat(none.json().path("updatedAt").isNull()).isTrue();

		put(Map.of("onHand", 8));
		reserve(3);
		Response level = api().get(levelPath()).bearer(tenant.ownerToken()).send();
		assertLevel(level.json(), 8, 3);
		assertThat(level.json().path("available").asInt()).isEqualTo(5);
	}

	@Test
	void removingMoreThanOnHandIs409AndWritesNothing() {
		put(Map.of("onHand", 5));
		Response refused = post("adjust", Map.of("delta", -6, "reason", "adjustment"));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
		assertThat(refused.problemType()).isEqualTo("conflict");
		assertThat(refused.json().path("detail").asString()).contains("Cannot remove 6").contains("at most 5");
		assertThat(refused.json().path("onHand").asInt()).isEqualTo(5);
		assertNothingWrittenSinceSettingFive();
	}

	@Test
	void goingBelowReservedIs409AndWritesNothing() {
		put(Map.of("onHand", 5));
		reserve(4);
		Journal before = stock.journal(tenant.id(), variant.variantId(), location);
		long eventsBefore = stock.stockEvents(tenant.id(), variant.productId());

		Response count = put(Map.of("onHand", 3));
		assertThat(count.status()).as(count.toString()).isEqualTo(409);
		assertThat(count.problemType()).isEqualTo("conflict");
		assertThat(count.json().path("detail").asString()).isEqualTo(
				"Cannot set on hand to 3: 4 are reserved for orders at this location");
		assertThat(count.json().path("reserved").asInt()).isEqualTo(4);
		Response adjust = post("adjust", Map.of("delta", -2, "reason", "adjustment"));
		assertThat(adjust.status()).as(adjust.toString()).isEqualTo(409);
		assertThat(adjust.json().path("detail").asString()).contains("at most 1");

		assertThat(stock.level(tenant.id(), variant.variantId(), location)).isEqualTo(new Level(5, 4));
		assertThat(stock.journal(tenant.id(), variant.variantId(), location)).isEqualTo(before);
		assertThat(stock.stockEvents(tenant.id(), variant.productId())).isEqualTo(eventsBefore);

		assertThat(post("adjust", Map.of("delta", -1, "reason", "adjustment")).status())
			.as("down to exactly what is reserved is fine")
			.isEqualTo(200);
		assertThat(put(Map.of("onHand", 4)).status()).isEqualTo(200);
		assertThat(stock.level(tenant.id(), variant.variantId(), location)).isEqualTo(new Level(4, 4));
	}

	@Test
	void removingFromALevelNeverStockedIs409AndCreatesNothing() {
		Response refused = post("adjust", Map.of("delta", -1, "reason", "adjustment"));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
		assertThat(stock.level(tenant.id(), variant.variantId(), location)).isNull();
		assertThat(stock.journal(tenant.id(), variant.variantId(), location).entries()).isZero();
		assertThat(stock.stockEvents(tenant.id(), variant.productId())).isZero();
	}

	@Test
	void invalidRequestsAre400AndWriteNothing() {
		put(Map.of("onHand", 5));
		List<Response> invalid = new ArrayList<>();
		invalid.add(put(Map.of("onHand", -1)));
		invalid.add(put(Map.of("note", "no quantity")));
		invalid.add(put(Map.of("onHand", 1, "note", "x".repeat(501))));
		invalid.add(put(Map.of("onHand", 1, "reference", "r".repeat(101))));
		invalid.add(post("adjust", Map.of("delta", 0, "reason", "adjustment")));
		invalid.add(post("adjust", Map.of("delta", 1, "reason", "theft")));
		invalid.add(post("adjust", Map.of("delta", -1, "reason", "return")));
		invalid.add(post("adjust", Map.of("delta", 2_000_000, "reason", "adjustment")));
		invalid.add(post("adjust", Map.of("delta", 1)));
		invalid.add(post("restock", Map.of("quantity", 0)));
		invalid.add(post("restock", Map.of("quantity", -4)));
		for (Response response : invalid) {
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.problemType()).as(response.toString()).isEqualTo("validation-failed");
			assertThat(response.json().path("errors").size()).as(response.toString()).isPositive();
		}
		Response unknownField = post("restock", Map.of("quantity", 1, "price", 5));
		assertThat(unknownField.status()).isEqualTo(400);
		assertThat(unknownField.problemType()).isEqualTo("malformed-request");
		Response notJson = api().post(levelPath() + "/restock").bearer(tenant.ownerToken()).raw("{\"quantity\":").send();
		assertThat(notJson.status()).isEqualTo(400);
		Response notAUuid = api().put("/admin/v1/inventory/not-a-uuid/" + location)
			.bearer(tenant.ownerToken())
			.body(Map.of("onHand", 1))
			.send();
		assertThat(notAUuid.status()).isEqualTo(400);
		assertThat(api().get("/admin/v1/inventory?after=nonsense").bearer(tenant.ownerToken()).send().status())
			.isEqualTo(400);
		assertThat(api().get("/admin/v1/inventory?limit=101").bearer(tenant.ownerToken()).send().status())
			.isEqualTo(400);
		assertThat(api().get("/admin/v1/inventory/movements?limit=0").bearer(tenant.ownerToken()).send().status())
			.isEqualTo(400);

		assertNothingWrittenSinceSettingFive();
	}

	@Test
	void unknownVariantOrLocationIs404AndLocationOfAnotherStoreIs422() {
		UUID unknown = UUID.randomUUID();
		Response unknownVariant = api().put("/admin/v1/inventory/" + unknown + "/" + location)
			.bearer(tenant.ownerToken())
			.body(Map.of("onHand", 1))
			.send();
		assertThat(unknownVariant.status()).as(unknownVariant.toString()).isEqualTo(404);
		assertThat(unknownVariant.json().path("detail").asString()).isEqualTo("Variant not found");
		Response unknownLocation = api().post("/admin/v1/inventory/" + variant.variantId() + "/" + unknown + "/restock")
			.bearer(tenant.ownerToken())
			.body(Map.of("quantity", 1))
			.send();
		assertThat(unknownLocation.status()).isEqualTo(404);
		assertThat(unknownLocation.json().path("detail").asString()).isEqualTo("Location not found");
		assertThat(api().get("/admin/v1/inventory/" + unknown + "/" + location).bearer(tenant.ownerToken()).send()
			.status()).isEqualTo(404);
		assertThat(api().get("/admin/v1/inventory/movements/" + unknown).bearer(tenant.ownerToken()).send().status())
			.isEqualTo(404);

		UUID otherStoreLocation = stock.location(tenant, stock.store(tenant));
		Response otherStore = api().post("/admin/v1/inventory/" + variant.variantId() + "/" + otherStoreLocation
				+ "/restock").bearer(tenant.ownerToken()).body(Map.of("quantity", 1)).send();
		assertThat(otherStore.status()).as(otherStore.toString()).isEqualTo(422);
		assertThat(otherStore.problemType()).isEqualTo("business-rule");
		assertThat(stock.level(tenant.id(), variant.variantId(), otherStoreLocation)).isNull();
		assertThat(stock.stockEvents(tenant.id(), variant.productId())).isZero();
	}

	@Test
	void viewerReadsButCannotChangeStock() {
		String viewer = fixtures().staffMember(tenant, "viewer");
		String staff = fixtures().staffMember(tenant, "staff");
		assertThat(api().post(levelPath() + "/restock").bearer(staff).body(Map.of("quantity", 3)).send().status())
			.isEqualTo(200);

		Response denied = api().post(levelPath() + "/restock").bearer(viewer).body(Map.of("quantity", 3)).send();
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.problemType()).isEqualTo("forbidden");
		assertThat(api().put(levelPath()).bearer(viewer).body(Map.of("onHand", 0)).send().status()).isEqualTo(403);
		assertThat(api().post(levelPath() + "/adjust")
			.bearer(viewer)
			.body(Map.of("delta", -1, "reason", "adjustment"))
			.send()
			.status()).isEqualTo(403);

		assertThat(api().get(levelPath()).bearer(viewer).send().json().path("onHand").asInt()).isEqualTo(3);
		assertThat(api().get("/admin/v1/inventory/movements").bearer(viewer).send().status()).isEqualTo(200);
		assertThat(api().get("/admin/v1/inventory/low-stock").bearer(viewer).send().status()).isEqualTo(200);
		assertThat(stock.journal(tenant.id(), variant.variantId(), location).entries()).isEqualTo(1);
	}

	@Test
	void lowStockListsVariantsAtOrBelowTheirThresholdAcrossActiveLocations() {
		SeededVariant low = stock.variant(tenant, v -> v.lowStockThreshold = 5);
		SeededVariant plenty = stock.variant(tenant, v -> v.lowStockThreshold = 5);
		SeededVariant untracked = stock.variant(tenant, v -> v.lowStockThreshold = 0);
		SeededVariant neverStocked = stock.variant(tenant, v -> v.lowStockThreshold = 2);
		SeededVariant mostlyInClosedShop = stock.variant(tenant, v -> v.lowStockThreshold = 5);
		SeededVariant reservedAway = stock.variant(tenant, v -> v.lowStockThreshold = 5);
		SeededVariant archived = stock.variant(tenant, v -> {
			v.lowStockThreshold = 5;
			v.productStatus = "archived";
		});
		UUID closedShop = stock.location(tenant);
		restock(low, location, 3);
		restock(plenty, location, 10);
		restock(mostlyInClosedShop, location, 4);
		restock(mostlyInClosedShop, closedShop, 10);
		restock(reservedAway, location, 8);
		TenantContext.runAs(TenantId.of(tenant.id()), () -> assertThat(
				service().reserve(reservedAway.variantId(), location, 4, "order", "SO-1")).isTrue());
		assertThat(api().post("/admin/v1/locations/" + closedShop + "/deactivate").bearer(tenant.ownerToken()).send()
			.status()).isEqualTo(200);

		Response response = api().get("/admin/v1/inventory/low-stock").bearer(tenant.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		Map<String, JsonNode> listed = new LinkedHashMap<>();
		response.json().path("items").forEach(item -> listed.put(item.path("variantId").asString(), item));
		assertThat(listed.keySet()).containsExactlyInAnyOrder(low.variantId().toString(),
				neverStocked.variantId().toString(), mostlyInClosedShop.variantId().toString(),
				reservedAway.variantId().toString());
		assertThat(listed).doesNotContainKeys(plenty.variantId().toString(), untracked.variantId().toString(),
				archived.variantId().toString());
		JsonNode lowItem = listed.get(low.variantId().toString());
		assertThat(lowItem.path("productName").asString()).isEqualTo(low.productName());
		assertThat(lowItem.path("sku").asString()).isEqualTo(low.sku());
		assertThat(lowItem.path("available").asInt()).isEqualTo(3);
		assertThat(lowItem.path("lowStockThreshold").asInt()).isEqualTo(5);
		assertThat(listed.get(neverStocked.variantId().toString()).path("available").asInt()).isZero();
		assertThat(listed.get(mostlyInClosedShop.variantId().toString()).path("available").asInt()).isEqualTo(4);
		JsonNode reservedItem = listed.get(reservedAway.variantId().toString());
		assertThat(reservedItem.path("onHand").asInt()).isEqualTo(8);
		assertThat(reservedItem.path("reserved").asInt()).isEqualTo(4);
		assertThat(reservedItem.path("available").asInt()).isEqualTo(4);

		Response firstPage = api().get("/admin/v1/inventory/low-stock?limit=3").bearer(tenant.ownerToken()).send();
		Response secondPage = api().get("/admin/v1/inventory/low-stock?limit=3&after="
				+ firstPage.json().path("next").asString()).bearer(tenant.ownerToken()).send();
		assertThat(firstPage.json().path("items").size() + secondPage.json().path("items").size()).isEqualTo(4);
		assertThat(secondPage.json().path("next").isNull()).isTrue();
	}

	@Test
	void reserveAndReleaseAreConditionalAndJournalled() {
		put(Map.of("onHand", 5));
		InventoryService inventory = service();
		TenantContext.runAs(TenantId.of(tenant.id()), () -> {
			assertThat(inventory.reserve(variant.variantId(), location, 3, "order", "SO-7")).isTrue();
			assertThat(inventory.reserve(variant.variantId(), location, 3, "order", "SO-8"))
				.as("only 2 available")
				.isFalse();
			assertThat(inventory.release(variant.variantId(), location, 2, "order", "SO-7")).isTrue();
			assertThat(inventory.release(variant.variantId(), location, 2, "order", "SO-7"))
				.as("only 1 reserved")
				.isFalse();
			assertThat(inventory.reserve(UUID.randomUUID(), location, 1, "order", "SO-9"))
				.as("no level, nothing to reserve")
				.isFalse();
		});
		assertThat(stock.level(tenant.id(), variant.variantId(), location)).isEqualTo(new Level(5, 1));
		Journal journal = stock.journal(tenant.id(), variant.variantId(), location);
		assertThat(journal.entries()).as("set, reservation, release").isEqualTo(3);
		assertThat(journal.onHandChanges()).isEqualTo(5);
		assertThat(journal.reservedChanges()).isEqualTo(1);
		assertThat(stock.stockEvents(tenant.id(), variant.productId())).isEqualTo(3);

		JsonNode latest = api().get("/admin/v1/inventory/movements?limit=2&locationId=" + location)
			.bearer(tenant.ownerToken())
			.send()
			.json()
			.path("items");
		assertThat(values(latest, "reason")).containsExactly("release", "reservation");
		assertThat(values(latest, "reservedChange")).containsExactly("-2", "3");
		assertThat(values(latest, "reservedAfter")).containsExactly("1", "3");
		assertThat(values(latest, "referenceId")).containsExactly("SO-7", "SO-7");
		assertThat(values(latest, "actorType")).containsExactly("system", "system");
	}

	@Test
	void levelsAreFilteredAndKeysetPaged() {
		SeededVariant second = stock.variant(tenant);
		UUID otherLocation = stock.location(tenant);
		restock(variant, location, 1);
		restock(variant, otherLocation, 2);
		restock(second, location, 3);

		Response all = api().get("/admin/v1/inventory").bearer(tenant.ownerToken()).send();
		assertThat(all.json().path("items").size()).isEqualTo(3);
		Response byProduct = api().get("/admin/v1/inventory?productId=" + variant.productId())
			.bearer(tenant.ownerToken())
			.send();
		assertThat(values(byProduct.json().path("items"), "onHand")).containsExactlyInAnyOrder("1", "2");
		Response byLocation = api().get("/admin/v1/inventory?locationId=" + otherLocation)
			.bearer(tenant.ownerToken())
			.send();
		assertThat(values(byLocation.json().path("items"), "onHand")).containsExactly("2");
		assertThat(byLocation.json().path("items").get(0).path("locationCode").asString()).isNotBlank();
		Response byVariant = api().get("/admin/v1/inventory?variantId=" + second.variantId())
			.bearer(tenant.ownerToken())
			.send();
		assertThat(values(byVariant.json().path("items"), "onHand")).containsExactly("3");

		List<String> paged = new ArrayList<>();
		String after = "";
		for (int page = 0; page < 5 && after != null; page++) {
			Response response = api().get("/admin/v1/inventory?limit=2" + (after.isEmpty() ? "" : "&after=" + after))
				.bearer(tenant.ownerToken())
				.send();
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			response.json()
				.path("items")
				.forEach(i -> paged.add(i.path("variantId").asString() + "/" + i.path("locationId").asString()));
			JsonNode next = response.json().path("next");
			after = next.isNull() ? null : next.asString();
		}
		assertThat(paged).hasSize(3).doesNotHaveDuplicates();
		assertThat(after).isNull();
	}

	private void assertNothingWrittenSinceSettingFive() {
		assertThat(stock.level(tenant.id(), variant.variantId(), location)).isEqualTo(new Level(5, 0));
		Journal journal = stock.journal(tenant.id(), variant.variantId(), location);
		assertThat(journal.entries()).isEqualTo(1);
		assertThat(journal.onHandChanges()).isEqualTo(5);
		assertThat(stock.stockEvents(tenant.id(), variant.productId())).isEqualTo(1);
	}

	private void reserve(int quantity) {
		TenantContext.runAs(TenantId.of(tenant.id()), () -> assertThat(
				service().reserve(variant.variantId(), location, quantity, "order", "SO-" + quantity)).isTrue());
	}

	private void restock(SeededVariant v, UUID at, int quantity) {
		Response response = api().post("/admin/v1/inventory/" + v.variantId() + "/" + at + "/restock")
			.bearer(tenant.ownerToken())
			.body(Map.of("quantity", quantity))
			.send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	private InventoryService service() {
		return context.getBean(InventoryService.class);
	}

	private String levelPath() {
		return "/admin/v1/inventory/" + variant.variantId() + "/" + location;
	}

	private Response put(Map<String, ?> body) {
		return api().put(levelPath()).bearer(tenant.ownerToken()).body(body).send();
	}

	private Response post(String action, Map<String, ?> body) {
		return api().post(levelPath() + "/" + action).bearer(tenant.ownerToken()).body(body).send();
	}

	private static void assertLevel(JsonNode level, int onHand, int reserved) {
		assertThat(level.path("onHand").asInt()).as(level.toString()).isEqualTo(onHand);
		assertThat(level.path("reserved").asInt()).as(level.toString()).isEqualTo(reserved);
		assertThat(level.path("available").asInt()).as(level.toString()).isEqualTo(onHand - reserved);
	}

	static List<String> values(JsonNode items, String field) {
		List<String> values = new ArrayList<>();
		items.forEach(item -> values.add(item.path(field).asString()));
		return values;
	}

}
