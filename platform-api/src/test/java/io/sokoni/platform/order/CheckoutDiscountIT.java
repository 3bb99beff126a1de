package io.sokoni.platform.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discounts from the cart read through checkout to cancellation: one coupon use, given back once. */
class CheckoutDiscountIT extends ApiTestBase {

	private OrderFixtures shop;

	private UUID shirt;

	private UUID socks;

	@BeforeEach
	void shop() {
		shop = new OrderFixtures(api(), fixtures().tenant());
		shirt = shop.variant(150_000, 10);
		socks = shop.variant(35_050, 10);
		UUID tenant = shop.tenant.id();
		TenantSql.run(tenant, jdbc -> {
			jdbc.update("""
					insert into app.price_rules (tenant_id, id, store_id, name, kind, percent_off, scope)
					values (?, ?, ?, 'Ten percent off everything', 'percentage', 10, 'storewide')""", tenant, Ids.next(),
					shop.tenant.storeId());
			UUID couponRule = Ids.next();
			jdbc.update("""
					insert into app.price_rules (tenant_id, id, store_id, name, kind, amount_off_cents, scope,
					                             requires_coupon)
					values (?, ?, ?, 'KES 5 off', 'amount', 500, 'storewide', true)""", tenant, couponRule,
					shop.tenant.storeId());
			jdbc.update("""
					insert into app.coupons (tenant_id, id, store_id, price_rule_id, code, usage_limit)
					values (?, ?, ?, ?, 'KARIBU', 10)""", tenant, Ids.next(), shop.tenant.storeId(), couponRule);
			jdbc.update("""
					insert into app.coupons (tenant_id, id, store_id, price_rule_id, code, ends_at, starts_at)
					values (?, ?, ?, ?, 'OLDDEAL', now() - interval '1 day', now() - interval '30 days')""", tenant,
					Ids.next(), shop.tenant.storeId(), couponRule);
		});
	}

	@Test
	void theCartShowsItsDiscountsAndTheOrderKeepsThemUntilCancelledOnce() {
		String cart = shop.cart(Map.of(shirt, 2, socks, 1));
		api().put("/storefront/v1/carts/" + cart + "/coupon").host(shop.tenant.host()).body(Map.of("code", "karibu")).send();
		long subtotal = 2 * 150_000 + 35_050;
		// 10 % per line, rounded down: 30,000 + 3,505; plus the coupon's 500.
		long discount = 30_000 + 3_505 + 500;

		Response read = api().get("/storefront/v1/carts/" + cart).host(shop.tenant.host()).send();
		assertThat(read.json().path("discount").path("discountCents").asLong()).isEqualTo(discount);
		assertThat(read.json().path("discount").path("applied")).hasSize(2);

		Response placed = shop.checkout(cart, "cod");
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		assertThat(placed.json().path("discountCents").asLong()).isEqualTo(discount);
		assertThat(placed.json().path("totalCents").asLong()).isEqualTo(subtotal + OrderFixtures.FEE - discount);
		long itemDiscounts = 0;
		for (var item : placed.json().path("items")) {
			itemDiscounts += item.path("discountCents").asLong();
			assertThat(item.path("lineTotalCents").asLong()).isEqualTo(
					item.path("quantity").asLong() * item.path("unitPriceCents").asLong() - item.path("discountCents").asLong());
		}
		assertThat(itemDiscounts).isEqualTo(discount);
		assertThat(shop.count("select times_used from app.coupons where code = 'KARIBU'")).isEqualTo(1);

		UUID order = UUID.fromString(placed.json().path("id").asString());
		Response cancelled = api().post("/admin/v1/orders/" + order + "/status")
			.bearer(shop.tenant.ownerToken())
			.body(Map.of("status", "cancelled"))
			.send();
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(shop.count("select times_used from app.coupons where code = 'KARIBU'")).isZero();
		assertThat(shop.count("select count(*) from app.coupon_redemptions where status = 'reversed'")).isEqualTo(1);
	}

	@Test
	void anExpiredCouponIsRefusedWithItsReasonAndNothingIsSaved() {
		String cart = shop.cart(shirt, 1);
		Map<String, Object> body = OrderFixtures.checkoutBody("cod", "0712345678", "Westlands");
		body.put("couponCode", "OLDDEAL");

		Response refused = shop.checkout(cart, "k", body);

		assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
		assertThat(refused.problemType()).isEqualTo("coupon-not-applicable");
		assertThat(refused.json().path("detail").asString()).containsIgnoringCase("expired");
		assertThat(shop.count("select count(*) from app.orders")).isZero();
		assertThat(shop.stock(shirt)).containsExactly(10, 0);
	}

}
