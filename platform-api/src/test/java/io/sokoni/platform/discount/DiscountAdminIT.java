package io.sokoni.platform.discount;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The admin API of price rules and coupons. */
class DiscountAdminIT extends ApiTestBase {

	private TestTenant shop;

	private DiscountFixtures rows;

	@BeforeEach
	void shop() {
		shop = fixtures().tenant();
		rows = new DiscountFixtures(shop.id(), shop.storeId());
	}

	@Test
	void priceRuleLifecycle() {
		Response created = post("/admin/v1/price-rules", rule(Map.of("name", "Ten off", "percentOff", 10)));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode rule = created.json();
		String id = rule.path("id").asString();
		assertThat(created.header("Location")).isEqualTo("/admin/v1/price-rules/" + id);
		assertThat(rule.path("kind").asString()).isEqualTo("percentage");
		assertThat(rule.path("scope").asString()).isEqualTo("storewide");
		assertThat(rule.path("percentOff").asInt()).isEqualTo(10);
		assertThat(rule.path("minSubtotalCents").asLong()).isZero();
		assertThat(rule.path("requiresCoupon").asBoolean()).isFalse();
		assertThat(rule.path("active").asBoolean()).isTrue();
		assertThat(rule.path("version").asLong()).isZero();

		assertThat(get("/admin/v1/price-rules/" + id).json().path("name").asString()).isEqualTo("Ten off");
		JsonNode page = get("/admin/v1/price-rules?storeId=" + shop.storeId()).json();
		assertThat(page.path("items").size()).isEqualTo(1);
		assertThat(page.path("next").isNull()).isTrue();

		// changing the kind drops the old kind's fields
		Response patched = patch("/admin/v1/price-rules/" + id,
				Map.of("version", 0, "kind", "amount", "amountOffCents", 500, "name", "KES 5 off"));
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(patched.json().path("percentOff").isNull()).isTrue();
		assertThat(patched.json().path("amountOffCents").asLong()).isEqualTo(500);
		assertThat(patched.json().path("version").asLong()).isEqualTo(1);

		Response stale = patch("/admin/v1/price-rules/" + id, Map.of("version", 0, "name", "Lost update"));
		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.problemType()).isEqualTo("stale-version");

		Response off = post("/admin/v1/price-rules/" + id + "/deactivate", Map.of());
		assertThat(off.json().path("active").asBoolean()).isFalse();
		Response on = post("/admin/v1/price-rules/" + id + "/activate", Map.of());
		assertThat(on.json().path("active").asBoolean()).isTrue();

		assertThat(api().delete("/admin/v1/price-rules/" + id).bearer(shop.ownerToken()).send().status())
			.isEqualTo(204);
		assertThat(get("/admin/v1/price-rules/" + id).status()).isEqualTo(404);
		assertThat(rows.auditActions(UUID.fromString(id))).containsExactly("price_rule.created", "price_rule.updated",
				"price_rule.deactivated", "price_rule.activated", "price_rule.deleted");
	}

	@Test
	void kindAndScopeFieldsAreCheckedWithFieldErrors() {
		assertFieldErrors(post("/admin/v1/price-rules", rule(Map.of("name", "No percent"))), "percentOff");
		assertFieldErrors(post("/admin/v1/price-rules", rule(Map.of("kind", "amount", "percentOff", 10))),
				"amountOffCents", "percentOff");
		assertFieldErrors(post("/admin/v1/price-rules", rule(Map.of("kind", "buy_x_get_y", "buyQuantity", 2))),
				"getQuantity");
		assertFieldErrors(post("/admin/v1/price-rules", rule(Map.of("percentOff", 10, "scope", "product"))),
				"productId");
		assertFieldErrors(post("/admin/v1/price-rules",
				rule(Map.of("percentOff", 10, "categoryId", UUID.randomUUID()))), "categoryId");
		assertFieldErrors(post("/admin/v1/price-rules", rule(Map.of("percentOff", 101))), "percentOff");
		assertFieldErrors(post("/admin/v1/price-rules", rule(Map.of("percentOff", 10, "kind", "bogus"))), "kind");
		assertFieldErrors(post("/admin/v1/price-rules", rule(Map.of("percentOff", 10, "startsAt",
				"2030-01-02T00:00:00Z", "endsAt", "2030-01-01T00:00:00Z"))), "endsAt");

		Response unknownProduct = post("/admin/v1/price-rules",
				rule(Map.of("percentOff", 10, "scope", "product", "productId", UUID.randomUUID())));
		assertThat(unknownProduct.status()).isEqualTo(422);
		assertThat(unknownProduct.json().path("detail").asString()).isEqualTo("No such product");
		Response unknownCategory = post("/admin/v1/price-rules",
				rule(Map.of("percentOff", 10, "scope", "category", "categoryId", UUID.randomUUID())));
		assertThat(unknownCategory.status()).isEqualTo(422);
		assertThat(post("/admin/v1/price-rules", Map.of("storeId", UUID.randomUUID(), "name", "x", "kind",
				"percentage", "percentOff", 10)).status()).isEqualTo(404);

		// a PATCH is checked on the merged values: clearing the start of a window, or breaking its order
		String id = post("/admin/v1/price-rules", rule(Map.of("percentOff", 10, "startsAt", "2030-01-01T00:00:00Z")))
			.json()
			.path("id")
			.asString();
		assertFieldErrors(patch("/admin/v1/price-rules/" + id, Map.of("version", 0, "endsAt", "2029-12-31T00:00:00Z")),
				"endsAt");
		assertFieldErrors(patch("/admin/v1/price-rules/" + id, Map.of("version", 0, "amountOffCents", 10)),
				"amountOffCents");
		Response cleared = patch("/admin/v1/price-rules/" + id, Map.of("version", 0, "clear", List.of("startsAt")));
		assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
		assertThat(cleared.json().path("startsAt").isNull()).isTrue();
		assertThat(ruleCount()).isEqualTo(1);
	}

	@Test
	void dateBeyondTheDatabasesRangeIs422AndSavesNothing() {
		// Java reads year 999999999; PostgreSQL's timestamps end in 294276 (SQLState 22008), and a date far
		// back fails on its time zone offset (22009).
		for (Map<String, Object> dates : List.<Map<String, Object>>of(Map.of("endsAt", "+999999999-12-31T23:59:59Z"),
				Map.of("startsAt", "-999999999-01-01T00:00:00Z"))) {
			Map<String, Object> fields = new java.util.HashMap<>(dates);
			fields.put("percentOff", 10);
			Response response = post("/admin/v1/price-rules", rule(fields));
			assertThat(response.status()).as(response.toString()).isEqualTo(422);
			assertThat(response.problemType()).isEqualTo("invalid-value");
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		}
		assertThat(ruleCount()).isZero();
	}

	@Test
	void scopedRulesNameTheStoresProductsAndCategories() {
		CatalogFixtures catalog = new CatalogFixtures(shop);
		UUID category = catalog.category("Shoes", "shoes-" + UUID.randomUUID().toString().substring(0, 6), null);
		UUID product = catalog.product().category(category).persist();
		UUID elsewhere = catalog.product().store(catalog.otherStore()).persist();

		Response byProduct = post("/admin/v1/price-rules",
				rule(Map.of("kind", "buy_x_get_y", "buyQuantity", 2, "getQuantity", 1, "scope", "product", "productId",
						product)));
		assertThat(byProduct.status()).as(byProduct.toString()).isEqualTo(201);
		assertThat(byProduct.json().path("productId").asString()).isEqualTo(product.toString());
		Response byCategory = post("/admin/v1/price-rules",
				rule(Map.of("percentOff", 15, "scope", "category", "categoryId", category, "minSubtotalCents", 200000)));
		assertThat(byCategory.status()).as(byCategory.toString()).isEqualTo(201);
		Response otherStore = post("/admin/v1/price-rules",
				rule(Map.of("percentOff", 15, "scope", "product", "productId", elsewhere)));
		assertThat(otherStore.status()).isEqualTo(422);

		// switching the scope drops the old target
		String id = byCategory.json().path("id").asString();
		Response storewide = patch("/admin/v1/price-rules/" + id, Map.of("version", 0, "scope", "storewide"));
		assertThat(storewide.status()).as(storewide.toString()).isEqualTo(200);
		assertThat(storewide.json().path("categoryId").isNull()).isTrue();
	}

	@Test
	void couponLifecycleWithUpperCaseCodesAndUsageCounts() {
		String rule = createRule();
		Response created = post("/admin/v1/coupons", Map.of("storeId", shop.storeId(), "priceRuleId", rule, "code",
				"summer-10", "usageLimit", 100, "perCustomerLimit", 1));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode coupon = created.json();
		String id = coupon.path("id").asString();
		assertThat(coupon.path("code").asString()).isEqualTo("SUMMER-10");
		assertThat(coupon.path("timesUsed").asInt()).isZero();
		assertThat(coupon.path("remainingUses").asInt()).isEqualTo(100);

		Response duplicate = post("/admin/v1/coupons",
				Map.of("storeId", shop.storeId(), "priceRuleId", rule, "code", "Summer-10"));
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.json().path("detail").asString())
			.isEqualTo("A coupon with this code already exists in this store");
		assertFieldErrors(post("/admin/v1/coupons", Map.of("storeId", shop.storeId(), "priceRuleId", rule, "code",
				"no spaces!")), "code");
		assertThat(post("/admin/v1/coupons",
				Map.of("storeId", shop.storeId(), "priceRuleId", UUID.randomUUID(), "code", "NORULE")).status())
			.isEqualTo(422);

		UUID customer = rows.customer();
		rows.used(UUID.fromString(id), customer, rows.order(customer));
		JsonNode used = get("/admin/v1/coupons/" + id).json();
		assertThat(used.path("timesUsed").asInt()).isEqualTo(1);
		assertThat(used.path("remainingUses").asInt()).isEqualTo(99);

		Response unlimited = patch("/admin/v1/coupons/" + id,
				Map.of("version", 0, "code", "winter-10", "clear", List.of("usageLimit")));
		assertThat(unlimited.status()).as(unlimited.toString()).isEqualTo(200);
		assertThat(unlimited.json().path("code").asString()).isEqualTo("WINTER-10");
		assertThat(unlimited.json().path("usageLimit").isNull()).isTrue();
		assertThat(unlimited.json().path("remainingUses").isNull()).isTrue();
		assertThat(unlimited.json().path("perCustomerLimit").asInt()).isEqualTo(1);
		assertFieldErrors(patch("/admin/v1/coupons/" + id, Map.of("version", 1, "startsAt",
				"2030-01-02T00:00:00Z", "endsAt", "2030-01-01T00:00:00Z")), "endsAt");
		assertThat(patch("/admin/v1/coupons/" + id, Map.of("version", 0, "code", "LATE")).status()).isEqualTo(409);

		assertThat(post("/admin/v1/coupons/" + id + "/deactivate", Map.of()).json().path("active").asBoolean())
			.isFalse();
		assertThat(post("/admin/v1/coupons/" + id + "/activate", Map.of()).json().path("active").asBoolean())
			.isTrue();

		// a used coupon (and its rule) is history: deactivate, not delete
		Response refused = api().delete("/admin/v1/coupons/" + id).bearer(shop.ownerToken()).send();
		assertThat(refused.status()).isEqualTo(409);
		assertThat(api().delete("/admin/v1/price-rules/" + rule).bearer(shop.ownerToken()).send().status())
			.isEqualTo(409);
		assertThat(get("/admin/v1/coupons/" + id).status()).isEqualTo(200);

		String unused = post("/admin/v1/coupons",
				Map.of("storeId", shop.storeId(), "priceRuleId", rule, "code", "UNUSED")).json().path("id").asString();
		assertThat(api().delete("/admin/v1/coupons/" + unused).bearer(shop.ownerToken()).send().status())
			.isEqualTo(204);
		assertThat(get("/admin/v1/coupons/" + unused).status()).isEqualTo(404);
		assertThat(get("/admin/v1/coupons?priceRuleId=" + rule).json().path("items").size()).isEqualTo(1);
		assertThat(rows.auditActions(UUID.fromString(id))).containsExactly("coupon.created", "coupon.updated",
				"coupon.deactivated", "coupon.activated");
	}

	@Test
	void usageLimitCannotGoBelowTheUsesSoFar() {
		String rule = createRule();
		String id = post("/admin/v1/coupons",
				Map.of("storeId", shop.storeId(), "priceRuleId", rule, "code", "POPULAR", "usageLimit", 5))
			.json()
			.path("id")
			.asString();
		for (int i = 0; i < 3; i++) {
			UUID customer = rows.customer();
			rows.used(UUID.fromString(id), customer, rows.order(customer));
		}

		assertFieldErrors(patch("/admin/v1/coupons/" + id, Map.of("version", 0, "usageLimit", 2)), "usageLimit");
		assertThat(patch("/admin/v1/coupons/" + id, Map.of("version", 0, "usageLimit", 3)).status()).isEqualTo(200);
	}

	@Test
	void viewersReadButDoNotChange() {
		String rule = createRule();
		String viewer = fixtures().staffMember(shop, "viewer");

		assertThat(api().get("/admin/v1/price-rules/" + rule).bearer(viewer).send().status()).isEqualTo(200);
		assertThat(api().get("/admin/v1/coupons").bearer(viewer).send().status()).isEqualTo(200);
		assertThat(api().post("/admin/v1/price-rules").bearer(viewer).body(rule(Map.of("percentOff", 5))).send().status())
			.isEqualTo(403);
		assertThat(api().post("/admin/v1/price-rules/" + rule + "/deactivate").bearer(viewer).send().status())
			.isEqualTo(403);
		assertThat(api().post("/admin/v1/coupons")
			.bearer(viewer)
			.body(Map.of("storeId", shop.storeId(), "priceRuleId", rule, "code", "VIEWER"))
			.send()
			.status()).isEqualTo(403);
		assertThat(get("/admin/v1/price-rules/" + rule).json().path("active").asBoolean()).isTrue();
	}

	private int ruleCount() {
		return get("/admin/v1/price-rules").json().path("items").size();
	}

	private String createRule() {
		Response created = post("/admin/v1/price-rules",
				rule(Map.of("name", "Coupon offer", "percentOff", 20, "requiresCoupon", true)));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asString();
	}

	private Map<String, Object> rule(Map<String, Object> fields) {
		Map<String, Object> body = new HashMap<>(Map.of("storeId", shop.storeId(), "name", "A rule", "kind",
				"percentage"));
		body.putAll(fields);
		return body;
	}

	private static void assertFieldErrors(Response response, String... fields) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.problemType()).isEqualTo("validation-failed");
		List<String> named = new java.util.ArrayList<>();
		response.json().path("errors").forEach(e -> named.add(e.path("field").asString()));
		assertThat(named).as(response.toString()).containsExactlyInAnyOrder(fields);
	}

	private Response post(String path, Object body) {
		return api().post(path).bearer(shop.ownerToken()).body(body).send();
	}

	private Response patch(String path, Object body) {
		return api().patch(path).bearer(shop.ownerToken()).body(body).send();
	}

	private Response get(String path) {
		return api().get(path).bearer(shop.ownerToken()).send();
	}

}
