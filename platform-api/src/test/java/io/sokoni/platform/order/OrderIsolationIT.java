package io.sokoni.platform.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenant A against tenant B's orders and carts, through every order endpoint. */
class OrderIsolationIT extends ApiTestBase {

	private OrderFixtures a;

	private OrderFixtures b;

	@BeforeEach
	void shops() {
		a = new OrderFixtures(api(), fixtures().tenant());
		b = new OrderFixtures(api(), fixtures().tenant());
	}

	@Test
	void aTenantCannotReadListOrMoveAnotherTenantsOrders() {
		UUID bOrder = b.order(b.variant(1_000, 5), 1, "cod");
		a.order(a.variant(1_000, 5), 1, "cod");
		String aToken = a.tenant.ownerToken();

		assertThat(api().get("/admin/v1/orders/" + bOrder).bearer(aToken).send().status()).isEqualTo(404);
		Response move = api().post("/admin/v1/orders/" + bOrder + "/status")
			.bearer(aToken)
			.body(Map.of("status", "cancelled"))
			.send();
		assertThat(move.status()).isEqualTo(404);
		Response list = api().get("/admin/v1/orders").bearer(aToken).send();
		assertThat(list.json().path("items")).hasSize(1);
		assertThat(list.body()).doesNotContain(bOrder.toString());
		assertThat(b.count("select count(*) from app.orders where id = ? and status = 'pending'", bOrder)).isEqualTo(1);
	}

	@Test
	void aStoreCannotCheckOutAnotherTenantsCartOrSellItsStock() {
		UUID bVariant = b.variant(1_000, 5);
		String bCart = b.cart(bVariant, 2);

		Response viaA = a.checkout(bCart, "cod");

		assertThat(viaA.status()).isEqualTo(404);
		assertThat(b.stock(bVariant)).containsExactly(5, 0);
		assertThat(b.count("select count(*) from app.carts where status = 'open'")).isEqualTo(1);
		assertThat(a.count("select count(*) from app.orders")).isZero();
	}

	@Test
	void aStoreCannotShowAnotherTenantsOrderThroughItsCartToken() {
		UUID bVariant = b.variant(1_000, 5);
		String bCart = b.cart(bVariant, 1);
		assertThat(b.checkout(bCart, "cod").status()).isEqualTo(201);

		assertThat(api().get("/storefront/v1/carts/" + bCart + "/order").host(a.tenant.host()).send().status())
			.isEqualTo(404);
		assertThat(api().get("/storefront/v1/carts/" + bCart + "/order").host(b.tenant.host()).send().status())
			.isEqualTo(200);
	}

}
