package io.sokoni.platform.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The merchant moving orders, with the stock, customer and history effects of each step. */
class OrderLifecycleIT extends ApiTestBase {

	private OrderFixtures shop;

	@BeforeEach
	void shop() {
		shop = new OrderFixtures(api(), fixtures().tenant());
	}

	@Test
	void aCashOnDeliveryOrderIsPackedDispatchedAndDeliveredSellingItsStockOnDispatch() {
		UUID variant = shop.variant(5_000, 10);
		UUID order = shop.order(variant, 2, "cod");

		assertThat(move(order, "packing", "Packed by Achieng").status()).isEqualTo(200);
		assertThat(shop.stock(variant)).containsExactly(10, 2);
		assertThat(move(order, "dispatched", null).status()).isEqualTo(200);
		assertThat(shop.stock(variant)).as("sold: left on hand").containsExactly(8, 0);
		Response delivered = move(order, "delivered", "Handed over at the gate");

		assertThat(delivered.status()).isEqualTo(200);
		assertThat(delivered.json().path("order").path("status").asString()).isEqualTo("delivered");
		var history = delivered.json().path("history");
		assertThat(history).hasSize(4);
		assertThat(history.path(1).path("fromStatus").asString()).isEqualTo("pending");
		assertThat(history.path(1).path("toStatus").asString()).isEqualTo("packing");
		assertThat(history.path(1).path("note").asString()).isEqualTo("Packed by Achieng");
		assertThat(history.path(1).path("actorType").asString()).isEqualTo("user");
		assertThat(history.path(1).path("actorId").asString()).isEqualTo(shop.tenant.ownerId().toString());
		assertThat(shop.count("select count(*) from app.outbox_events where aggregate_id = ? "
				+ "and event_type = 'order.status_changed'", order)).isEqualTo(3);
		assertThat(shop.stock(variant)).containsExactly(8, 0);
	}

	@Test
	void anIllegalStepIsAConflictAndChangesNothing() {
		UUID variant = shop.variant(5_000, 10);
		UUID order = shop.order(variant, 1, "cod");

		Response refused = move(order, "delivered", null);

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.problemType()).isEqualTo("illegal-transition");
		assertThat(refused.json().path("allowed").toString()).contains("packing", "cancelled");
		Response now = api().get("/admin/v1/orders/" + order).bearer(shop.tenant.ownerToken()).send();
		assertThat(now.json().path("order").path("status").asString()).isEqualTo("pending");
		assertThat(now.json().path("history")).hasSize(1);
		assertThat(shop.stock(variant)).containsExactly(10, 1);
	}

	@Test
	void anUnpaidOrderCannotBeRefunded() {
		UUID order = shop.order(shop.variant(5_000, 10), 1, "cod");
		assertThat(move(order, "refunded", null).status()).isEqualTo(409);
	}

	@Test
	void aPaidMpesaOrderCancelledBeforeDeliveryReturnsItsStockAndLifetimeValue() {
		UUID variant = shop.variant(5_000, 10);
		UUID order = shop.order(variant, 4, "mpesa");
		assertThat(shop.count("select lifetime_value_cents from app.customers")).isEqualTo(4 * 5_000 + OrderFixtures.FEE);

		assertThat(move(order, "paid", "M-Pesa receipt QK12ABC").status()).isEqualTo(200);
		assertThat(shop.stock(variant)).containsExactly(6, 0);
		assertThat(move(order, "cancelled", "Out of delivery range after all").status()).isEqualTo(200);

		assertThat(shop.stock(variant)).containsExactly(10, 0);
		assertThat(shop.count("select lifetime_value_cents from app.customers")).isZero();
		assertThat(shop.count("select count(*) from app.inventory_movements where variant_id = ? and reason = 'return'",
				variant)).isEqualTo(1);
		assertThat(move(order, "cancelled", null).status()).as("cancelled is final").isEqualTo(409);
		assertThat(shop.stock(variant)).containsExactly(10, 0);
	}

	@Test
	void aStaleExpectedVersionIsRefused() {
		UUID order = shop.order(shop.variant(5_000, 10), 1, "cod");
		Response refused = api().post("/admin/v1/orders/" + order + "/status")
			.bearer(shop.tenant.ownerToken())
			.body(Map.of("status", "packing", "expectedVersion", 7))
			.send();
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.problemType()).isEqualTo("stale-version");
	}

	@Test
	void aViewerCannotMoveOrders() {
		UUID order = shop.order(shop.variant(5_000, 10), 1, "cod");
		String viewer = fixtures().staffMember(shop.tenant, "viewer");
		Response refused = api().post("/admin/v1/orders/" + order + "/status")
			.bearer(viewer)
			.body(Map.of("status", "packing"))
			.send();
		assertThat(refused.status()).isEqualTo(403);
		assertThat(api().get("/admin/v1/orders/" + order).bearer(viewer).send().status()).isEqualTo(200);
	}

	@Test
	void unpaidHoldsThatLapseAreReleasedOnceByTheExpiryJob() {
		UUID variant = shop.variant(5_000, 10);
		UUID lapsed = shop.order(variant, 3, "mpesa");
		UUID fresh = shop.order(variant, 2, "mpesa");
		UUID cod = shop.order(variant, 1, "cod");
		TenantSql.run(shop.tenant.id(), jdbc -> jdbc.update(
				"update app.inventory_reservations set expires_at = now() - interval '1 minute' where order_id = ?", lapsed));
		ReservationExpiryJob job = context.getBean(ReservationExpiryJob.class);

		assertThat(job.expireLapsed()).isGreaterThanOrEqualTo(1);
		assertThat(job.expireLapsed()).as("nothing left to expire for this tenant").isZero();

		assertThat(shop.stock(variant)).containsExactly(10, 3);
		assertThat(status(lapsed)).isEqualTo("cancelled");
		assertThat(status(fresh)).isEqualTo("awaiting_payment");
		assertThat(status(cod)).isEqualTo("pending");
		assertThat(shop.count("select count(*) from app.inventory_reservations where order_id = ? and status = 'expired'",
				lapsed)).isEqualTo(1);
		assertThat(shop.count("select count(*) from app.order_status_history where order_id = ? and actor_type = 'system'",
				lapsed)).isEqualTo(1);
	}

	@Test
	void theOrderListFiltersAndSearchesByNumberAndPhone() {
		UUID variant = shop.variant(5_000, 20);
		UUID first = shop.order(variant, 1, "cod");
		shop.checkout(shop.cart(variant, 1), "k-2", OrderFixtures.checkoutBody("mpesa", "0799 000 111", "Parklands"));
		move(first, "packing", null);
		String token = shop.tenant.ownerToken();

		assertThat(numbers(api().get("/admin/v1/orders").bearer(token).send())).containsExactly(1002L, 1001L);
		assertThat(numbers(api().get("/admin/v1/orders?status=packing").bearer(token).send())).containsExactly(1001L);
		assertThat(numbers(api().get("/admin/v1/orders?paymentMethod=mpesa").bearer(token).send())).containsExactly(1002L);
		assertThat(numbers(api().get("/admin/v1/orders?area=parklands").bearer(token).send())).containsExactly(1002L);
		assertThat(numbers(api().get("/admin/v1/orders?q=%231001").bearer(token).send())).containsExactly(1001L);
		assertThat(numbers(api().get("/admin/v1/orders?q=254799000111").bearer(token).send())).containsExactly(1002L);
		Response page = api().get("/admin/v1/orders?limit=1").bearer(token).send();
		assertThat(numbers(page)).containsExactly(1002L);
		String next = page.json().path("next").asString();
		assertThat(numbers(api().get("/admin/v1/orders?limit=1&before=" + next.replace("+", "%2B")).bearer(token).send()))
			.containsExactly(1001L);
		assertThat(api().get("/admin/v1/orders?status=lost").bearer(token).send().status()).isEqualTo(400);
		assertThat(api().get("/admin/v1/orders?q=hello").bearer(token).send().status()).isEqualTo(400);
	}

	private java.util.List<Long> numbers(Response list) {
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		java.util.List<Long> numbers = new java.util.ArrayList<>();
		list.json().path("items").forEach(o -> numbers.add(o.path("number").asLong()));
		return numbers;
	}

	private String status(UUID order) {
		return api().get("/admin/v1/orders/" + order).bearer(shop.tenant.ownerToken()).send().json().path("order")
			.path("status").asString();
	}

	private Response move(UUID order, String status, String note) {
		Map<String, Object> body = new java.util.HashMap<>();
		body.put("status", status);
		body.put("note", note);
		return api().post("/admin/v1/orders/" + order + "/status").bearer(shop.tenant.ownerToken()).body(body).send();
	}

}
