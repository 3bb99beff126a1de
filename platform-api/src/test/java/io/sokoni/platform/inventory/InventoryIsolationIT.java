package io.sokoni.platform.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.inventory.StockFixtures.Journal;
import io.sokoni.platform.inventory.StockFixtures.Level;
import io.sokoni.platform.inventory.StockFixtures.SeededVariant;
import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenant A can neither read nor change tenant B's locations, stock levels or movements. */
class InventoryIsolationIT extends ApiTestBase {

	private StockFixtures stock;

	private TestTenant a;

	private TestTenant b;

	private SeededVariant aVariant;

	private SeededVariant bVariant;

	private UUID aLocation;

	private UUID bLocation;

	private String bMovement;

	@BeforeEach
	void twoTenantsWithStock() {
		stock = new StockFixtures(api());
		a = fixtures().tenant();
		b = fixtures().tenant();
		aVariant = stock.variant(a, v -> v.lowStockThreshold = 100);
		bVariant = stock.variant(b, v -> v.lowStockThreshold = 100);
		aLocation = stock.location(a);
		bLocation = stock.location(b);
		restock(a, aVariant.variantId(), aLocation, 5);
		restock(b, bVariant.variantId(), bLocation, 7);
		bMovement = api().get("/admin/v1/inventory/movements")
			.bearer(b.ownerToken())
			.send()
			.json()
			.path("items")
			.get(0)
			.path("id")
			.asString();
	}

	@Test
	void foreignLevelsAreNotFoundForReadsAndChanges() {
		for (String path : List.of(level(bVariant.variantId(), bLocation), level(aVariant.variantId(), bLocation),
				level(bVariant.variantId(), aLocation))) {
			assertNotFound(api().get(path));
			assertNotFound(api().put(path).body(Map.of("onHand", 0)));
			assertNotFound(api().post(path + "/adjust").body(Map.of("delta", -1, "reason", "adjustment")));
			assertNotFound(api().post(path + "/restock").body(Map.of("quantity", 100)));
		}
		assertBUntouched();
		assertThat(stock.level(a.id(), aVariant.variantId(), aLocation)).isEqualTo(new Level(5, 0));
	}

	@Test
	void foreignReservationsFindNothing() {
		InventoryService inventory = context.getBean(InventoryService.class);
		TenantContext.runAs(TenantId.of(a.id()), () -> {
			assertThat(inventory.reserve(bVariant.variantId(), bLocation, 1, "order", "X")).isFalse();
			assertThat(inventory.release(bVariant.variantId(), bLocation, 1, "order", "X")).isFalse();
		});
		assertBUntouched();
	}

	@Test
	void foreignLocationsAreNotFound() {
		String path = "/admin/v1/locations/" + bLocation;
		assertNotFound(api().get(path));
		assertNotFound(api().patch(path).body(Map.of("name", "Taken over")));
		assertNotFound(api().post(path + "/deactivate"));
		assertNotFound(api().post(path + "/activate"));
		assertNotFound(api().post("/admin/v1/locations")
			.body(Map.of("storeId", b.storeId(), "code", "HIJACK", "name", "In B's store")));

		Response own = api().get(path).bearer(b.ownerToken()).send();
		assertThat(own.status()).isEqualTo(200);
		assertThat(own.json().path("name").asString()).isEqualTo("Shop on Moi Avenue");
		assertThat(own.json().path("status").asString()).isEqualTo("active");
	}

	@Test
	void foreignMovementsAreNotFound() {
		assertNotFound(api().get("/admin/v1/inventory/movements/" + bMovement));
		assertThat(api().get("/admin/v1/inventory/movements/" + bMovement).bearer(b.ownerToken()).send().status())
			.isEqualTo(200);
	}

	@Test
	void listsNeverShowAnotherTenantsRows() {
		assertThat(InventoryIT.values(asA("/admin/v1/inventory").path("items"), "variantId"))
			.containsExactly(aVariant.variantId().toString());
		assertThat(asA("/admin/v1/inventory?variantId=" + bVariant.variantId()).path("items").size()).isZero();
		assertThat(asA("/admin/v1/inventory?locationId=" + bLocation).path("items").size()).isZero();
		assertThat(asA("/admin/v1/inventory?productId=" + bVariant.productId()).path("items").size()).isZero();

		assertThat(InventoryIT.values(asA("/admin/v1/inventory/movements").path("items"), "variantId"))
			.containsExactly(aVariant.variantId().toString());
		assertThat(asA("/admin/v1/inventory/movements?variantId=" + bVariant.variantId()).path("items").size())
			.isZero();

		assertThat(InventoryIT.values(asA("/admin/v1/locations").path("items"), "id"))
			.containsExactly(aLocation.toString());
		assertThat(asA("/admin/v1/locations?storeId=" + b.storeId()).path("items").size()).isZero();

		assertThat(InventoryIT.values(asA("/admin/v1/inventory/low-stock").path("items"), "variantId"))
			.containsExactly(aVariant.variantId().toString());
		assertThat(asA("/admin/v1/inventory/low-stock?storeId=" + b.storeId()).path("items").size()).isZero();
	}

	private tools.jackson.databind.JsonNode asA(String path) {
		Response response = api().get(path).bearer(a.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private void assertNotFound(Api.Call call) {
		Response response = call.bearer(a.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.problemType()).isEqualTo("not-found");
	}

	private void assertBUntouched() {
		assertThat(stock.level(b.id(), bVariant.variantId(), bLocation)).isEqualTo(new Level(7, 0));
		assertThat(stock.journal(b.id(), bVariant.variantId(), bLocation)).isEqualTo(new Journal(1, 7, 0, 0));
		assertThat(stock.stockEvents(b.id(), bVariant.productId())).isEqualTo(1);
		assertThat(stock.level(a.id(), aVariant.variantId(), bLocation)).isNull();
		assertThat(stock.level(b.id(), bVariant.variantId(), aLocation)).isNull();
	}

	private void restock(TestTenant tenant, UUID variantId, UUID locationId, int quantity) {
		Response response = api().post(level(variantId, locationId) + "/restock")
			.bearer(tenant.ownerToken())
			.body(Map.of("quantity", quantity))
			.send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	private static String level(UUID variantId, UUID locationId) {
		return "/admin/v1/inventory/" + variantId + "/" + locationId;
	}

}
