package io.sokoni.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Money and quantities are JSON integers: a fraction, a number written as a string or a value beyond the
 * field's range is a 400 naming the field, never truncated (10.5 cents saved as 10) or parsed ("1" as 1).
 */
class StrictIntegersIT extends ApiTestBase {

	private TestTenant tenant;

	@BeforeEach
	void tenant() {
		tenant = fixtures().tenant();
	}

	@Test
	void productPricesMustBeIntegers() {
		assertThat(createProduct(p -> {
		}).status()).as("the body as given is accepted").isEqualTo(201);

		assertRefused(createProduct(p -> p.put("basePriceCents", 10.5)), "basePriceCents");
		assertRefused(createProduct(p -> p.put("basePriceCents", new BigDecimal("999.99"))), "basePriceCents");
		assertRefused(createProduct(p -> p.put("basePriceCents", 1000.0)), "basePriceCents");
		assertRefused(createProduct(p -> p.put("basePriceCents", "1000")), "basePriceCents");
		assertRefused(createProduct(p -> p.put("compareAtPriceCents", 1e3)), "compareAtPriceCents");
		assertRefused(createProduct(p -> variant(p).put("priceCents", new BigDecimal("999.99"))),
				"variants[0].priceCents");
		assertRefused(createProduct(p -> p.put("basePriceCents", new BigDecimal("99999999999999999999"))),
				"basePriceCents");
		assertThat(count("select count(*) from app.products")).as("only the valid one saved").isEqualTo(1);
	}

	@Test
	void cartQuantitiesMustBeIntegers() {
		CatalogFixtures.Product product = new CatalogFixtures(tenant).product().variant(1_000, 10);
		product.persist();
		UUID variant = product.variantIds.get(0);
		String cart = api().post("/storefront/v1/carts").host(tenant.host()).body(Map.of()).send().json().path("token")
			.asString();

		for (Object quantity : List.of(1.9, "1", 1.0, true)) {
			Response added = api().post("/storefront/v1/carts/" + cart + "/items")
				.host(tenant.host())
				.body(Map.of("variantId", variant, "quantity", quantity))
				.send();
			assertRefused(added, "quantity");
		}
		assertThat(count("select count(*) from app.cart_items")).isZero();
		Response added = api().post("/storefront/v1/carts/" + cart + "/items")
			.host(tenant.host())
			.body(Map.of("variantId", variant, "quantity", 2))
			.send();
		assertThat(added.status()).as(added.toString()).isIn(200, 201);
		Response changed = api().patch("/storefront/v1/carts/" + cart + "/items/" + variant)
			.host(tenant.host())
			.body(Map.of("quantity", 1.5))
			.send();
		assertRefused(changed, "quantity");
		assertThat(count("select quantity from app.cart_items")).isEqualTo(2);
	}

	@Test
	void stockCountsAndDeltasMustBeIntegers() {
		CatalogFixtures catalog = new CatalogFixtures(tenant);
		CatalogFixtures.Product product = catalog.product().variant(1_000, 10);
		product.persist();
		UUID variant = product.variantIds.get(0);
		UUID location = TenantSql.call(tenant.id(), jdbc -> jdbc.queryForObject(
				"select location_id from app.inventory_levels where variant_id = ?", UUID.class, variant));
		String path = "/admin/v1/inventory/" + variant + "/" + location;

		assertRefused(api().put(path).bearer(tenant.ownerToken()).body(Map.of("onHand", 49.7)).send(), "onHand");
		assertRefused(api().put(path).bearer(tenant.ownerToken()).body(Map.of("onHand", "49")).send(), "onHand");
		assertRefused(api().post(path + "/adjust")
			.bearer(tenant.ownerToken())
			.body(Map.of("delta", -2.5, "reason", "adjustment"))
			.send(), "delta");
		assertRefused(api().post(path + "/restock").bearer(tenant.ownerToken()).body(Map.of("quantity", 3.3)).send(),
				"quantity");
		assertThat(count("select on_hand from app.inventory_levels where variant_id = '" + variant + "'"))
			.isEqualTo(10);
	}

	@Test
	void deliveryFeesAndCouponLimitsMustBeIntegers() {
		Map<String, Object> zone = new LinkedHashMap<>();
		zone.put("storeId", tenant.storeId());
		zone.put("name", "Westlands");
		zone.put("cityAreas", List.of("Westlands"));
		zone.put("feeCents", 200.5);
		zone.put("etaMinutes", 90);
		assertRefused(api().post("/admin/v1/delivery-zones").bearer(tenant.ownerToken()).body(zone).send(),
				"feeCents");
		zone.put("feeCents", 200);
		zone.put("minOrderCents", "5000");
		assertRefused(api().post("/admin/v1/delivery-zones").bearer(tenant.ownerToken()).body(zone).send(),
				"minOrderCents");
		assertThat(count("select count(*) from app.delivery_zones")).isZero();

		Map<String, Object> coupon = new LinkedHashMap<>();
		coupon.put("storeId", tenant.storeId());
		coupon.put("priceRuleId", UUID.randomUUID());
		coupon.put("code", "KARIBU");
		coupon.put("usageLimit", 1.5);
		assertRefused(api().post("/admin/v1/coupons").bearer(tenant.ownerToken()).body(coupon).send(), "usageLimit");
		coupon.remove("usageLimit");
		coupon.put("perCustomerLimit", "1");
		assertRefused(api().post("/admin/v1/coupons").bearer(tenant.ownerToken()).body(coupon).send(),
				"perCustomerLimit");
	}

	@Test
	void aJsonCatalogImportRefusesFractionalPricesToo() {
		Map<String, Object> product = productBody(p -> p.put("basePriceCents", 10.5));
		Response started = api().post("/admin/v1/catalog/imports?mode=valid_only&storeId=" + tenant.storeId())
			.bearer(tenant.ownerToken())
			.body(List.of(product, productBody(p -> {
			})))
			.send();
		assertThat(started.status()).as(started.toString()).isEqualTo(202);

		AtomicReference<JsonNode> done = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			done.set(api().get(started.header("Location")).bearer(tenant.ownerToken()).send().json());
			return !"running".equals(done.get().path("status").asString());
		});
		assertThat(done.get().path("savedRows").asInt()).as(done.get().toString()).isEqualTo(1);
		assertThat(done.get().path("errors").size()).as(done.get().toString()).isEqualTo(1);
		assertThat(count("select count(*) from app.products where base_price_cents = 10")).as("never truncated")
			.isZero();
	}

	private Response createProduct(Consumer<Map<String, Object>> change) {
		return api().post("/admin/v1/products").bearer(tenant.ownerToken()).body(productBody(change)).send();
	}

	private Map<String, Object> productBody(Consumer<Map<String, Object>> change) {
		Map<String, Object> variant = new LinkedHashMap<>(
				Map.of("sku", "SKU-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(), "priceCents", 1500));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("storeId", tenant.storeId().toString());
		body.put("name", "Kikoy beach towel");
		body.put("slug", "p-" + UUID.randomUUID().toString().substring(0, 8));
		body.put("currency", "KES");
		body.put("basePriceCents", 1500);
		body.put("variants", new ArrayList<>(List.of(variant)));
		change.accept(body);
		return body;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> variant(Map<String, Object> product) {
		return ((List<Map<String, Object>>) product.get("variants")).get(0);
	}

	private static void assertRefused(Response response, String field) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json().path("errors").findValuesAsString("field")).as(response.toString())
			.containsExactly(field);
		assertThat(response.json().path("detail").asString()).contains(field);
	}

	private long count(String sql) {
		return TenantSql.call(tenant.id(), jdbc -> jdbc.queryForObject(sql, Long.class));
	}

}
