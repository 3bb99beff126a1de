package io.sokoni.platform.payment;

import static org.assertj.core.api.Assertions.assertThat;

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

import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Refunds recorded by hand: never more than paid (also when racing), full ones refund the order, restock. */
class RefundIT extends ApiTestBase {

	private PaymentFixtures pay;

	private UUID variant;

	@BeforeEach
	void shop() {
		pay = new PaymentFixtures(api(), fixtures().tenant());
		variant = pay.shop.variant(10_000, 50);
	}

	@Test
	void aPartialManualRefundIsCountedAndListed() {
		UUID order = paidMpesaOrder(2);

		Response refunded = refund(order, manual(5_000, "BANK-TRF-881"));

		assertThat(refunded.status()).as(refunded.toString()).isEqualTo(201);
		assertThat(refunded.json().path("refund").path("method").asString()).isEqualTo("manual");
		assertThat(refunded.json().path("refund").path("status").asString()).isEqualTo("processed");
		assertThat(refunded.json().path("amountRefundedCents").asLong()).isEqualTo(5_000);
		assertThat(pay.money(order)).containsEntry("status", "paid")
			.containsEntry("payment_status", "paid")
			.containsEntry("amount_refunded_cents", 5_000L);
		Response list = api().get("/admin/v1/orders/" + order + "/refunds").bearer(pay.tenant.ownerToken()).send();
		assertThat(list.json()).hasSize(1);
		assertThat(list.json().path(0).path("reference").asString()).isEqualTo("BANK-TRF-881");
		Response detail = api().get("/admin/v1/orders/" + order).bearer(pay.tenant.ownerToken()).send();
		assertThat(detail.json().path("money").path("amountRefundedCents").asLong()).isEqualTo(5_000);
		assertThat(detail.json().path("money").path("amountPaidCents").asLong()).isEqualTo(40_000);
		assertThat(pay.count("select count(*) from app.audit_log where action = 'order.refund_created' and target_id = ?",
				order.toString())).isEqualTo(1);
	}

	@Test
	void aRefundRetriedWithItsIdempotencyKeyIsMadeOnce() {
		UUID order = paidMpesaOrder(1);
		Map<String, Object> body = manual(5_000, "BANK-TRF-9");

		Response first = api().post("/admin/v1/orders/" + order + "/refunds").bearer(pay.tenant.ownerToken())
			.header("Idempotency-Key", "refund-9").body(body).send();
		Response retried = api().post("/admin/v1/orders/" + order + "/refunds").bearer(pay.tenant.ownerToken())
			.header("Idempotency-Key", "refund-9").body(body).send();

		assertThat(first.status()).as(first.toString()).isEqualTo(201);
		assertThat(retried.status()).isEqualTo(201);
		assertThat(retried.json().path("refund").path("id").asString())
			.isEqualTo(first.json().path("refund").path("id").asString());
		assertThat(pay.count("select count(*) from app.refunds where order_id = ?", order)).isEqualTo(1);
		assertThat(pay.money(order)).containsEntry("amount_refunded_cents", 5_000L);
	}

	@Test
	void aRefundOfMoreThanWasPaidIsRefusedAndNothingIsSaved() {
		UUID order = paidMpesaOrder(1);
		assertThat(refund(order, manual(20_000, "R-1")).status()).isEqualTo(201);

		Response refused = refund(order, manual(10_001, "R-2"));

		assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
		assertThat(refused.json().path("refundableCents").asLong()).isEqualTo(10_000);
		assertThat(pay.count("select count(*) from app.refunds where order_id = ?", order)).isEqualTo(1);
		assertThat(pay.money(order)).containsEntry("amount_refunded_cents", 20_000L);
		UUID unpaid = pay.shop.order(variant, 1, "mpesa");
		assertThat(refund(unpaid, manual(100, "R-3")).status()).isEqualTo(422);
		assertThat(pay.count("select count(*) from app.refunds where order_id = ?", unpaid)).isZero();
	}

	@Test
	void aNullRestockItemIsABadRequestAndSavesNothing() {
		UUID order = paidMpesaOrder(1);
		Map<String, Object> body = new LinkedHashMap<>(manual(10, "R-NULL"));
		body.put("restockItems", java.util.Arrays.asList((Object) null));

		Response refused = refund(order, body);

		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(pay.count("select count(*) from app.refunds where order_id = ?", order)).isZero();
		assertThat(pay.money(order)).containsEntry("amount_refunded_cents", 0L);
	}

	@Test
	void aFullRefundBeforeDeliveryRefundsTheOrderAndItsStockComesBack() {
		UUID order = paidMpesaOrder(3);
		assertThat(pay.shop.stock(variant)).containsExactly(47, 0);

		Response refunded = refund(order, manual(50_000, "CASH-BACK-1"));

		assertThat(refunded.status()).as(refunded.toString()).isEqualTo(201);
		assertThat(refunded.json().path("orderStatus").asString()).isEqualTo("refunded");
		assertThat(pay.money(order)).containsEntry("status", "refunded").containsEntry("payment_status", "refunded");
		assertThat(pay.shop.stock(variant)).containsExactly(50, 0);
	}

	@Test
	void tenRefundsRacingNeverGiveBackMoreThanWasPaid() throws Exception {
		UUID order = paidMpesaOrder(1);
		ExecutorService pool = Executors.newFixedThreadPool(10);
		CountDownLatch start = new CountDownLatch(1);
		List<Integer> statuses = new ArrayList<>();
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				String reference = "RACE-" + i;
				results.add(pool.submit(() -> {
					start.await();
					return refund(order, manual(10_000, reference)).status();
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

		assertThat(statuses).filteredOn(s -> s == 201).hasSize(3);
		assertThat(statuses).filteredOn(s -> s == 422).hasSize(7);
		assertThat(pay.count("select coalesce(sum(amount_cents), 0) from app.refunds where order_id = ?", order))
			.isEqualTo(30_000);
		assertThat(pay.money(order)).containsEntry("amount_refunded_cents", 30_000L).containsEntry("status", "refunded");
	}

	@Test
	void returnedItemsOfADeliveredOrderGoBackIntoStockOnce() {
		UUID order = pay.shop.order(variant, 2, "cod");
		for (String status : List.of("packing", "dispatched", "delivered")) {
			assertThat(api().post("/admin/v1/orders/" + order + "/status")
				.bearer(pay.tenant.ownerToken())
				.body(Map.of("status", status))
				.send()
				.status()).isEqualTo(200);
		}
		assertThat(api().post("/admin/v1/orders/" + order + "/cash-collection")
			.bearer(pay.tenant.ownerToken())
			.body(Map.of("amountCents", 40_000, "collectorKind", "rider", "collectorName", "Otieno"))
			.send()
			.status()).isEqualTo(201);
		assertThat(pay.shop.stock(variant)).containsExactly(48, 0);

		Map<String, Object> one = manual(10_000, "RETURN-1");
		one.put("restockItems", List.of(Map.of("variantId", variant, "quantity", 1)));
		Response first = refund(order, one);
		assertThat(first.status()).as(first.toString()).isEqualTo(201);
		assertThat(first.json().path("restocked").path(variant.toString()).asInt()).isEqualTo(1);
		assertThat(pay.shop.stock(variant)).containsExactly(49, 0);

		Map<String, Object> tooMany = manual(10_000, "RETURN-2");
		tooMany.put("restockItems", List.of(Map.of("variantId", variant, "quantity", 2)));
		Response refused = refund(order, tooMany);
		assertThat(refused.status()).as("only one left to return").isEqualTo(422);
		assertThat(pay.money(order)).as("the refused refund saved nothing").containsEntry("amount_refunded_cents", 10_000L);

		Map<String, Object> rest = manual(30_000, "RETURN-3");
		rest.put("restockAll", true);
		Response all = refund(order, rest);
		assertThat(all.status()).as(all.toString()).isEqualTo(201);
		assertThat(pay.shop.stock(variant)).containsExactly(50, 0);
		assertThat(pay.money(order)).containsEntry("status", "refunded").containsEntry("amount_refunded_cents", 40_000L);
		assertThat(pay.count("select count(*) from app.inventory_movements where variant_id = ? and reason = 'return'",
				variant)).isEqualTo(2);
	}

	@Test
	void restockingBeforeDeliveryAndManualRefundsWithoutReferenceAreRefused() {
		UUID order = paidMpesaOrder(1);
		Map<String, Object> restock = manual(5_000, "R-1");
		restock.put("restockAll", true);
		assertThat(refund(order, restock).status()).isEqualTo(422);
		Map<String, Object> noReference = manual(5_000, null);
		assertThat(refund(order, noReference).status()).isEqualTo(400);
		assertThat(refund(order, manual(0, "R-2")).status()).isEqualTo(400);
		String viewer = fixtures().staffMember(pay.tenant, "viewer");
		assertThat(api().post("/admin/v1/orders/" + order + "/refunds").bearer(viewer).body(manual(5_000, "R-3")).send()
			.status()).isEqualTo(403);
		assertThat(pay.count("select count(*) from app.refunds where order_id = ?", order)).isZero();
	}

	@Test
	void anotherTenantCannotRefundOrSeeTheRefundsOfThisTenant() {
		UUID order = paidMpesaOrder(1);
		assertThat(refund(order, manual(1_000, "R-1")).status()).isEqualTo(201);
		TestTenant other = fixtures().tenant();

		assertThat(api().post("/admin/v1/orders/" + order + "/refunds").bearer(other.ownerToken())
			.body(manual(1_000, "R-2")).send().status()).isEqualTo(404);
		assertThat(api().get("/admin/v1/orders/" + order + "/refunds").bearer(other.ownerToken()).send().status())
			.isEqualTo(404);
		assertThat(pay.count("select count(*) from app.refunds where order_id = ?", order)).isEqualTo(1);
		assertThat(pay.money(order)).containsEntry("amount_refunded_cents", 1_000L);
	}

	/** An M-Pesa order of {@code quantity} items, paid in full by a settled payment. */
	private UUID paidMpesaOrder(int quantity) {
		UUID order = pay.shop.order(variant, quantity, "mpesa");
		UUID payment = pay.succeeded(order, "mpesa_stk", quantity * 10_000L + OrderFixtures.FEE, null,
				PaymentFixtures.receipt());
		TenantContext.callAs(TenantId.of(pay.tenant.id()), () -> context.getBean(PaymentService.class).settle(payment));
		return order;
	}

	private static Map<String, Object> manual(long amount, String reference) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("amountCents", amount);
		body.put("method", "manual");
		if (reference != null) {
			body.put("reference", reference);
		}
		body.put("reason", "Customer returned it");
		return body;
	}

	private Response refund(UUID order, Map<String, Object> body) {
		return api().post("/admin/v1/orders/" + order + "/refunds").bearer(pay.tenant.ownerToken()).body(body).send();
	}

}
