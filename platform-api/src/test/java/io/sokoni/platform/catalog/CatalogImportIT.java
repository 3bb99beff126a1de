package io.sokoni.platform.catalog;

import static io.sokoni.platform.catalog.CatalogFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.RawHttp;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CatalogImportIT extends ApiTestBase {

	private static final String HEADER = "product_slug,product_name,description,status,brand,category_slug,"
			+ "base_price_cents,currency,sku,barcode,variant_name,price_cents,size,colour,model";

	private static final String[] SIZES = { "S", "M", "L", "XL" };

	private CatalogFixtures catalog() {
		return new CatalogFixtures(api());
	}

	@Test
	void csvOfThousandsOfRowsSavesEveryProductWithItsEvent() {
		TestTenant tenant = fixtures().tenant();
		JsonNode category = catalog().createCategory(tenant, "Shirts", null);
		List<String> rows = rows(600, category.path("slug").asString());
		String csv = csv(rows);
		assertThat(csv.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(64 * 1024);

		Response started = start(tenant, "all_or_nothing", csv);

		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		assertThat(started.header("Location")).isEqualTo("/admin/v1/catalog/imports/" + id(started.json()));
		assertThat(started.json().path("totalRows").asInt()).isEqualTo(2400);
		assertThat(started.json().path("format").asString()).isEqualTo("csv");
		JsonNode done = awaitFinished(tenant, started.header("Location"));
		assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("completed");
		assertThat(done.path("processedRows").asInt()).isEqualTo(2400);
		assertThat(done.path("savedRows").asInt()).isEqualTo(2400);
		assertThat(done.path("errorRows").asInt()).isZero();
		assertThat(done.path("errors").size()).isZero();
		assertThat(done.path("finishedAt").isNull()).isFalse();
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.products")).isEqualTo(600);
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.product_variants")).isEqualTo(2400);
		assertThat(TenantRows.count(tenant.id(),
				"select count(distinct aggregate_id) from app.outbox_events where event_type = 'product.upserted'"))
			.isEqualTo(600);
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.outbox_events")).isEqualTo(601);

		JsonNode listed = api().get("/admin/v1/products?q=Shirt%20number%207%2C").bearer(tenant.ownerToken()).send().json();
		assertThat(listed.path("items").size()).isEqualTo(1);
		JsonNode product = api().get("/admin/v1/products/" + id(listed.path("items").get(0)))
			.bearer(tenant.ownerToken())
			.send()
			.json();
		assertThat(product.path("name").asString()).isEqualTo("Shirt number 7, cotton");
		assertThat(product.path("description").asString()).isEqualTo("A \"classic\" shirt");
		assertThat(product.path("status").asString()).isEqualTo("active");
		assertThat(product.path("categoryId").asString()).isEqualTo(id(category).toString());
		assertThat(product.path("basePriceCents").asLong()).isEqualTo(150000);
		assertThat(product.path("variants").size()).isEqualTo(4);
		JsonNode large = product.path("variants").get(2);
		assertThat(large.path("sku").asString()).isEqualTo("SH-7-L");
		assertThat(large.path("name").asString()).isEqualTo("Size L");
		assertThat(large.path("attributes").size()).isEqualTo(2);
		assertThat(large.path("attributes").path("size").asString()).isEqualTo("L");
		assertThat(large.path("attributes").path("colour").asString()).isEqualTo("blue");
	}

	@Test
	void jsonImportTakesProductsShapedLikeACreate() {
		TestTenant tenant = fixtures().tenant();
		List<Map<String, Object>> products = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			Map<String, Object> p = new LinkedHashMap<>();
			p.put("name", "Kiondo basket " + i);
			p.put("slug", "kiondo-" + i);
			p.put("basePriceCents", 300000);
			p.put("currency", "KES");
			p.put("variants", List.of(Map.of("sku", "KIO-" + i + "-S", "priceCents", 300000, "attributes",
					Map.of("size", "S")), Map.of("sku", "KIO-" + i + "-L", "priceCents", 350000)));
			p.put("images", List.of(Map.of("url", "https://cdn.example/kiondo-" + i + ".jpg", "variantSku",
					"KIO-" + i + "-L")));
			products.add(p);
		}

		Response started = api().post("/admin/v1/catalog/imports?mode=valid_only&storeId=" + tenant.storeId())
			.bearer(tenant.ownerToken())
			.body(products)
			.send();

		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		assertThat(started.json().path("format").asString()).isEqualTo("json");
		assertThat(started.json().path("mode").asString()).isEqualTo("valid_only");
		JsonNode done = awaitFinished(tenant, started.header("Location"));
		assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("completed");
		assertThat(done.path("savedRows").asInt()).isEqualTo(300);
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.product_variants")).isEqualTo(600);
		assertThat(TenantRows.count(tenant.id(),
				"select count(*) from app.product_images i join app.product_variants v on v.id = i.variant_id "
						+ "where v.sku like 'KIO-%-L'"))
			.isEqualTo(300);
	}

	@Test
	void allOrNothingWithOneBadRowSavesNothing() {
		TestTenant tenant = fixtures().tenant();
		List<String> rows = rows(500, "");
		int bad = 1234;
		rows.set(bad, rows.get(bad).replace(",150000,S,", ",-5,S,").replace(",150000,M,", ",-5,M,")
			.replace(",150000,L,", ",-5,L,").replace(",150000,XL,", ",-5,XL,"));
		String badSlug = rows.get(bad).substring(0, rows.get(bad).indexOf(','));

		JsonNode done = awaitFinished(tenant, start(tenant, "all_or_nothing", csv(rows)).header("Location"));

		assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("failed");
		assertThat(done.path("savedRows").asInt()).isZero();
		assertThat(done.path("processedRows").asInt()).isEqualTo(2000);
		assertThat(done.path("errorRows").asInt()).isEqualTo(4);
		JsonNode error = done.path("errors").get(0);
		assertThat(error.path("row").asInt()).isEqualTo(bad + 2);
		assertThat(error.path("field").asString()).isEqualTo("price_cents");
		assertThat(error.path("product").asString()).isEqualTo(badSlug);
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.products")).isZero();
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.outbox_events")).isZero();
	}

	@Test
	void validOnlySavesTheValidProductsAndReportsBadRowsByNumber() {
		TestTenant tenant = fixtures().tenant();
		String takenSku = catalog().createProduct(tenant).path("variants").get(0).path("sku").asString();
		List<String> rows = rows(500, "");
		rows.set(42, rows.get(42).replace(",150000,L,", ",abc,L,"));
		rows.set(80, rows.get(80).replace(",KES,", ",USD,"));
		rows.set(120, rows.get(120).replace(",SH-30-S,", "," + takenSku + ","));
		rows.set(160, rows.get(160).replace(",,150000,", ",no-such-category,150000,"));
		rows.set(204, rows.get(204).replace(",SH-51-S,", ",SH-50-S,"));
		rows.set(241, "shirt-60,too,few,cells");

		JsonNode done = awaitFinished(tenant, start(tenant, "valid_only", csv(rows)).header("Location"));

		assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("completed");
		assertThat(done.path("processedRows").asInt()).isEqualTo(2000);
		assertThat(done.path("savedRows").asInt()).isEqualTo(2000 - 6 * 4);
		assertThat(done.path("errorRows").asInt()).isEqualTo(6 * 4);
		List<String> errors = new ArrayList<>();
		done.path("errors")
			.forEach(e -> errors.add(e.path("row").asInt() + " " + field(e) + " " + e.path("product").asString()));
		assertThat(errors).containsExactly("44 price_cents shirt-10", "82 currency shirt-20", "122 sku shirt-30",
				"162 category_slug shirt-40", "206 sku shirt-51", "243 - shirt-60");
		assertThat(done.path("errors").get(0).path("message").asString()).contains("whole number");
		assertThat(done.path("errors").get(4).path("message").asString()).contains("row 202");
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.products")).isEqualTo(494 + 1);
		assertThat(TenantRows.count(tenant.id(),
				"select count(*) from app.products where slug in ('shirt-10', 'shirt-20', 'shirt-30', 'shirt-40', "
						+ "'shirt-51', 'shirt-60')"))
			.isZero();
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.products where slug = 'shirt-50'"))
			.isEqualTo(1);
	}

	@Test
	void jsonRowErrorsNameTheElementAndItsPath() {
		TestTenant tenant = fixtures().tenant();
		String body = """
				[
				  {"name": "Good", "slug": "good", "basePriceCents": 100, "currency": "KES",
				   "variants": [{"sku": "GOOD-1", "priceCents": 100}]},
				  {"name": "Wrong type", "slug": "wrong-type", "basePriceCents": "lots", "currency": "KES",
				   "variants": [{"sku": "WT-1", "priceCents": 100}]},
				  {"name": "Bad SKU", "slug": "bad-sku", "basePriceCents": 100, "currency": "KES",
				   "variants": [{"sku": "has space", "priceCents": 100}]},
				  {"name": "Unknown", "slug": "unknown", "basePriceCents": 100, "currency": "KES", "colour": "red",
				   "variants": [{"sku": "UNK-1", "priceCents": 100}]}
				]
				""";

		Response started = api().post("/admin/v1/catalog/imports?mode=valid_only&storeId=" + tenant.storeId())
			.bearer(tenant.ownerToken())
			.raw(body)
			.send();

		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		JsonNode done = awaitFinished(tenant, started.header("Location"));
		assertThat(done.path("savedRows").asInt()).isEqualTo(1);
		assertThat(done.path("errorRows").asInt()).isEqualTo(3);
		List<String> errors = new ArrayList<>();
		done.path("errors").forEach(e -> errors.add(e.path("row").asInt() + " " + field(e)));
		assertThat(errors).containsExactly("2 basePriceCents", "3 variants[0].sku", "4 colour");
		assertThat(TenantRows.strings(tenant.id(), "select slug from app.products")).containsExactly("good");
	}

	@Test
	void unreadableImportsAre400AndRecordNothing() {
		TestTenant tenant = fixtures().tenant();
		String store = "&storeId=" + tenant.storeId();
		Response unknownColumn = start(tenant, "valid_only", "product_slug,product_name,base_price_cents,currency,sku,"
				+ "price_cents,flavour\nx,X,1,KES,X-1,1,mint\n");
		Response missingColumn = start(tenant, "valid_only", "product_slug,product_name\nx,X\n");
		Response headerOnly = start(tenant, "valid_only", HEADER + "\n");
		Response notAnArray = api().post("/admin/v1/catalog/imports?mode=valid_only" + store)
			.bearer(tenant.ownerToken())
			.raw("{\"name\": \"x\"}")
			.send();
		Response badMode = api().post("/admin/v1/catalog/imports?mode=some" + store)
			.bearer(tenant.ownerToken())
			.raw("[]")
			.send();
		Response unknownStore = api().post("/admin/v1/catalog/imports?storeId=" + UUID.randomUUID())
			.bearer(tenant.ownerToken())
			.raw("[]")
			.send();
		Response xml = api().post("/admin/v1/catalog/imports?storeId=" + tenant.storeId())
			.bearer(tenant.ownerToken())
			.header("Content-Type", "application/xml")
			.raw("<products/>")
			.send();

		assertThat(unknownColumn.status()).as(unknownColumn.toString()).isEqualTo(400);
		assertThat(unknownColumn.json().path("detail").asString()).contains("flavour");
		assertThat(missingColumn.status()).isEqualTo(400);
		assertThat(missingColumn.json().path("detail").asString()).contains("sku");
		assertThat(headerOnly.status()).isEqualTo(400);
		assertThat(notAnArray.status()).isEqualTo(400);
		assertThat(notAnArray.json().path("detail").asString()).contains("JSON array");
		assertThat(badMode.status()).isEqualTo(400);
		assertThat(unknownStore.status()).isEqualTo(404);
		assertThat(xml.status()).isEqualTo(415);
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.catalog_imports")).isZero();
	}

	@Test
	void aCsvThatIsNotUtf8OrHasTwoContentTypesIsRefusedAndSavesNothing() throws Exception {
		TestTenant tenant = fixtures().tenant();
		String header = "product_slug,product_name,base_price_cents,currency,sku,price_cents";
		byte[] latin1 = (header + "\ncafe-latin,Caf\u00e9 cr\u00e8me,1000,KES,LAT-1,1000\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		int latin1Status;
		try (RawHttp raw = new RawHttp(port, "POST /admin/v1/catalog/imports?mode=all_or_nothing&storeId="
				+ tenant.storeId() + " HTTP/1.1", Map.of("Authorization", "Bearer " + tenant.ownerToken(),
						"Content-Type", "text/csv", "Content-Length", String.valueOf(latin1.length)),
				i -> i == 0 ? latin1 : null)) {
			latin1Status = raw.status();
		}
		Response twoTypes = api().post("/admin/v1/catalog/imports?storeId=" + tenant.storeId())
			.bearer(tenant.ownerToken())
			.header("Content-Type", "text/csv, text/csv")
			.raw(header + "\nx,X,1,KES,X-1,1\n")
			.send();

		assertThat(latin1Status).isEqualTo(400);
		assertThat(twoTypes.status()).as(twoTypes.toString()).isEqualTo(415);
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.catalog_imports")).isZero();
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.products")).isZero();
	}

	@Test
	void importsAreIsolatedAndOnlyStaffStartThem() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		String viewer = fixtures().staffMember(a, "viewer");
		Response started = start(a, "valid_only", csv(rows(2, "")));
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		String location = started.header("Location");
		awaitFinished(a, location);

		Response readByB = api().get(location).bearer(b.ownerToken()).send();
		Response intoStoreOfB = api().post("/admin/v1/catalog/imports?storeId=" + b.storeId())
			.bearer(a.ownerToken())
			.header("Content-Type", "text/csv")
			.raw(csv(rows(1, "")))
			.send();
		Response byViewer = api().post("/admin/v1/catalog/imports?storeId=" + a.storeId())
			.bearer(viewer)
			.header("Content-Type", "text/csv")
			.raw(csv(rows(1, "")))
			.send();

		assertThat(readByB.status()).isEqualTo(404);
		assertThat(readByB.problemType()).isEqualTo("not-found");
		assertThat(intoStoreOfB.status()).isEqualTo(404);
		assertThat(byViewer.status()).isEqualTo(403);
		assertThat(api().get(location).bearer(viewer).send().status()).isEqualTo(200);
		assertThat(TenantRows.count(b.id(), "select count(*) from app.products")).isZero();
		assertThat(TenantRows.count(b.id(), "select count(*) from app.catalog_imports")).isZero();
		assertThat(TenantRows.count(a.id(), "select count(*) from app.products")).isEqualTo(2);
	}

	private static String field(JsonNode error) {
		return error.path("field").isNull() ? "-" : error.path("field").asString();
	}

	private Response start(TestTenant tenant, String mode, String csv) {
		return api().post("/admin/v1/catalog/imports?mode=" + mode + "&storeId=" + tenant.storeId())
			.bearer(tenant.ownerToken())
			.header("Content-Type", "text/csv")
			.raw(csv)
			.send();
	}

	/** Polls the import until it is no longer running; its progress may only grow meanwhile. */
	private JsonNode awaitFinished(TestTenant tenant, String location) {
		AtomicReference<JsonNode> last = new AtomicReference<>();
		AtomicInteger processed = new AtomicInteger();
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
			Response response = api().get(location).bearer(tenant.ownerToken()).send();
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			JsonNode body = response.json();
			assertThat(body.path("processedRows").asInt()).isGreaterThanOrEqualTo(processed.get());
			processed.set(body.path("processedRows").asInt());
			last.set(body);
			return !"running".equals(body.path("status").asString());
		});
		return last.get();
	}

	/**
	 * CSV rows of {@code products} shirts (shirt-0, shirt-1, …) with four sizes each; colour blue
	 * except size S. Row i of the list is spreadsheet row i + 2.
	 */
	private static List<String> rows(int products, String categorySlug) {
		List<String> rows = new ArrayList<>();
		for (int p = 0; p < products; p++) {
			for (String size : SIZES) {
				boolean first = "S".equals(size);
				rows.add(String.join(",", "shirt-" + p, first ? "\"Shirt number " + p + ", cotton\"" : "",
						first ? "\"A \"\"classic\"\" shirt\"" : "", first ? "active" : "", first ? "Kitenge Co" : "",
						first ? categorySlug : "", first ? "150000" : "", first ? "KES" : "", "SH-" + p + "-" + size,
						"", "Size " + size, "150000", size, first ? "" : "blue", ""));
			}
		}
		return rows;
	}

	private static String csv(List<String> rows) {
		return HEADER + "\n" + String.join("\n", rows) + "\n";
	}

}
