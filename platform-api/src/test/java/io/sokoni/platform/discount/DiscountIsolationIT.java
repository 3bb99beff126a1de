package io.sokoni.platform.discount;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenant A can neither read nor change tenant B's price rules and coupons, nor use B's coupon codes. */
class DiscountIsolationIT extends ApiTestBase {

	private TestTenant a;

	private TestTenant b;

	private DiscountFixtures bRows;

	private UUID bRule;

	private UUID bCoupon;

	private UUID aRule;

	@BeforeEach
	void twoTenants() {
		a = fixtures().tenant();
		b = fixtures().tenant();
		bRows = new DiscountFixtures(b.id(), b.storeId());
		bRule = bRows.rule(r -> r.put("requires_coupon", true));
		bCoupon = bRows.coupon(bRule, "BONLY", c -> c.put("usage_limit", 3));
		aRule = new DiscountFixtures(a.id(), a.storeId()).rule(r -> r.put("requires_coupon", true));
	}

	@Test
	void foreignPriceRulesAreNotFound() {
		String path = "/admin/v1/price-rules/" + bRule;
		assertNotFound(api().get(path));
		assertNotFound(api().patch(path).body(Map.of("version", 0, "name", "Taken over")));
		assertNotFound(api().post(path + "/deactivate"));
		assertNotFound(api().post(path + "/activate"));
		assertNotFound(api().delete(path));
		assertNotFound(api().post("/admin/v1/price-rules")
			.body(Map.of("storeId", b.storeId(), "name", "In B's store", "kind", "percentage", "percentOff", 90)));
		assertBUntouched();
	}

	@Test
	void foreignCouponsAreNotFound() {
		String path = "/admin/v1/coupons/" + bCoupon;
		assertNotFound(api().get(path));
		assertNotFound(api().patch(path).body(Map.of("version", 0, "usageLimit", 1000)));
		assertNotFound(api().post(path + "/deactivate"));
		assertNotFound(api().post(path + "/activate"));
		assertNotFound(api().delete(path));
		assertNotFound(api().post("/admin/v1/coupons")
			.body(Map.of("storeId", b.storeId(), "priceRuleId", aRule, "code", "HIJACK")));
		assertBUntouched();
	}

	@Test
	void foreignRulesProductsAndCategoriesCannotBeReferenced() {
		CatalogFixtures bCatalog = new CatalogFixtures(b);
		UUID bProduct = bCatalog.product().persist();
		UUID bCategory = bCatalog.category("B only", "b-only-" + UUID.randomUUID().toString().substring(0, 6), null);

		Response coupon = asA(api().post("/admin/v1/coupons")
			.body(Map.of("storeId", a.storeId(), "priceRuleId", bRule, "code", "BORROWED")));
		assertThat(coupon.status()).as(coupon.toString()).isEqualTo(422);
		Response byProduct = asA(api().post("/admin/v1/price-rules")
			.body(Map.of("storeId", a.storeId(), "name", "x", "kind", "percentage", "percentOff", 10, "scope", "product",
					"productId", bProduct)));
		assertThat(byProduct.status()).as(byProduct.toString()).isEqualTo(422);
		Response byCategory = asA(api().post("/admin/v1/price-rules")
			.body(Map.of("storeId", a.storeId(), "name", "x", "kind", "percentage", "percentOff", 10, "scope",
					"category", "categoryId", bCategory)));
		assertThat(byCategory.status()).as(byCategory.toString()).isEqualTo(422);
		String aCoupon = asA(api().post("/admin/v1/coupons")
			.body(Map.of("storeId", a.storeId(), "priceRuleId", aRule, "code", "AONLY"))).json().path("id").asString();
		Response moved = asA(api().patch("/admin/v1/coupons/" + aCoupon).body(Map.of("version", 0, "priceRuleId", bRule)));
		assertThat(moved.status()).as(moved.toString()).isEqualTo(422);
		assertThat(asA(api().get("/admin/v1/price-rules")).json().path("items").size()).isEqualTo(1);
	}

	@Test
	void listsNeverShowAnotherTenantsRows() {
		assertThat(asA(api().get("/admin/v1/price-rules")).json().path("items").findValuesAsString("id"))
			.containsExactly(aRule.toString());
		assertThat(asA(api().get("/admin/v1/price-rules?storeId=" + b.storeId())).json().path("items").size()).isZero();
		assertThat(asA(api().get("/admin/v1/coupons")).json().path("items").size()).isZero();
		assertThat(asA(api().get("/admin/v1/coupons?storeId=" + b.storeId())).json().path("items").size()).isZero();
		assertThat(asA(api().get("/admin/v1/coupons?priceRuleId=" + bRule)).json().path("items").size()).isZero();
		assertThat(api().get("/admin/v1/coupons").bearer(b.ownerToken()).send().json().path("items").size())
			.isEqualTo(1);
	}

	@Test
	void anotherTenantsCouponCodeDoesNotWorkHere() {
		Discounts discounts = context.getBean(Discounts.class);
		List<DiscountLine> cart = List.of(new DiscountLine(UUID.randomUUID(), UUID.randomUUID(), null, 1, 5000));

		DiscountOutcome inA = TenantContext.callAs(TenantId.of(a.id()),
				() -> discounts.evaluate(a.storeId(), cart, "bonly", null, OffsetDateTime.now()));
		assertThat(inA.couponId()).isNull();
		assertThat(inA.couponRefusal()).isEqualTo("Coupon code BONLY is not valid in this store");
		assertThat(inA.discountCents()).isZero();
		// naming B's store while bound to A finds nothing either
		DiscountOutcome bStoreFromA = TenantContext.callAs(TenantId.of(a.id()),
				() -> discounts.evaluate(b.storeId(), cart, "BONLY", null, OffsetDateTime.now()));
		assertThat(bStoreFromA.couponId()).isNull();
		assertThat(bStoreFromA.discountCents()).isZero();

		// nor can A redeem or reverse B's coupon
		UUID aCustomer = new DiscountFixtures(a.id(), a.storeId()).customer();
		UUID aOrder = new DiscountFixtures(a.id(), a.storeId()).order(aCustomer);
		TenantContext.runAs(TenantId.of(a.id()), () -> {
			try {
				discounts.redeem(bCoupon, aCustomer, aOrder);
				throw new AssertionError("B's coupon was redeemed in A");
			}
			catch (ApiException ex) {
				assertThat(ex.type()).isEqualTo(ProblemType.COUPON_NOT_APPLICABLE);
			}
		});
		UUID bCustomer = bRows.customer();
		UUID bOrder = bRows.order(bCustomer);
		bRows.used(bCoupon, bCustomer, bOrder);
		TenantContext.runAs(TenantId.of(a.id()), () -> discounts.reverse(bOrder));
		assertThat(bRows.timesUsed(bCoupon)).isEqualTo(1);
		assertThat(bRows.redemptionStatuses(bCoupon)).containsExactly("active");

		// while in B's own store it works
		DiscountOutcome inB = TenantContext.callAs(TenantId.of(b.id()),
				() -> discounts.evaluate(b.storeId(), cart, "bonly", null, OffsetDateTime.now()));
		assertThat(inB.couponId()).isEqualTo(bCoupon);
		assertThat(inB.discountCents()).isEqualTo(500);
	}

	private void assertBUntouched() {
		Map<String, Object> rule = bRows.row("price_rules", bRule);
		assertThat(rule.get("version")).isEqualTo(0L);
		assertThat(rule.get("is_active")).isEqualTo(true);
		assertThat(rule.get("name")).asString().startsWith("Rule ");
		Map<String, Object> coupon = bRows.row("coupons", bCoupon);
		assertThat(coupon.get("version")).isEqualTo(0L);
		assertThat(coupon.get("is_active")).isEqualTo(true);
		assertThat(coupon.get("usage_limit")).isEqualTo(3);
		assertThat(api().get("/admin/v1/coupons/" + bCoupon).bearer(b.ownerToken()).send().status()).isEqualTo(200);
		assertThat(api().get("/admin/v1/price-rules?storeId=" + b.storeId()).bearer(b.ownerToken()).send().json()
			.path("items").size()).isEqualTo(1);
	}

	private void assertNotFound(Api.Call call) {
		Response response = asA(call);
		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.problemType()).isEqualTo("not-found");
	}

	private Response asA(Api.Call call) {
		return call.bearer(a.ownerToken()).send();
	}

}
