package io.sokoni.platform.catalog;

import static io.sokoni.platform.catalog.CatalogFixtures.id;
import static io.sokoni.platform.catalog.CatalogFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProductAdminIT extends ApiTestBase {

	private CatalogFixtures catalog() {
		return new CatalogFixtures(api());
	}

	@Test
	void createSavesVariantsAndImagesInOneGo() {
		TestTenant tenant = fixtures().tenant();
		JsonNode category = catalog().createCategory(tenant, "Shoes", null);
		String slug = unique("p-");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("storeId", tenant.storeId().toString());
		body.put("name", "Maasai sandal");
		body.put("slug", slug);
		body.put("description", "Hand-beaded leather sandal");
		body.put("status", "active");
		body.put("brand", "Kazuri");
		body.put("categoryId", id(category).toString());
		body.put("basePriceCents", 250000);
		body.put("compareAtPriceCents", 300000);
		body.put("costCents", 120000);
		body.put("currency", "KES");
		body.put("weightGrams", 400);
		body.put("seoTitle", "Maasai sandals");
		body.put("variants", List.of(
				Map.of("name", "Size 40 red", "sku", "SAN-40-RED-" + slug, "barcode", "4006381333931",
						"attributes", Map.of("size", "40", "colour", "red"), "priceCents", 250000,
						"lowStockThreshold", 3),
				Map.of("sku", "SAN-41-RED-" + slug, "attributes", Map.of("size", "41", "colour", "red"),
						"priceCents", 260000, "active", false)));
		body.put("images", List.of(Map.of("url", "https://cdn.example/sandal.jpg", "altText", "Sandal"),
				Map.of("url", "https://cdn.example/sandal-41.jpg", "variantSku", "SAN-41-RED-" + slug)));

		Response created = api().post("/admin/v1/products").bearer(tenant.ownerToken()).body(body).send();

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode product = created.json();
		assertThat(created.header("Location")).isEqualTo("/admin/v1/products/" + id(product));
		assertThat(product.path("status").asString()).isEqualTo("active");
		assertThat(product.path("categoryId").asString()).isEqualTo(id(category).toString());
		assertThat(product.path("compareAtPriceCents").asLong()).isEqualTo(300000);
		assertThat(product.path("version").asLong()).isZero();
		JsonNode variants = product.path("variants");
		assertThat(variants.size()).isEqualTo(2);
		assertThat(variants.get(0).path("attributes").path("colour").asString()).isEqualTo("red");
		assertThat(variants.get(0).path("lowStockThreshold").asInt()).isEqualTo(3);
		assertThat(variants.get(0).path("active").asBoolean()).isTrue();
		assertThat(variants.get(1).path("active").asBoolean()).isFalse();
		assertThat(variants.get(1).path("position").asInt()).isEqualTo(1);
		JsonNode images = product.path("images");
		assertThat(images.size()).isEqualTo(2);
		assertThat(images.get(0).path("variantId").isNull()).isTrue();
		assertThat(images.get(1).path("variantId").asString()).isEqualTo(variants.get(1).path("id").asString());

		JsonNode read = api().get("/admin/v1/products/" + id(product)).bearer(tenant.ownerToken()).send().json();
		assertThat(read).isEqualTo(product);
	}

	@Test
	void statusDefaultsToDraft() {
		TestTenant tenant = fixtures().tenant();
		assertThat(catalog().createProduct(tenant).path("status").asString()).isEqualTo("draft");
	}

	@Test
	void listPagesNewestFirstWithFilters() {
		TestTenant tenant = fixtures().tenant();
		JsonNode category = catalog().createCategory(tenant, "Kitchen", null);
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			int n = i;
			created.add(id(catalog().createProduct(tenant, p -> {
				p.put("name", "Jiko " + n);
				p.put("status", n < 3 ? "active" : "draft");
				if (n == 4) {
					p.put("name", "Sufuria pot");
					p.put("categoryId", id(category).toString());
				}
			})).toString());
		}

		List<String> seen = new ArrayList<>();
		String after = null;
		int pages = 0;
		do {
			Response page = api().get("/admin/v1/products?limit=2" + (after == null ? "" : "&after=" + after))
				.bearer(tenant.ownerToken())
				.send();
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			page.json().path("items").forEach(item -> seen.add(item.path("id").asString()));
			after = page.json().path("next").isNull() ? null : page.json().path("next").asString();
			pages++;
		}
		while (after != null && pages < 10);

		assertThat(seen).containsExactlyElementsOf(created.reversed());
		assertThat(ids("/admin/v1/products?status=active", tenant)).hasSize(3);
		assertThat(ids("/admin/v1/products?status=draft", tenant)).containsExactly(created.get(4), created.get(3));
		assertThat(ids("/admin/v1/products?categoryId=" + id(category), tenant)).containsExactly(created.get(4));
		assertThat(ids("/admin/v1/products?q=SUFURIA", tenant)).containsExactly(created.get(4));
		assertThat(ids("/admin/v1/products?q=jiko&status=draft", tenant)).containsExactly(created.get(3));
		assertThat(ids("/admin/v1/products?storeId=" + tenant.storeId(), tenant)).hasSize(5);
		assertThat(ids("/admin/v1/products?storeId=" + UUID.randomUUID(), tenant)).isEmpty();
	}

	@Test
	void limitAbove100AndUnknownStatusAre400() {
		TestTenant tenant = fixtures().tenant();
		Response tooMany = api().get("/admin/v1/products?limit=101").bearer(tenant.ownerToken()).send();
		Response badStatus = api().get("/admin/v1/products?status=deleted").bearer(tenant.ownerToken()).send();
		assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(400);
		assertThat(tooMany.problemType()).isEqualTo("validation-failed");
		assertThat(tooMany.json().path("errors").findValuesAsString("field")).contains("limit");
		assertThat(badStatus.status()).isEqualTo(400);
	}

	@Test
	void updateAppliesChangesAndRefusesAStaleVersion() {
		TestTenant tenant = fixtures().tenant();
		JsonNode product = catalog().createProduct(tenant);
		String path = "/admin/v1/products/" + id(product);

		Response first = api().patch(path)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "name", "Kanga wrap", "basePriceCents", 90000, "status", "active"))
			.send();
		Response stale = api().patch(path)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "name", "Kitenge wrap"))
			.send();

		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(first.json().path("version").asLong()).isEqualTo(1);
		assertThat(first.json().path("basePriceCents").asLong()).isEqualTo(90000);
		assertThat(first.json().path("slug").asString()).isEqualTo(product.path("slug").asString());
		assertThat(first.json().path("variants").size()).isEqualTo(1);
		assertThat(stale.status()).as(stale.toString()).isEqualTo(409);
		assertThat(stale.problemType()).isEqualTo("stale-version");
		JsonNode after = api().get(path).bearer(tenant.ownerToken()).send().json();
		assertThat(after.path("name").asString()).isEqualTo("Kanga wrap");
		assertThat(after.path("version").asLong()).isEqualTo(1);
	}

	@Test
	void clearEmptiesOptionalFieldsAndRefusesRequiredOrContradictoryOnes() {
		TestTenant tenant = fixtures().tenant();
		JsonNode product = catalog().createProduct(tenant);
		String path = "/admin/v1/products/" + id(product);
		Response set = api().patch(path)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "brand", "Kazuri", "seoTitle", "Beads", "weightGrams", 250))
			.send();
		assertThat(set.status()).as(set.toString()).isEqualTo(200);

		Response required = api().patch(path)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 1, "clear", List.of("name")))
			.send();
		Response contradictory = api().patch(path)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 1, "brand", "Bata", "clear", List.of("brand")))
			.send();
		assertThat(required.status()).as(required.toString()).isEqualTo(400);
		assertThat(contradictory.status()).as(contradictory.toString()).isEqualTo(400);
		assertThat(api().get(path).bearer(tenant.ownerToken()).send().json().path("brand").asString())
			.as("refused requests change nothing").isEqualTo("Kazuri");

		Response cleared = api().patch(path)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 1, "clear", List.of("brand", "weightGrams")))
			.send();
		assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
		assertThat(cleared.json().hasNonNull("brand")).isFalse();
		assertThat(cleared.json().hasNonNull("weightGrams")).isFalse();
		assertThat(cleared.json().path("seoTitle").asString()).as("not named, kept").isEqualTo("Beads");
		assertThat(cleared.json().path("version").asLong()).isEqualTo(2);
	}

	@Test
	void compareAtPriceBelowBasePriceIs400OnCreateAndUpdate() {
		TestTenant tenant = fixtures().tenant();
		String slug = unique("p-");
		Response create = api().post("/admin/v1/products")
			.bearer(tenant.ownerToken())
			.body(withFields(CatalogFixtures.product(tenant), Map.of("slug", slug, "compareAtPriceCents", 100)))
			.send();
		assertThat(create.status()).as(create.toString()).isEqualTo(400);
		assertThat(create.json().path("errors").findValuesAsString("field")).containsExactly("compareAtPriceCents");
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.products where slug = ?", slug)).isZero();

		JsonNode product = catalog().createProduct(tenant, p -> p.put("compareAtPriceCents", 200000));
		Response update = api().patch("/admin/v1/products/" + id(product))
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "basePriceCents", 250000))
			.send();
		assertThat(update.status()).as(update.toString()).isEqualTo(400);
		JsonNode after = api().get("/admin/v1/products/" + id(product)).bearer(tenant.ownerToken()).send().json();
		assertThat(after.path("basePriceCents").asLong()).isEqualTo(150000);
		assertThat(after.path("version").asLong()).isZero();
	}

	@Test
	void archiveKeepsTheProductAndDeleteRemovesItWithVariantsAndImages() {
		TestTenant tenant = fixtures().tenant();
		JsonNode product = catalog().createProduct(tenant,
				p -> p.put("images", List.of(Map.of("url", "https://cdn.example/a.jpg"))));
		String path = "/admin/v1/products/" + id(product);

		Response archived = api().post(path + "/archive").bearer(tenant.ownerToken()).send();
		assertThat(archived.status()).as(archived.toString()).isEqualTo(200);
		assertThat(archived.json().path("status").asString()).isEqualTo("archived");
		assertThat(archived.json().path("version").asLong()).isEqualTo(1);

		Response deleted = api().delete(path).bearer(tenant.ownerToken()).send();
		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
		assertThat(api().get(path).bearer(tenant.ownerToken()).send().status()).isEqualTo(404);
		assertThat(api().delete(path).bearer(tenant.ownerToken()).send().status()).isEqualTo(404);
		assertThat(api().post(path + "/archive").bearer(tenant.ownerToken()).send().status()).isEqualTo(404);
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.product_variants where product_id = ?",
				id(product))).isZero();
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.product_images where product_id = ?",
				id(product))).isZero();
	}

	@Test
	void invalidFieldsAre400WithFieldErrorsAndNothingIsSaved() {
		TestTenant tenant = fixtures().tenant();
		String sku = unique("SKU-");
		Map<String, Object> body = withFields(CatalogFixtures.product(tenant),
				Map.of("slug", "Not A Slug!", "basePriceCents", -1, "currency", "kes", "status", "live", "variants",
						List.of(Map.of("sku", sku, "priceCents", -5), Map.of("sku", "bad sku", "priceCents", 1))));

		Response response = api().post("/admin/v1/products").bearer(tenant.ownerToken()).body(body).send();

		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.problemType()).isEqualTo("validation-failed");
		assertThat(response.json().path("errors").findValuesAsString("field")).contains("slug", "basePriceCents",
				"currency", "status", "variants[0].priceCents", "variants[1].sku");
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.products")).isZero();
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.product_variants where sku = ?", sku))
			.isZero();
	}

	@Test
	void productWithoutVariantsIs400() {
		TestTenant tenant = fixtures().tenant();
		Response response = api().post("/admin/v1/products")
			.bearer(tenant.ownerToken())
			.body(withFields(CatalogFixtures.product(tenant), Map.of("variants", List.of())))
			.send();
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("errors").findValuesAsString("field")).contains("variants");
	}

	@Test
	void duplicateSkuIs409AndNothingOfTheProductIsSaved() {
		TestTenant tenant = fixtures().tenant();
		JsonNode existing = catalog().createProduct(tenant);
		String takenSku = existing.path("variants").get(0).path("sku").asString();
		String freshSku = unique("SKU-");
		String slug = unique("p-");

		Response response = api().post("/admin/v1/products")
			.bearer(tenant.ownerToken())
			.body(withFields(CatalogFixtures.product(tenant), Map.of("slug", slug, "variants",
					List.of(Map.of("sku", freshSku, "priceCents", 100), Map.of("sku", takenSku, "priceCents", 100)))))
			.send();

		assertThat(response.status()).as(response.toString()).isEqualTo(409);
		assertThat(response.problemType()).isEqualTo("duplicate");
		assertThat(response.json().path("detail").asString()).isEqualTo("A variant with this SKU already exists");
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.products where slug = ?", slug)).isZero();
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.product_variants where sku = ?", freshSku))
			.isZero();
	}

	@Test
	void duplicateSlugAndBarcodeAre409() {
		TestTenant tenant = fixtures().tenant();
		JsonNode existing = catalog().createProduct(tenant, p -> p.put("variants",
				List.of(Map.of("sku", unique("SKU-"), "barcode", "BAR-" + unique(""), "priceCents", 100))));
		Response slug = api().post("/admin/v1/products")
			.bearer(tenant.ownerToken())
			.body(withFields(CatalogFixtures.product(tenant), Map.of("slug", existing.path("slug").asString())))
			.send();
		Response barcode = api().post("/admin/v1/products")
			.bearer(tenant.ownerToken())
			.body(withFields(CatalogFixtures.product(tenant), Map.of("variants", List.of(Map.of("sku",
					unique("SKU-"), "barcode", existing.path("variants").get(0).path("barcode").asString(),
					"priceCents", 100)))))
			.send();
		assertThat(slug.status()).isEqualTo(409);
		assertThat(slug.json().path("detail").asString()).isEqualTo("A product with this slug already exists");
		assertThat(barcode.status()).isEqualTo(409);
		assertThat(barcode.json().path("detail").asString()).isEqualTo("A variant with this barcode already exists");
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.products")).isEqualTo(1);
	}

	@Test
	void currencyMustBeTheStoresAndReferencesMustExist() {
		TestTenant tenant = fixtures().tenant();
		Response usd = api().post("/admin/v1/products")
			.bearer(tenant.ownerToken())
			.body(withFields(CatalogFixtures.product(tenant), Map.of("currency", "USD")))
			.send();
		Response unknownCategory = api().post("/admin/v1/products")
			.bearer(tenant.ownerToken())
			.body(withFields(CatalogFixtures.product(tenant), Map.of("categoryId", UUID.randomUUID().toString())))
			.send();
		Response unknownStore = api().post("/admin/v1/products")
			.bearer(tenant.ownerToken())
			.body(withFields(CatalogFixtures.product(tenant), Map.of("storeId", UUID.randomUUID().toString())))
			.send();
		assertThat(usd.status()).as(usd.toString()).isEqualTo(422);
		assertThat(usd.problemType()).isEqualTo("business-rule");
		assertThat(usd.json().path("detail").asString()).contains("KES");
		assertThat(unknownCategory.status()).as(unknownCategory.toString()).isEqualTo(404);
		assertThat(unknownCategory.json().path("detail").asString()).isEqualTo("Category not found");
		assertThat(unknownStore.status()).as(unknownStore.toString()).isEqualTo(404);
		assertThat(unknownStore.json().path("detail").asString()).isEqualTo("Store not found");
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.products")).isZero();
	}

	@Test
	void variantsCanBeAddedUpdatedAndDeactivated() {
		TestTenant tenant = fixtures().tenant();
		JsonNode product = catalog().createProduct(tenant);
		String path = "/admin/v1/products/" + id(product) + "/variants";
		String sku = unique("SKU-");

		Response added = api().post(path)
			.bearer(tenant.ownerToken())
			.body(Map.of("sku", sku, "priceCents", 175000, "attributes", Map.of("size", "L")))
			.send();
		assertThat(added.status()).as(added.toString()).isEqualTo(201);
		assertThat(added.json().path("position").asInt()).isEqualTo(1);
		String variantPath = path + "/" + id(added.json());

		Response duplicate = api().post(path).bearer(tenant.ownerToken()).body(Map.of("sku", sku, "priceCents", 1)).send();
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.problemType()).isEqualTo("duplicate");

		Response updated = api().patch(variantPath)
			.bearer(tenant.ownerToken())
			.body(Map.of("priceCents", 180000, "attributes", Map.of("size", "XL", "colour", "blue"),
					"lowStockThreshold", 4))
			.send();
		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.json().path("priceCents").asLong()).isEqualTo(180000);
		assertThat(updated.json().path("attributes").path("size").asString()).isEqualTo("XL");
		assertThat(updated.json().path("attributes").path("colour").asString()).isEqualTo("blue");
		assertThat(updated.json().path("lowStockThreshold").asInt()).isEqualTo(4);
		assertThat(updated.json().path("sku").asString()).isEqualTo(sku);

		Response negative = api().patch(variantPath).bearer(tenant.ownerToken()).body(Map.of("priceCents", -1)).send();
		assertThat(negative.status()).isEqualTo(400);

		Response deactivated = api().post(variantPath + "/deactivate").bearer(tenant.ownerToken()).send();
		assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
		assertThat(deactivated.json().path("active").asBoolean()).isFalse();

		Response unknown = api().patch(path + "/" + UUID.randomUUID())
			.bearer(tenant.ownerToken())
			.body(Map.of("priceCents", 1))
			.send();
		assertThat(unknown.status()).isEqualTo(404);
		JsonNode after = api().get("/admin/v1/products/" + id(product)).bearer(tenant.ownerToken()).send().json();
		assertThat(after.path("variants").size()).isEqualTo(2);
		assertThat(after.path("variants").get(1).path("priceCents").asLong()).isEqualTo(180000);
	}

	@Test
	void variantOfAnotherProductIs404() {
		TestTenant tenant = fixtures().tenant();
		JsonNode one = catalog().createProduct(tenant);
		JsonNode other = catalog().createProduct(tenant);
		String variantOfOther = other.path("variants").get(0).path("id").asString();
		Response response = api().post("/admin/v1/products/" + id(one) + "/variants/" + variantOfOther + "/deactivate")
			.bearer(tenant.ownerToken())
			.send();
		assertThat(response.status()).isEqualTo(404);
	}

	@Test
	void imagesCanBeAddedUpdatedReorderedAndDeleted() {
		TestTenant tenant = fixtures().tenant();
		JsonNode product = catalog().createProduct(tenant);
		String path = "/admin/v1/products/" + id(product) + "/images";
		String sku = product.path("variants").get(0).path("sku").asString();

		JsonNode first = add(tenant, path, Map.of("url", "https://cdn.example/1.jpg"));
		JsonNode second = add(tenant, path, Map.of("url", "https://cdn.example/2.jpg", "variantSku", sku));
		JsonNode third = add(tenant, path, Map.of("url", "https://cdn.example/3.jpg", "altText", "Back"));
		assertThat(second.path("position").asInt()).isEqualTo(1);
		assertThat(second.path("variantId").asString())
			.isEqualTo(product.path("variants").get(0).path("id").asString());

		Response badVariant = api().post(path)
			.bearer(tenant.ownerToken())
			.body(Map.of("url", "https://cdn.example/4.jpg", "variantSku", "NO-SUCH-SKU"))
			.send();
		assertThat(badVariant.status()).isEqualTo(400);
		Response notHttp = api().post(path).bearer(tenant.ownerToken()).body(Map.of("url", "ftp://x/y.jpg")).send();
		assertThat(notHttp.status()).isEqualTo(400);

		Response updated = api().patch(path + "/" + id(first))
			.bearer(tenant.ownerToken())
			.body(Map.of("altText", "Front"))
			.send();
		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.json().path("altText").asString()).isEqualTo("Front");
		assertThat(updated.json().path("url").asString()).isEqualTo("https://cdn.example/1.jpg");

		Response reordered = api().put(path + "/order")
			.bearer(tenant.ownerToken())
			.body(Map.of("imageIds", List.of(id(third).toString(), id(first).toString(), id(second).toString())))
			.send();
		assertThat(reordered.status()).as(reordered.toString()).isEqualTo(200);
		assertThat(reordered.json().findValuesAsString("id")).containsExactly(id(third).toString(),
				id(first).toString(), id(second).toString());
		Response partial = api().put(path + "/order")
			.bearer(tenant.ownerToken())
			.body(Map.of("imageIds", List.of(id(first).toString())))
			.send();
		assertThat(partial.status()).isEqualTo(400);
		Response foreign = api().put(path + "/order")
			.bearer(tenant.ownerToken())
			.body(Map.of("imageIds",
					List.of(id(third).toString(), id(first).toString(), UUID.randomUUID().toString())))
			.send();
		assertThat(foreign.status()).isEqualTo(404);

		Response deleted = api().delete(path + "/" + id(first)).bearer(tenant.ownerToken()).send();
		assertThat(deleted.status()).isEqualTo(204);
		assertThat(api().delete(path + "/" + id(first)).bearer(tenant.ownerToken()).send().status()).isEqualTo(404);
		JsonNode after = api().get("/admin/v1/products/" + id(product)).bearer(tenant.ownerToken()).send().json();
		assertThat(after.path("images").findValuesAsString("id")).containsExactly(id(third).toString(),
				id(second).toString());
	}

	@Test
	void viewersReadButOnlyStaffAndOwnersWrite() {
		TestTenant tenant = fixtures().tenant();
		JsonNode product = catalog().createProduct(tenant);
		String viewer = fixtures().staffMember(tenant, "viewer");
		String staff = fixtures().staffMember(tenant, "staff");

		assertThat(api().get("/admin/v1/products").bearer(viewer).send().status()).isEqualTo(200);
		assertThat(api().get("/admin/v1/products/" + id(product)).bearer(viewer).send().status()).isEqualTo(200);
		Response viewerCreate = api().post("/admin/v1/products")
			.bearer(viewer)
			.body(CatalogFixtures.product(tenant))
			.send();
		Response viewerArchive = api().post("/admin/v1/products/" + id(product) + "/archive").bearer(viewer).send();
		Response staffCreate = api().post("/admin/v1/products").bearer(staff).body(CatalogFixtures.product(tenant)).send();
		assertThat(viewerCreate.status()).isEqualTo(403);
		assertThat(viewerArchive.status()).isEqualTo(403);
		assertThat(staffCreate.status()).as(staffCreate.toString()).isEqualTo(201);
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.products")).isEqualTo(2);
		assertThat(TenantRows.strings(tenant.id(), "select status from app.products where id = ?", id(product)))
			.containsExactly("draft");
	}

	@Test
	void bodiesAbove64KbAreStillRefusedForProducts() {
		TestTenant tenant = fixtures().tenant();
		Response response = api().post("/admin/v1/products")
			.bearer(tenant.ownerToken())
			.body(withFields(CatalogFixtures.product(tenant), Map.of("description", "x".repeat(70_000))))
			.send();
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.problemType()).isEqualTo("payload-too-large");
	}

	private JsonNode add(TestTenant tenant, String path, Map<String, Object> image) {
		Response response = api().post(path).bearer(tenant.ownerToken()).body(image).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	private List<String> ids(String path, TestTenant tenant) {
		Response response = api().get(path).bearer(tenant.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().path("items").findValuesAsString("id").stream().toList();
	}

	private static Map<String, Object> withFields(Map<String, Object> body, Map<String, Object> fields) {
		body.putAll(fields);
		return body;
	}


	@Test
	void aProductWithOrdersCannotBeDeletedAndKeepsItsStockHolds() {
		TestTenant tenant = fixtures().tenant();
		OrderFixtures shop = new OrderFixtures(api(), tenant);
		UUID variant = shop.variant(10_000, 10);
		shop.order(variant, 3, "cod");
		UUID product = TenantSql.call(tenant.id(), jdbc -> jdbc.queryForObject(
				"select product_id from app.product_variants where id = ?", UUID.class, variant));

		Response deleted = api().delete("/admin/v1/products/" + product).bearer(tenant.ownerToken()).send();

		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(409);
		assertThat(shop.stock(variant)).containsExactly(10, 3);
		assertThat(shop.count("select count(*) from app.inventory_reservations where variant_id = ?", variant))
			.isEqualTo(1);
	}


	@Test
	void aCompareAtPriceNotAboveTheListedPriceIsNotShownToShoppers() {
		TestTenant tenant = fixtures().tenant();
		String slug = unique("lamp-");
		Response created = api().post("/admin/v1/products").bearer(tenant.ownerToken())
			.body(Map.of("storeId", tenant.storeId().toString(), "name", "Lamp", "slug", slug, "status", "active",
					"basePriceCents", 1000, "compareAtPriceCents", 1500, "currency", "KES", "variants",
					List.of(Map.of("sku", unique("LAMP-"), "priceCents", 5000))))
			.send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);

		Response page = api().get("/storefront/v1/products/" + slug).host(tenant.host()).send();

		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		assertThat(page.json().path("priceCents").asLong()).isEqualTo(5000);
		assertThat(page.json().path("compareAtPriceCents").isNull()).as(page.body()).isTrue();
	}

}
