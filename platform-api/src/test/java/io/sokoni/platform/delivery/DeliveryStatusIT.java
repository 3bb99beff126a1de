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
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Delivery reads, edits and the steps that do not move the order (accepting, refusing illegal steps),
 * over deliveries seeded with SQL. The steps that move the order are in DeliveryDispatchIT.
 */
class DeliveryStatusIT extends ApiTestBase {

	@Test
	void acceptingStampsTheTimeAndLeavesTheOrderAlone() {
		TestTenant tenant = fixtures().tenant();
		UUID order = DeliveryFixtures.order(tenant, "packing");
		UUID delivery = DeliveryFixtures.delivery(tenant, order, "pending");
		Response accepted = status(tenant, delivery, Map.of("status", "accepted", "note", "Rider Otieno"));
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
		assertThat(accepted.json().path("status").asString()).isEqualTo("accepted");
		assertThat(accepted.json().path("acceptedAt").isNull()).isFalse();
		assertThat(accepted.json().path("dispatchedAt").isNull()).isTrue();
		assertThat(accepted.json().path("version").asLong()).isEqualTo(1);
		assertThat(DeliveryFixtures.orderStatus(tenant, order)).isEqualTo("packing");
		assertThat(DeliveryFixtures.auditCount(tenant, "delivery.status_changed")).isEqualTo(1);
	}

	@Test
	void illegalStepsAre409AndChangeNothing() {
		TestTenant tenant = fixtures().tenant();
		UUID order = DeliveryFixtures.order(tenant, "packing");
		UUID pending = DeliveryFixtures.delivery(tenant, order, "pending");
		for (String to : List.of("pending", "in_transit", "delivered")) {
			Response refused = status(tenant, pending, Map.of("status", to));
			assertThat(refused.status()).as(to + ": " + refused).isEqualTo(409);
			assertThat(refused.problemType()).isEqualTo("illegal-transition");
			assertThat(refused.json().path("detail").asString())
				.isEqualTo("A delivery that is pending cannot become " + to);
		}
		UUID failed = DeliveryFixtures.delivery(tenant, DeliveryFixtures.order(tenant, "packing"), "failed");
		for (String to : List.of("accepted", "in_transit", "delivered", "failed")) {
			assertThat(status(tenant, failed, Map.of("status", to, "failureReason", "again")).status()).isEqualTo(409);
		}
		JsonNode unchanged = get(tenant, pending);
		assertThat(unchanged.path("status").asString()).isEqualTo("pending");
		assertThat(unchanged.path("version").asLong()).isZero();
		assertThat(DeliveryFixtures.orderStatus(tenant, order)).isEqualTo("packing");
		assertThat(DeliveryFixtures.auditCount(tenant, "delivery.status_changed")).isZero();
	}

	@Test
	void badStatusRequestsAre400() {
		TestTenant tenant = fixtures().tenant();
		UUID delivery = DeliveryFixtures.delivery(tenant, DeliveryFixtures.order(tenant, "packing"), "pending");
		assertThat(status(tenant, delivery, Map.of("status", "lost")).status()).isEqualTo(400);
		assertThat(status(tenant, delivery, Map.of()).status()).isEqualTo(400);
		Response noReason = status(tenant, delivery, Map.of("status", "failed"));
		assertThat(noReason.status()).as(noReason.toString()).isEqualTo(400);
		assertThat(status(tenant, delivery, Map.of("status", "failed", "failureReason", "x".repeat(501))).status())
			.isEqualTo(400);
		assertThat(get(tenant, delivery).path("status").asString()).isEqualTo("pending");
		assertThat(status(tenant, UUID.randomUUID(), Map.of("status", "accepted")).status()).isEqualTo(404);
	}

	@Test
	void ofTwoConcurrentStepsFromTheSameStatusOnlyOneApplies() throws Exception {
		TestTenant tenant = fixtures().tenant();
		for (int round = 0; round < 5; round++) {
			UUID delivery = DeliveryFixtures.delivery(tenant, DeliveryFixtures.order(tenant, "packing"), "pending");
			// Two riders' apps accept the same job at once.
			List<Callable<Response>> calls = List.of(
					() -> status(tenant, delivery, Map.of("status", "accepted", "note", "Otieno")),
					() -> status(tenant, delivery, Map.of("status", "accepted", "note", "Kamau")));
			List<Integer> statuses = new ArrayList<>();
			try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
				for (Future<Response> f : pool.invokeAll(calls)) {
					statuses.add(f.get().status());
				}
			}
			assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 409);
			JsonNode after = get(tenant, delivery);
			assertThat(after.path("version").asLong()).isEqualTo(1);
			assertThat(after.path("status").asString()).isEqualTo("accepted");
			assertThat(DeliveryFixtures.auditCount(tenant, "delivery.status_changed")).isEqualTo(round + 1);
		}
	}

	@Test
	void trackingPartnerAndNotesAreEditedWithTheVersion() {
		TestTenant tenant = fixtures().tenant();
		UUID delivery = DeliveryFixtures.delivery(tenant, DeliveryFixtures.order(tenant, "packing"), "pending");
		String partner = new DeliveryFixtures(api()).partner(tenant, "Riders", p -> {
		}).path("id").asString();
		Response updated = api().patch("/admin/v1/deliveries/" + delivery)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "partnerId", partner, "trackingCode", "PM-778", "costCents", 15000))
			.send();
		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.json().path("partnerId").asString()).isEqualTo(partner);
		assertThat(updated.json().path("trackingCode").asString()).isEqualTo("PM-778");
		assertThat(updated.json().path("notes").asString()).as("absent fields stay").isEqualTo("Gate B");
		assertThat(updated.json().path("costCents").asLong()).isEqualTo(15000);

		Response stale = api().patch("/admin/v1/deliveries/" + delivery)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "notes", "late"))
			.send();
		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.problemType()).isEqualTo("stale-version");

		api().post("/admin/v1/delivery-partners/" + partner + "/deactivate").bearer(tenant.ownerToken()).send();
		Response inactive = api().patch("/admin/v1/deliveries/" + delivery)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 1, "partnerId", partner))
			.send();
		assertThat(inactive.status()).as(inactive.toString()).isEqualTo(422);
		Response unknownPartner = api().patch("/admin/v1/deliveries/" + delivery)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 1, "partnerId", UUID.randomUUID()))
			.send();
		assertThat(unknownPartner.status()).isEqualTo(404);
		assertThat(api().patch("/admin/v1/deliveries/" + delivery)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 1, "trackingCode", "T".repeat(101)))
			.send()
			.status()).isEqualTo(400);
		assertThat(get(tenant, delivery).path("version").asLong()).isEqualTo(1);

		String viewer = fixtures().staffMember(tenant, "viewer");
		assertThat(api().get("/admin/v1/deliveries/" + delivery).bearer(viewer).send().status()).isEqualTo(200);
		assertThat(api().patch("/admin/v1/deliveries/" + delivery).bearer(viewer).body(Map.of("version", 1))
			.send()
			.status()).isEqualTo(403);
		assertThat(api().post("/admin/v1/deliveries/" + delivery + "/status")
			.bearer(viewer)
			.body(Map.of("status", "accepted"))
			.send()
			.status()).isEqualTo(403);
	}

	private Response status(TestTenant tenant, UUID delivery, Map<String, Object> body) {
		return api().post("/admin/v1/deliveries/" + delivery + "/status").bearer(tenant.ownerToken()).body(body).send();
	}

	private JsonNode get(TestTenant tenant, UUID delivery) {
		Response response = api().get("/admin/v1/deliveries/" + delivery).bearer(tenant.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

}
