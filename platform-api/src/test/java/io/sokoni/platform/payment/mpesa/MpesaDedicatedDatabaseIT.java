package io.sokoni.platform.payment.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.sokoni.db.ScratchDatabase;
import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.support.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * A tenant on a dedicated database takes M-Pesa payments like any other: its callback token stays in the
 * control database and names it, its payments live in its own database, and the reconciler finds its
 * attempts there.
 */
class MpesaDedicatedDatabaseIT extends MpesaTestBase {

	@Test
	void aTenantOnADedicatedDatabaseIsPaidByCallbackAndByTheReconciler() throws Exception {
		ScratchDatabase scratch = TestDatabase.get().orElseThrow();
		String siblingUrl = scratch.jdbcUrl(TestDatabase.createSibling("mp" + UUID.randomUUID().toString().substring(0, 8)));
		Map<String, Object> database = new HashMap<>(Map.of("name", "ded-" + UUID.randomUUID().toString().substring(0, 10),
				"jdbcUrl", siblingUrl, "runtimeUsername", scratch.roles().runtime(), "ownerUsername", scratch.roles().owner()));
		Response registered = api().post("/platform/v1/databases").operator().body(database).send();
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		TestTenant tenant = fixtures().tenant();
		configureAccount(tenant, "sandbox");
		// The catalog and zone are seeded before the move (seeding writes the shared database directly).
		OrderFixtures shop = new OrderFixtures(api(), tenant);
		UUID first = shop.variant(50_000, 10);
		UUID second = shop.variant(50_000, 10);
		Response moved = api().put("/platform/v1/tenants/" + tenant.id() + "/database")
			.operator()
			.body(Map.of("databaseId", registered.json().path("id").asString()))
			.send();
		assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
		UUID paidByCallback = id(checkout(shop, first, SUCCESS));
		UUID paidByQuery = id(checkout(shop, second, NO_CALLBACK));
		await("paid by callback", () -> "paid".equals(dedicated(siblingUrl, tenant.id(), paidByCallback)));
		await("pushed", () -> TenantSql.call(siblingUrl, tenant.id(), jdbc -> jdbc.queryForObject(
				"select count(*) from app.payment_attempts where order_id = ? and status = 'pending'", Long.class,
				paidByQuery)) == 1);
		// The reconciler re-reads the list of dedicated databases every few seconds: a new one joins soon.
		await("paid by the reconciler's query", () -> {
			TenantSql.call(siblingUrl, tenant.id(), jdbc -> jdbc.update("update app.payment_attempts set next_query_at = "
					+ "now() - interval '1 second' where order_id = ? and status = 'pending'", paidByQuery));
			reconcile();
			return "paid".equals(dedicated(siblingUrl, tenant.id(), paidByQuery));
		});

		assertThat(count(tenant.id(), "select count(*) from app.payments"))
			.as("nothing of it in the shared database").isZero();
		assertThat(count(siblingUrl, tenant.id(), "select count(*) from app.payment_callbacks where outcome = 'applied'"))
			.isEqualTo(1);
	}

	private static Response checkout(OrderFixtures shop, UUID variant, String phone) {
		Map<String, Object> body = OrderFixtures.checkoutBody("mpesa", "0712 345 678", "Westlands");
		body.put("mpesaPhone", phone);
		Response placed = shop.checkout(shop.cart(variant, 1), UUID.randomUUID().toString(), body);
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		return placed;
	}

	private static String dedicated(String url, UUID tenant, UUID orderId) {
		return TenantSql.call(url, tenant, jdbc -> jdbc.queryForObject("select status from app.orders where id = ?",
				String.class, orderId));
	}

}
