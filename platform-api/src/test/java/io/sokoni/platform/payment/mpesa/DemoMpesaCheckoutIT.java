package io.sokoni.platform.payment.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.sokoni.platform.support.Api.Response;
import org.junit.jupiter.api.Test;

/** The README's demo: with SOKONI_DEMO the merchant "duka" completes an M-Pesa checkout against the stand-in. */
class DemoMpesaCheckoutIT extends MpesaTestBase {

	@Test
	void theDemoStoreTakesAnMpesaCheckoutEndToEnd() throws InterruptedException {
		String host = "duka." + PLATFORM_DOMAIN;
		String owner = fixtures().login("duka", "owner@duka.example", "duka-demo-password");
		Response account = api().get("/admin/v1/payments/mpesa-account").bearer(owner).send();
		assertThat(account.status()).as(account.toString()).isEqualTo(200);
		assertThat(account.json().path("environment").asString()).isEqualTo("sandbox");

		String cart = api().post("/storefront/v1/carts").host(host).body(Map.of()).send().json().path("token").asString();
		String variant = api().get("/storefront/v1/products/maasai-shuka").host(host).send().json()
			.path("variants").path(0).path("id").asString();
		assertThat(api().post("/storefront/v1/carts/" + cart + "/items").host(host)
			.body(Map.of("variantId", variant, "quantity", 1)).send().status()).isIn(200, 201);
		Response placed = api().post("/storefront/v1/carts/" + cart + "/checkout")
			.host(host)
			.header("Idempotency-Key", cart)
			.body(Map.of("customer", Map.of("phone", "0712 345 678", "name", "Wanjiru"), "delivery",
					Map.of("cityArea", "Kilimani"), "paymentMethod", "mpesa", "mpesaPhone", "0700000001"))
			.send();
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);

		long deadline = System.nanoTime() + 20_000_000_000L;
		Response order;
		do {
			Thread.sleep(100);
			order = api().get("/storefront/v1/carts/" + cart + "/order").host(host).send();
			assertThat(System.nanoTime()).as("paid in time: " + order).isLessThan(deadline);
		}
		while (!"paid".equals(order.json().path("status").asString()));
		assertThat(order.json().path("payment").path("status").asString()).isEqualTo("succeeded");
	}

}
