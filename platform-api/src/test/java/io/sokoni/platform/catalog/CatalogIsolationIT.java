package io.sokoni.platform.catalog;

import static io.sokoni.platform.catalog.CatalogFixtures.id;
import static io.sokoni.platform.catalog.CatalogFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Call;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Tenant A's token reaches none of tenant B's catalog, by id or in lists, and changes none of it. */
class CatalogIsolationIT extends ApiTestBase {

	private CatalogFixtures catalog() {
		return new CatalogFixtures(api());
	}

	@Test
	void foreignCategoriesAre404AndStayUnchanged() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		UUID parentOfB = id(catalog().createCategory(b, "B parent", null));
		JsonNode categoryOfB = catalog().createCategory(b, "B child", parentOfB);
		String path = "/admin/v1/categories/" + id(categoryOfB);

		assertNotFound(api().get(path).bearer(a.ownerToken()));
		assertNotFound(api().patch(path).bearer(a.ownerToken()).body(Map.of("version", 0, "name", "Mine")));
		assertNotFound(api().post(path + "/move").bearer(a.ownerToken()).body(Map.of("version", 0)));
		assertNotFound(api().delete(path).bearer(a.ownerToken()));

		JsonNode after = api().get(path).bearer(b.ownerToken()).send().json();
		assertThat(after.path("name").asString()).isEqualTo("B child");
		assertThat(after.path("parentId").asString()).isEqualTo(parentOfB.toString());
		assertThat(after.path("version").asLong()).isZero();
	}

	@Test
	void foreignCategoriesCannotBeUsedAsParentOrProductCategory() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		UUID categoryOfB = id(catalog().createCategory(b, "B only", null));
		UUID categoryOfA = id(catalog().createCategory(a, "A only", null));

		assertNotFound(api().post("/admin/v1/categories")
			.bearer(a.ownerToken())
			.body(Map.of("name", "Sneaky", "slug", unique("c-"), "parentId", categoryOfB.toString())));
		assertNotFound(api().post("/admin/v1/categories/" + categoryOfA + "/move")
			.bearer(a.ownerToken())
			.body(Map.of("version", 0, "parentId", categoryOfB.toString())));
		Map<String, Object> product = CatalogFixtures.product(a);
		product.put("categoryId", categoryOfB.toString());
		assertNotFound(api().post("/admin/v1/products").bearer(a.ownerToken()).body(product));
		JsonNode productOfA = catalog().createProduct(a);
		assertNotFound(api().patch("/admin/v1/products/" + id(productOfA))
			.bearer(a.ownerToken())
			.body(Map.of("version", 0, "categoryId", categoryOfB.toString())));

		assertThat(TenantRows.count(a.id(), "select count(*) from app.categories")).isEqualTo(1);
		assertThat(TenantRows.count(b.id(), "select count(*) from app.products")).isZero();
		assertThat(TenantRows.count(a.id(), "select count(*) from app.products where category_id is not null"))
			.isZero();
	}

	@Test
	void productsCannotBeCreatedInAForeignStore() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		Map<String, Object> product = CatalogFixtures.product(a);
		product.put("storeId", b.storeId().toString());

		assertNotFound(api().post("/admin/v1/products").bearer(a.ownerToken()).body(product));

		assertThat(TenantRows.count(a.id(), "select count(*) from app.products")).isZero();
		assertThat(TenantRows.count(b.id(), "select count(*) from app.products")).isZero();
	}

	@Test
	void foreignProductsVariantsAndImagesAre404AndStayUnchanged() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		JsonNode productOfB = catalog().createProduct(b,
				p -> p.put("images", List.of(Map.of("url", "https://cdn.example/b.jpg"))));
		String path = "/admin/v1/products/" + id(productOfB);
		String variant = path + "/variants/" + productOfB.path("variants").get(0).path("id").asString();
		String image = path + "/images/" + productOfB.path("images").get(0).path("id").asString();

		assertNotFound(api().get(path).bearer(a.ownerToken()));
		assertNotFound(api().patch(path).bearer(a.ownerToken()).body(Map.of("version", 0, "name", "Mine")));
		assertNotFound(api().post(path + "/archive").bearer(a.ownerToken()));
		assertNotFound(api().delete(path).bearer(a.ownerToken()));
		assertNotFound(api().post(path + "/variants")
			.bearer(a.ownerToken())
			.body(Map.of("sku", unique("SKU-"), "priceCents", 1)));
		assertNotFound(api().patch(variant).bearer(a.ownerToken()).body(Map.of("priceCents", 1)));
		assertNotFound(api().post(variant + "/deactivate").bearer(a.ownerToken()));
		assertNotFound(api().post(path + "/images").bearer(a.ownerToken()).body(Map.of("url", "https://x.example/a.jpg")));
		assertNotFound(api().patch(image).bearer(a.ownerToken()).body(Map.of("altText", "Mine")));
		assertNotFound(api().put(path + "/images/order")
			.bearer(a.ownerToken())
			.body(Map.of("imageIds", List.of(productOfB.path("images").get(0).path("id").asString()))));
		assertNotFound(api().delete(image).bearer(a.ownerToken()));

		JsonNode after = api().get(path).bearer(b.ownerToken()).send().json();
		assertThat(after).isEqualTo(productOfB);
		assertThat(TenantRows.count(b.id(), "select count(*) from app.outbox_events where aggregate_id = ?",
				id(productOfB))).isEqualTo(1);
	}

	@Test
	void aVariantOfAForeignProductCannotBeReachedThroughAnOwnProduct() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		JsonNode productOfA = catalog().createProduct(a);
		JsonNode productOfB = catalog().createProduct(b);
		String variantOfB = productOfB.path("variants").get(0).path("id").asString();

		assertNotFound(api().patch("/admin/v1/products/" + id(productOfA) + "/variants/" + variantOfB)
			.bearer(a.ownerToken())
			.body(Map.of("priceCents", 1)));

		assertThat(TenantRows.strings(b.id(), "select price_cents from app.product_variants where id = ?",
				UUID.fromString(variantOfB))).containsExactly("150000");
	}

	@Test
	void listsNeverShowAnotherTenantsCatalog() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		JsonNode categoryOfA = catalog().createCategory(a, "A cat", null);
		catalog().createCategory(b, "B cat", null);
		JsonNode productOfA = catalog().createProduct(a);
		catalog().createProduct(b);

		JsonNode tree = api().get("/admin/v1/categories").bearer(a.ownerToken()).send().json();
		assertThat(tree.findValuesAsString("id")).containsExactly(id(categoryOfA).toString());
		JsonNode all = api().get("/admin/v1/products").bearer(a.ownerToken()).send().json();
		assertThat(all.path("items").findValuesAsString("id")).containsExactly(id(productOfA).toString());
		JsonNode inStoreOfB = api().get("/admin/v1/products?storeId=" + b.storeId()).bearer(a.ownerToken()).send().json();
		assertThat(inStoreOfB.path("items").size()).isZero();
	}

	private static void assertNotFound(Call call) {
		Response response = call.send();
		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.problemType()).isEqualTo("not-found");
	}

}
