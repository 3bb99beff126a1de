package io.sokoni.platform.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.sokoni.platform.Ids;
import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Cash on delivery: recorded once per order, settled, and reported per rider or partner for the day. */
class CashCollectionIT extends ApiTestBase {

	private PaymentFixtures pay;

	private UUID variant;

	@BeforeEach
	void shop() {
		pay = new PaymentFixtures(api(), fixtures().tenant());
		variant = pay.shop.variant(5_000, 50);
	}

	@Test
	void cashRecordedForADeliveredOrderPaysIt() {
		UUID order = delivered(2);
		long total = 2 * 5_000 + OrderFixtures.FEE;

		Response recorded = collect(order, body(total, "rider", "Otieno"), "cash-1");

		assertThat(recorded.status()).as(recorded.toString()).isEqualTo(201);
		assertThat(recorded.json().path("settlement").path("paymentStatus").asString()).isEqualTo("paid");
		assertThat(recorded.json().path("settlement").path("orderStatus").asString()).isEqualTo("delivered");
		assertThat(recorded.json().path("recordedBy").asString()).isEqualTo(pay.tenant.ownerId().toString());
		assertThat(pay.money(order)).containsEntry("status", "delivered")
			.containsEntry("payment_status", "paid")
			.containsEntry("amount_paid_cents", total);
		assertThat(pay.count("select count(*) from app.payments where order_id = ? and method = 'cod' and status = 'succeeded'",
				order)).isEqualTo(1);
		assertThat(pay.count("select count(*) from app.outbox_events where aggregate_id = ? and event_type = 'order.paid'",
				order)).isEqualTo(1);
		assertThat(pay.count("select count(*) from app.audit_log where action = 'order.cash_collected' and target_id = ?",
				order.toString())).isEqualTo(1);

		Response retried = collect(order, body(total, "rider", "Otieno"), "cash-1");
		assertThat(retried.status()).as("same key: the first answer").isEqualTo(201);
		assertThat(retried.json().path("id").asString()).isEqualTo(recorded.json().path("id").asString());
	}

	@Test
	void cashRecordedTwiceIsRefusedTheSecondTime() {
		UUID order = delivered(1);

		assertThat(collect(order, body(25_000, "rider", "Otieno"), null).status()).isEqualTo(201);
		Response second = collect(order, body(25_000, "partner", "Sendy"), null);

		assertThat(second.status()).as(second.toString()).isEqualTo(409);
		assertThat(second.problemType()).isEqualTo("duplicate");
		assertThat(pay.count("select count(*) from app.payments where order_id = ?", order)).isEqualTo(1);
		assertThat(pay.money(order)).containsEntry("amount_paid_cents", 25_000L);
	}

	@Test
	void cashRecordedByEightRacingRequestsIsRecordedOnce() throws Exception {
		UUID order = delivered(1);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		List<Integer> statuses = new ArrayList<>();
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				String key = "race-" + i;
				results.add(pool.submit(() -> {
					start.await();
					return collect(order, body(25_000, "rider", "Otieno"), key).status();
				}));
			}
			start.countDown();
			for (Future<Integer> r : results) {
				statuses.add(r.get(60, TimeUnit.SECONDS));
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
		assertThat(statuses).filteredOn(s -> s == 409).hasSize(7);
		assertThat(pay.count("select count(*) from app.cod_collections where order_id = ?", order)).isEqualTo(1);
		assertThat(pay.count("select count(*) from app.payments where order_id = ?", order)).isEqualTo(1);
		assertThat(pay.money(order)).containsEntry("amount_paid_cents", 25_000L);
	}

	@Test
	void onlyCashOnDeliveryOrdersTakeCash() {
		UUID mpesa = pay.shop.order(variant, 1, "mpesa");

		Response refused = collect(mpesa, body(25_000, "rider", "Otieno"), null);

		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.problemType()).isEqualTo("business-rule");
		assertThat(pay.count("select count(*) from app.payments where order_id = ?", mpesa)).isZero();
	}

	@Test
	void badInputIsRefusedAndNothingIsSaved() {
		UUID order = delivered(1);

		assertThat(collect(order, body(0, "rider", "Otieno"), null).status()).isEqualTo(400);
		assertThat(collect(order, body(25_000, "bicycle", "Otieno"), null).status()).isEqualTo(400);
		assertThat(collect(order, body(25_000, "rider", " "), null).status()).isEqualTo(400);
		Map<String, Object> badReceipt = body(25_000, "rider", "Otieno");
		badReceipt.put("mpesaReceipt", "qk1-23");
		assertThat(collect(order, badReceipt, null).status()).isEqualTo(400);
		Map<String, Object> unknownPartner = body(25_000, "partner", "Sendy");
		unknownPartner.put("deliveryPartnerId", UUID.randomUUID());
		assertThat(collect(order, unknownPartner, null).status()).isEqualTo(404);
		String viewer = fixtures().staffMember(pay.tenant, "viewer");
		assertThat(api().post("/admin/v1/orders/" + order + "/cash-collection")
			.bearer(viewer)
			.body(body(25_000, "rider", "Otieno"))
			.send()
			.status()).isEqualTo(403);

		assertThat(pay.count("select count(*) from app.payments where order_id = ?", order)).isZero();
		assertThat(pay.count("select count(*) from app.cod_collections")).isZero();
	}

	@Test
	void theDailyCashReportComparesExpectedAndCollectedPerCollector() {
		UUID boda = partner("Boda Express");
		UUID deliveredCollected = pay.shop.order(variant, 1, "cod");
		UUID dispatchedMissing = pay.shop.order(variant, 2, "cod");
		UUID failed = pay.shop.order(variant, 1, "cod");
		UUID riderCollected = pay.shop.order(variant, 3, "cod");
		delivery(deliveredCollected, boda, "delivered");
		delivery(dispatchedMissing, boda, "in_transit");
		delivery(failed, boda, "failed");
		delivery(riderCollected, null, "delivered");
		assertThat(collect(deliveredCollected, body(24_000, "partner", "Boda Express"), null).status()).isEqualTo(201);
		assertThat(collect(riderCollected, body(35_000, "rider", "Otieno"), null).status()).isEqualTo(201);

		Response report = api().get("/admin/v1/reports/cash?date=" + LocalDate.now(ZoneId.of("Africa/Nairobi")))
			.bearer(pay.tenant.ownerToken())
			.send();

		assertThat(report.status()).as(report.toString()).isEqualTo(200);
		JsonNode collectors = report.json().path("collectors");
		assertThat(collectors).hasSize(2);
		JsonNode partner = find(collectors, "partner");
		assertThat(partner.path("partnerId").asString()).isEqualTo(boda.toString());
		assertThat(partner.path("expectedCents").asLong()).isEqualTo(25_000 + 30_000);
		assertThat(partner.path("collectedCents").asLong()).isEqualTo(24_000);
		assertThat(partner.path("differenceCents").asLong()).isEqualTo(24_000 - 55_000);
		assertThat(partner.path("uncollectedOrderNumbers").size()).isEqualTo(1);
		JsonNode rider = find(collectors, "rider");
		assertThat(rider.path("name").asString()).isEqualTo("Otieno");
		assertThat(rider.path("expectedCents").asLong()).isEqualTo(35_000);
		assertThat(rider.path("collectedCents").asLong()).isEqualTo(35_000);
		assertThat(rider.path("differenceCents").asLong()).isZero();
		assertThat(report.json().path("differenceCents").asLong()).isEqualTo(-31_000);

		Response yesterday = api().get("/admin/v1/reports/cash?date=" + LocalDate.now(ZoneId.of("Africa/Nairobi")).minusDays(1))
			.bearer(pay.tenant.ownerToken())
			.send();
		assertThat(yesterday.json().path("collectors")).isEmpty();
		assertThat(api().get("/admin/v1/reports/cash?date=yesterday").bearer(pay.tenant.ownerToken()).send().status())
			.isEqualTo(400);
	}

	@Test
	void aTenantStoredWithAnUnknownTimeZoneGetsItsReportInTheDefaultZone() {
		// stored before time zones were checked at tenant creation
		TenantSql.run(pay.tenant.id(),
				jdbc -> jdbc.update("update app.tenants set timezone = 'Mars/Olympus_Mons' where id = ?", pay.tenant.id()));
		Response report = api().get("/admin/v1/reports/cash?date=2026-12-01").bearer(pay.tenant.ownerToken()).send();
		assertThat(report.status()).isEqualTo(200);
		assertThat(report.json().path("timezone").asString()).isEqualTo("Africa/Nairobi");
		assertThat(OffsetDateTime.parse(report.json().path("from").asString()).toInstant())
			.as("the day from midnight in Nairobi").isEqualTo(Instant.parse("2026-11-30T21:00:00Z"));
	}

	@Test
	void anotherTenantCannotRecordCashForOrSeeTheCashOfThisTenant() {
		UUID order = delivered(1);
		TestTenant other = fixtures().tenant();

		Response foreign = api().post("/admin/v1/orders/" + order + "/cash-collection")
			.bearer(other.ownerToken())
			.body(body(25_000, "rider", "Otieno"))
			.send();
		assertThat(foreign.status()).isEqualTo(404);
		assertThat(pay.count("select count(*) from app.payments where order_id = ?", order)).isZero();

		assertThat(collect(order, body(25_000, "rider", "Otieno"), null).status()).isEqualTo(201);
		Response theirs = api().get("/admin/v1/reports/cash?date=" + LocalDate.now(ZoneId.of("Africa/Nairobi")))
			.bearer(other.ownerToken())
			.send();
		assertThat(theirs.status()).isEqualTo(200);
		assertThat(theirs.json().path("collectors")).isEmpty();
		assertThat(theirs.json().path("collectedCents").asLong()).isZero();
	}

	private static JsonNode find(JsonNode collectors, String kind) {
		for (JsonNode c : collectors) {
			if (c.path("kind").asString().equals(kind)) {
				return c;
			}
		}
		throw new AssertionError("no " + kind + " in " + collectors);
	}

	/** A cash-on-delivery order of {@code quantity} items, moved through packing and dispatch to delivered. */
	private UUID delivered(int quantity) {
		UUID order = pay.shop.order(variant, quantity, "cod");
		for (String status : List.of("packing", "dispatched", "delivered")) {
			Response moved = api().post("/admin/v1/orders/" + order + "/status")
				.bearer(pay.tenant.ownerToken())
				.body(Map.of("status", status))
				.send();
			assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
		}
		return order;
	}

	private UUID partner(String name) {
		UUID id = Ids.next();
		TenantSql.run(pay.tenant.id(), jdbc -> jdbc.update("""
				insert into app.delivery_partners (tenant_id, id, store_id, name, provider) values (?, ?, ?, ?, 'own_riders')""",
				pay.tenant.id(), id, pay.tenant.storeId(), name));
		return id;
	}

	/** A delivery of the order dispatched now (and delivered or failed now, per its status). */
	private void delivery(UUID order, UUID partner, String status) {
		TenantSql.run(pay.tenant.id(), jdbc -> jdbc.update("""
				insert into app.delivery_orders (tenant_id, id, order_id, partner_id, status, dispatched_at, delivered_at,
				    failed_at)
				values (?, ?, ?, ?, ?, now(), case when ? = 'delivered' then now() end, case when ? = 'failed' then now() end)""",
				pay.tenant.id(), Ids.next(), order, partner, status, status, status));
	}

	private static Map<String, Object> body(long amount, String kind, String name) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("amountCents", amount);
		body.put("collectorKind", kind);
		body.put("collectorName", name);
		return body;
	}

	private Response collect(UUID order, Map<String, Object> body, String key) {
		var call = api().post("/admin/v1/orders/" + order + "/cash-collection").bearer(pay.tenant.ownerToken()).body(body);
		if (key != null) {
			call.header("Idempotency-Key", key);
		}
		return call.send();
	}

}
