package io.sokoni.platform.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Dispatch through the order lifecycle: creating deliveries for orders, and delivery steps moving the
 * order in the same transaction. Orders are seeded with SQL.
 */
class DeliveryDispatchIT extends ApiTestBase {

	@Test
	void paidOrderIsDispatchedThroughPackingAndDelivered() {
		TestTenant tenant = fixtures().tenant();
		UUID order = DeliveryFixtures.order(tenant, "paid");
		String partner = new DeliveryFixtures(api()).partner(tenant, "Riders", p -> {
		}).path("id").asString();
		Response created = api().post("/admin/v1/orders/" + order + "/deliveries")
			.bearer(tenant.ownerToken())
			.body(Map.of("partnerId", partner, "trackingCode", "RID-1", "etaMinutes", 90, "costCents", 20000, "notes",
					"Call at the gate"))
			.send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode delivery = created.json();
		UUID id = UUID.fromString(delivery.path("id").asString());
		assertThat(created.header("Location")).isEqualTo("/admin/v1/deliveries/" + id);
		assertThat(delivery.path("status").asString()).isEqualTo("pending");
		assertThat(delivery.path("orderId").asString()).isEqualTo(order.toString());
		assertThat(delivery.path("partnerId").asString()).isEqualTo(partner);
		assertThat(delivery.path("trackingCode").asString()).isEqualTo("RID-1");
		assertThat(DeliveryFixtures.ids(api().get("/admin/v1/orders/" + order + "/deliveries")
			.bearer(tenant.ownerToken())
			.send())).containsExactly(id.toString());

		assertThat(step(tenant, id, "accepted").status()).isEqualTo(200);
		assertThat(DeliveryFixtures.orderStatus(tenant, order)).isEqualTo("paid");

		Response inTransit = step(tenant, id, "in_transit");
		assertThat(inTransit.status()).as(inTransit.toString()).isEqualTo(200);
		assertThat(inTransit.json().path("dispatchedAt").isNull()).isFalse();
		assertThat(DeliveryFixtures.orderStatus(tenant, order)).isEqualTo("dispatched");
		assertThat(DeliveryFixtures.orderHistory(tenant, order)).containsSubsequence("paid->packing",
				"packing->dispatched");

		Response delivered = step(tenant, id, "delivered");
		assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
		assertThat(delivered.json().path("deliveredAt").isNull()).isFalse();
		assertThat(DeliveryFixtures.orderStatus(tenant, order)).isEqualTo("delivered");
		assertThat(DeliveryFixtures.orderHistory(tenant, order)).endsWith("dispatched->delivered");
	}

	@Test
	void cashOnDeliveryOrderIsDispatchedFromPending() {
		TestTenant tenant = fixtures().tenant();
		UUID order = DeliveryFixtures.order(tenant, "pending");
		UUID id = create(tenant, order);
		step(tenant, id, "accepted");
		assertThat(step(tenant, id, "in_transit").status()).isEqualTo(200);
		assertThat(DeliveryFixtures.orderStatus(tenant, order)).isEqualTo("dispatched");
		assertThat(DeliveryFixtures.orderHistory(tenant, order)).containsSubsequence("pending->packing",
				"packing->dispatched");
	}

	@Test
	void ordersThatCannotBeDispatchedAre409AndGetNoDelivery() {
		TestTenant tenant = fixtures().tenant();
		for (String status : List.of("awaiting_payment", "dispatched", "delivered", "cancelled", "refunded")) {
			UUID order = DeliveryFixtures.order(tenant, status);
			Response refused = api().post("/admin/v1/orders/" + order + "/deliveries")
				.bearer(tenant.ownerToken())
				.body(Map.of())
				.send();
			assertThat(refused.status()).as(status + ": " + refused).isEqualTo(409);
			assertThat(refused.json().path("detail").asString()).contains(status);
			assertThat(DeliveryFixtures.ids(api().get("/admin/v1/orders/" + order + "/deliveries")
				.bearer(tenant.ownerToken())
				.send())).isEmpty();
		}
	}

	@Test
	void anOrderHasOneLiveDeliveryAndAnotherAfterAFailure() {
		TestTenant tenant = fixtures().tenant();
		UUID order = DeliveryFixtures.order(tenant, "packing");
		UUID first = create(tenant, order);
		Response second = api().post("/admin/v1/orders/" + order + "/deliveries")
			.bearer(tenant.ownerToken())
			.body(Map.of())
			.send();
		assertThat(second.status()).as(second.toString()).isEqualTo(409);
		assertThat(second.json().path("detail").asString()).isEqualTo("This order already has a delivery in progress");

		step(tenant, first, "accepted");
		step(tenant, first, "in_transit");
		Response failed = api().post("/admin/v1/deliveries/" + first + "/status")
			.bearer(tenant.ownerToken())
			.body(Map.of("status", "failed", "failureReason", "Customer not reachable", "note", "Tried twice"))
			.send();
		assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
		assertThat(failed.json().path("failureReason").asString()).isEqualTo("Customer not reachable");
		assertThat(failed.json().path("failedAt").isNull()).isFalse();
		assertThat(DeliveryFixtures.orderStatus(tenant, order)).as("back to packing for another attempt")
			.isEqualTo("packing");
		assertThat(DeliveryFixtures.orderHistory(tenant, order)).endsWith("dispatched->packing");

		UUID retry = create(tenant, order);
		assertThat(retry).isNotEqualTo(first);
	}

	@Test
	void failingBeforeDispatchLeavesTheOrderWhereItIs() {
		TestTenant tenant = fixtures().tenant();
		UUID order = DeliveryFixtures.order(tenant, "paid");
		UUID id = create(tenant, order);
		step(tenant, id, "accepted");
		Response failed = api().post("/admin/v1/deliveries/" + id + "/status")
			.bearer(tenant.ownerToken())
			.body(Map.of("status", "failed", "failureReason", "Rider unavailable"))
			.send();
		assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
		assertThat(DeliveryFixtures.orderStatus(tenant, order)).isEqualTo("paid");
		assertThat(DeliveryFixtures.orderHistory(tenant, order)).isEmpty();
	}

	@Test
	void anOrderThatRefusesTheStepKeepsTheDeliveryUnchanged() {
		TestTenant tenant = fixtures().tenant();
		UUID order = DeliveryFixtures.order(tenant, "packing");
		UUID id = create(tenant, order);
		step(tenant, id, "accepted");
		// The order is cancelled meanwhile: it cannot be dispatched any more.
		TenantSql.run(tenant.id(), jdbc -> jdbc.update("update app.orders set status = 'cancelled' where id = ?", order));
		Response refused = step(tenant, id, "in_transit");
		assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
		assertThat(refused.problemType()).isEqualTo("illegal-transition");
		JsonNode delivery = api().get("/admin/v1/deliveries/" + id).bearer(tenant.ownerToken()).send().json();
		assertThat(delivery.path("status").asString()).isEqualTo("accepted");
		assertThat(delivery.path("dispatchedAt").isNull()).isTrue();
		assertThat(DeliveryFixtures.orderStatus(tenant, order)).isEqualTo("cancelled");
	}

	@Test
	void concurrentDispatchAndFailureApplyOnce() throws Exception {
		TestTenant tenant = fixtures().tenant();
		for (int round = 0; round < 5; round++) {
			UUID order = DeliveryFixtures.order(tenant, "packing");
			UUID id = create(tenant, order);
			step(tenant, id, "accepted");
			List<Callable<Response>> calls = List.of(() -> step(tenant, id, "in_transit"),
					() -> api().post("/admin/v1/deliveries/" + id + "/status")
						.bearer(tenant.ownerToken())
						.body(Map.of("status", "failed", "failureReason", "Bike broke down"))
						.send());
			List<Integer> statuses = new ArrayList<>();
			try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
				for (Future<Response> f : pool.invokeAll(calls)) {
					statuses.add(f.get().status());
				}
			}
			String after = api().get("/admin/v1/deliveries/" + id).bearer(tenant.ownerToken()).send().json()
				.path("status")
				.asString();
			// Either may win; a failure after dispatch is also a legal second step, so 200/200 is possible,
			// but never two of the same step and the order always matches the delivery.
			assertThat(statuses).as("round " + round).contains(200).doesNotContain(500);
			String orderStatus = DeliveryFixtures.orderStatus(tenant, order);
			if (after.equals("in_transit")) {
				assertThat(orderStatus).isEqualTo("dispatched");
			}
			else {
				assertThat(after).isEqualTo("failed");
				assertThat(orderStatus).isEqualTo("packing");
			}
		}
	}

	@Test
	void foreignOrUnknownOrdersAndPartnersAreNotFound() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		UUID bOrder = DeliveryFixtures.order(b, "paid");
		String bPartner = new DeliveryFixtures(api()).partner(b, "B riders", p -> {
		}).path("id").asString();
		for (UUID order : List.of(bOrder, UUID.randomUUID())) {
			Response response = api().post("/admin/v1/orders/" + order + "/deliveries")
				.bearer(a.ownerToken())
				.body(Map.of())
				.send();
			assertThat(response.status()).as(response.toString()).isEqualTo(404);
		}
		UUID aOrder = DeliveryFixtures.order(a, "paid");
		Response foreignPartner = api().post("/admin/v1/orders/" + aOrder + "/deliveries")
			.bearer(a.ownerToken())
			.body(Map.of("partnerId", bPartner))
			.send();
		assertThat(foreignPartner.status()).as(foreignPartner.toString()).isEqualTo(404);
		assertThat(DeliveryFixtures.ids(api().get("/admin/v1/orders/" + bOrder + "/deliveries")
			.bearer(b.ownerToken())
			.send())).isEmpty();
		assertThat(DeliveryFixtures.orderStatus(b, bOrder)).isEqualTo("paid");
	}

	private UUID create(TestTenant tenant, UUID order) {
		Response created = api().post("/admin/v1/orders/" + order + "/deliveries")
			.bearer(tenant.ownerToken())
			.body(Map.of("trackingCode", "T-" + order.toString().substring(0, 6)))
			.send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return UUID.fromString(created.json().path("id").asString());
	}

	private Response step(TestTenant tenant, UUID delivery, String status) {
		return api().post("/admin/v1/deliveries/" + delivery + "/status")
			.bearer(tenant.ownerToken())
			.body(Map.of("status", status))
			.send();
	}

}
