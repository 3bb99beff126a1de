package io.sokoni.platform.payment.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.order.ReservationExpiryJob;
import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.Test;

/**
 * STK callbacks posted as Daraja (or a forger) would: stored first, applied once however many arrive at
 * once, matched only within the token's tenant, checked against what was asked, and never lost when they
 * come early, race the reconciler or come after the order was cancelled.
 */
class StkCallbackIT extends MpesaTestBase {

	/** A pushed attempt whose callback the stand-in never sends: the test sends it. */
	record Pushed(OrderFixtures shop, UUID orderId, String checkoutRequestId, String nonce, long shillings,
			String token) {
	}

	private Pushed pushed(OrderFixtures shop) {
		UUID orderId = id(checkout(shop, 50_000, NO_CALLBACK));
		await("pending", () -> "pending".equals(attemptStatus(shop, orderId)));
		Map<String, Object> attempt = TenantSql.call(shop.tenant.id(), jdbc -> jdbc.queryForMap(
				"select checkout_request_id, nonce, amount_shillings from app.payment_attempts where order_id = ?",
				orderId));
		return new Pushed(shop, orderId, (String) attempt.get("checkout_request_id"), (String) attempt.get("nonce"),
				(Long) attempt.get("amount_shillings"), token(shop.tenant));
	}

	private String token(TestTenant tenant) {
		Response account = api().get("/admin/v1/payments/mpesa-account").bearer(tenant.ownerToken()).send();
		assertThat(account.status()).as(account.toString()).isEqualTo(200);
		String url = account.json().path("stkCallbackUrl").asString();
		return url.substring(url.indexOf("/mobile-money/") + "/mobile-money/".length(), url.lastIndexOf("/stk"));
	}

	static String success(String checkoutRequestId, long amount, String receipt, String phone) {
		return Api.json(Map.of("Body", Map.of("stkCallback", Map.of("MerchantRequestID", "29115-34620561-1",
				"CheckoutRequestID", checkoutRequestId, "ResultCode", 0, "ResultDesc",
				"The service request is processed successfully.", "CallbackMetadata",
				Map.of("Item", List.of(Map.of("Name", "Amount", "Value", amount),
						Map.of("Name", "MpesaReceiptNumber", "Value", receipt), Map.of("Name", "Balance"),
						Map.of("Name", "TransactionDate", "Value", 20261206102115L),
						Map.of("Name", "PhoneNumber", "Value", Long.parseLong(phone))))))));
	}

	static String failure(String checkoutRequestId, Object code) {
		return Api.json(Map.of("Body", Map.of("stkCallback", Map.of("MerchantRequestID", "29115-34620561-1",
				"CheckoutRequestID", checkoutRequestId, "ResultCode", code, "ResultDesc", "Request cancelled by user"))));
	}

	private Response post(String token, String path, String body) {
		return api().post("/webhooks/mobile-money/" + token + path).raw(body).send();
	}

	private static String receipt() {
		return ("S" + UUID.randomUUID().toString().replace("-", "").toUpperCase()).substring(0, 10);
	}

	private long settlements(Pushed p) {
		return p.shop().count("select count(*) from app.payment_audit a join app.payments p on p.id = a.payment_id "
				+ "where p.order_id = ? and a.event_type = 'settled'", p.orderId());
	}

	@Test
	void twentyIdenticalCallbacksAtOnceAreAllStoredAndAppliedOnce() throws Exception {
		Pushed p = pushed(mpesaShop());
		String body = success(p.checkoutRequestId(), p.shillings(), receipt(), "254700000005");
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Response>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
			for (int i = 0; i < 20; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return post(p.token(), "/stk", body);
				}));
			}
			start.countDown();
			for (Future<Response> answer : answers) {
				Response response = answer.get();
				assertThat(response.status()).as(response.toString()).isEqualTo(200);
				assertThat(response.json().path("ResultCode").asInt()).isZero();
			}
		}
		assertThat(order(p.shop(), p.orderId()).get("status")).isEqualTo("paid");
		assertThat(order(p.shop(), p.orderId()).get("amount_paid_cents")).isEqualTo(p.shillings() * 100);
		assertThat(settlements(p)).isEqualTo(1);
		assertThat(p.shop().count("select count(*) from app.payment_callbacks where kind = 'stk' and body = ?", body))
			.isEqualTo(20);
		assertThat(p.shop().count("select count(*) from app.payment_callbacks where body = ? and outcome = 'applied'",
				body)).isEqualTo(1);
		assertThat(p.shop().count("select count(*) from app.outbox_events where aggregate_id = ? and event_type = 'order.paid'",
				p.orderId())).isEqualTo(1);
	}

	@Test
	void aCallbackStoredButNeverAppliedIsAppliedByTheSweepOnceWhileTwoSweepsRace() throws Exception {
		Pushed p = pushed(mpesaShop());
		String body = success(p.checkoutRequestId(), p.shillings(), receipt(), "254700000005");
		// The instance stopped between committing the body and applying it: stored, due, applied by nobody.
		UUID callbackId = TenantContext.callAs(TenantId.of(p.shop().tenant.id()), () -> context.getBean(PaymentCallbackStore.class)
			.storeRaw("stk", body, "127.0.0.1", null, p.nonce(), OffsetDateTime.now().minusSeconds(1)));
		assertThat(order(p.shop(), p.orderId()).get("status")).isEqualTo("awaiting_payment");
		PaymentCallbackSweep sweep = context.getBean(PaymentCallbackSweep.class);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> sweeps = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
			for (int i = 0; i < 2; i++) {
				sweeps.add(pool.submit(() -> {
					start.await();
					return sweep.sweep();
				}));
			}
			start.countDown();
			assertThat(sweeps.get(0).get() + sweeps.get(1).get()).isEqualTo(1);
		}
		assertThat(order(p.shop(), p.orderId()).get("status")).isEqualTo("paid");
		assertThat(settlements(p)).isEqualTo(1);
		assertThat(p.shop().count("select count(*) from app.payment_callbacks where id = ? and outcome = 'applied' "
				+ "and apply_due_at is null", callbackId)).isEqualTo(1);
		assertThat(sweep.sweep()).isZero();

		// The same callback still waiting in a queue past its due time (the sweep took it meanwhile): the
		// queue's claim fails and it applies nothing, so the outcome stays "applied", not "duplicate".
		context.getBean(CallbackAppliers.class)
			.submit(TenantId.of(p.shop().tenant.id()), new StoredCallback(callbackId, "stk", body, p.nonce()),
					OffsetDateTime.now().minusSeconds(1))
			.get(10, TimeUnit.SECONDS);
		assertThat(p.shop().count("select count(*) from app.payment_callbacks where id = ? and outcome = 'applied'",
				callbackId)).isEqualTo(1);
	}

	@Test
	void aCallbackAnsweredIsNoLongerDueForTheSweep() {
		Pushed p = pushed(mpesaShop());
		String body = success(p.checkoutRequestId(), p.shillings(), receipt(), "254700000005");
		assertThat(post(p.token(), "/stk/" + p.nonce(), body).status()).isEqualTo(200);
		await("applied", () -> p.shop().count("select count(*) from app.payment_callbacks where body = ? "
				+ "and outcome = 'applied' and apply_due_at is null and url_nonce = ?", body, p.nonce()) == 1);
		assertThat(order(p.shop(), p.orderId()).get("status")).isEqualTo("paid");
	}

	@Test
	void aCallbackRacingTheReconcilerPaysOnce() throws Exception {
		Pushed p = pushed(mpesaShop());
		dueNow(p.shop(), p.orderId());
		String body = success(p.checkoutRequestId(), p.shillings(), receipt(), "254700000005");
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
			Future<Response> callback = pool.submit(() -> {
				start.await();
				return post(p.token(), "/stk", body);
			});
			Future<Integer> reconciled = pool.submit(() -> {
				start.await();
				return reconcile();
			});
			start.countDown();
			assertThat(callback.get().status()).isEqualTo(200);
			reconciled.get();
		}
		assertThat(order(p.shop(), p.orderId()).get("status")).isEqualTo("paid");
		assertThat(order(p.shop(), p.orderId()).get("amount_paid_cents")).isEqualTo(p.shillings() * 100);
		assertThat(settlements(p)).isEqualTo(1);
		assertThat(p.shop().count("select count(*) from app.payments where order_id = ? and status = 'succeeded'",
				p.orderId())).isEqualTo(1);
	}

	@Test
	void twoReconcilersRacingQueryEachAttemptOnceAndPayItOnce() throws Exception {
		OrderFixtures shop = mpesaShop();
		List<Pushed> pushes = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			pushes.add(pushed(shop));
		}
		pushes.forEach(p -> dueNow(shop, p.orderId()));
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
			List<Future<Integer>> runs = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				runs.add(pool.submit(() -> {
					start.await();
					return reconcile();
				}));
			}
			start.countDown();
			for (Future<Integer> run : runs) {
				run.get();
			}
		}
		for (Pushed p : pushes) {
			assertThat(order(shop, p.orderId()).get("status")).isEqualTo("paid");
			assertThat(settlements(p)).isEqualTo(1);
			assertThat(shop.count("select count(*) from app.payment_audit a join app.payments p on p.id = a.payment_id "
					+ "where p.order_id = ? and a.event_type = 'stk.queried'", p.orderId()))
				.as("queried by one reconciler only").isEqualTo(1);
		}
	}

	@Test
	void aCallbackArrivingBeforeDarajasAnswerWasStoredFindsItsAttemptByTheUrlsNonce() {
		Pushed p = pushed(mpesaShop());
		// As if the push's answer had not been stored yet (or the instance died before storing it).
		TenantSql.run(p.shop().tenant.id(), jdbc -> jdbc.update("update app.payment_attempts set status = 'recorded', "
				+ "checkout_request_id = null, merchant_request_id = null where order_id = ?", p.orderId()));

		Response answer = post(p.token(), "/stk/" + p.nonce(),
				success(p.checkoutRequestId(), p.shillings(), receipt(), "254700000005"));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(order(p.shop(), p.orderId()).get("status")).isEqualTo("paid");
		assertThat(p.shop().count("select count(*) from app.payment_attempts where order_id = ? and status = 'succeeded' "
				+ "and checkout_request_id = ?", p.orderId(), p.checkoutRequestId())).isEqualTo(1);
	}

	@Test
	void moneyArrivingAfterTheHoldLapsedIsRecordedAndTheCancelledOrderFlagged() {
		Pushed p = pushed(mpesaShop());
		TenantSql.run(p.shop().tenant.id(), jdbc -> jdbc.update(
				"update app.inventory_reservations set expires_at = now() - interval '1 minute' where order_id = ?",
				p.orderId()));
		context.getBean(ReservationExpiryJob.class).expireLapsed();
		assertThat(order(p.shop(), p.orderId()).get("status")).isEqualTo("cancelled");

		String receipt = receipt();
		assertThat(post(p.token(), "/stk", success(p.checkoutRequestId(), p.shillings(), receipt, "254700000005"))
			.status()).isEqualTo(200);

		Map<String, Object> order = order(p.shop(), p.orderId());
		assertThat(order.get("status")).isEqualTo("cancelled");
		assertThat(order.get("payment_flag")).isEqualTo("paid_after_cancellation");
		assertThat(order.get("amount_paid_cents")).isEqualTo(p.shillings() * 100);
		assertThat(payment(p.shop(), p.orderId()).get("mpesa_receipt")).isEqualTo(receipt);
	}

	@Test
	void aForgedTokenIs404AndNothingIsStored() {
		Pushed p = pushed(mpesaShop());
		long before = p.shop().count("select count(*) from app.payment_callbacks");
		String forged = "0".repeat(64);

		Response answer = post(forged, "/stk", success(p.checkoutRequestId(), p.shillings(), receipt(), "254700000005"));

		assertThat(answer.status()).isEqualTo(404);
		assertThat(p.shop().count("select count(*) from app.payment_callbacks")).isEqualTo(before);
		assertThat(order(p.shop(), p.orderId()).get("status")).isEqualTo("awaiting_payment");
	}

	@Test
	void anotherTenantsCheckoutRequestIdUnderThisTokenIsUnmatchedAndChangesNothing() {
		Pushed victim = pushed(mpesaShop());
		OrderFixtures other = mpesaShop();
		String otherToken = token(other.tenant);

		Response answer = post(otherToken, "/stk",
				success(victim.checkoutRequestId(), victim.shillings(), receipt(), "254700000005"));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(other.count("select count(*) from app.payment_callbacks where outcome = 'unmatched'")).isEqualTo(1);
		assertThat(order(victim.shop(), victim.orderId()).get("status")).isEqualTo("awaiting_payment");
		assertThat(attemptStatus(victim.shop(), victim.orderId())).isEqualTo("pending");
		assertThat(victim.shop().count("select count(*) from app.payment_callbacks where body like ?",
				"%" + victim.checkoutRequestId() + "%")).as("nothing stored in the victim's tenant").isZero();
	}

	@Test
	void aSuccessFromAnotherPhoneGoesToReview() {
		Pushed p = pushed(mpesaShop());

		post(p.token(), "/stk", success(p.checkoutRequestId(), p.shillings(), receipt(), "254711111111"));

		assertThat(attemptStatus(p.shop(), p.orderId())).isEqualTo("review");
		assertThat(payment(p.shop(), p.orderId()).get("status")).isEqualTo("review");
		assertThat(order(p.shop(), p.orderId()).get("status")).isEqualTo("awaiting_payment");
		assertThat(order(p.shop(), p.orderId()).get("payment_flag")).isEqualTo("review");
	}

	@Test
	void anUnparsableBodyIsStoredAnswered200AndNothingApplied() {
		Pushed p = pushed(mpesaShop());

		Response answer = post(p.token(), "/stk", "{not json at all");

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().path("ResultDesc").asString()).isEqualTo("Accepted");
		assertThat(p.shop().count("select count(*) from app.payment_callbacks where body = '{not json at all' "
				+ "and outcome = 'unparsable'")).isEqualTo(1);
		assertThat(attemptStatus(p.shop(), p.orderId())).isEqualTo("pending");
	}

	@Test
	void aLateFailureAfterTheSuccessChangesNothing() {
		Pushed p = pushed(mpesaShop());
		post(p.token(), "/stk", success(p.checkoutRequestId(), p.shillings(), receipt(), "254700000005"));
		assertThat(order(p.shop(), p.orderId()).get("status")).isEqualTo("paid");

		post(p.token(), "/stk", failure(p.checkoutRequestId(), "1032"));

		assertThat(attemptStatus(p.shop(), p.orderId())).isEqualTo("succeeded");
		assertThat(order(p.shop(), p.orderId()).get("status")).isEqualTo("paid");
		assertThat(p.shop().count("select count(*) from app.payment_callbacks where outcome = 'duplicate'")).isEqualTo(1);
	}

	@Test
	void aForgedSuccessForACancelledPromptIsRejectedByTheQueryAndFlagsNothing() {
		OrderFixtures shop = mpesaShop();
		UUID orderId = id(checkout(shop, 50_000, CANCELLED));
		await("cancelled", () -> "cancelled".equals(attemptStatus(shop, orderId)));
		String crid = text(shop.tenant.id(), "select checkout_request_id from app.payment_attempts where order_id = ?",
				orderId);
		long shillings = shop.count("select amount_shillings from app.payment_attempts where order_id = ?", orderId);

		post(token(shop.tenant), "/stk", success(crid, shillings, receipt(), "254700000002"));

		assertThat(payment(shop, orderId).get("status")).isEqualTo("pending");
		assertThat(order(shop, orderId).get("payment_flag")).isNull();
		assertThat(shop.count("select count(*) from app.payment_callbacks where outcome = 'rejected'")).isEqualTo(1);
	}

	@Test
	void aSuccessTheQueryContradictsIsNotPaid() {
		OrderFixtures shop = mpesaShop();
		UUID orderId = id(checkout(shop, 50_000, TIMEOUT)); // the stand-in's query says 1037
		await("pending", () -> "pending".equals(attemptStatus(shop, orderId)));
		String crid = TenantSql.call(shop.tenant.id(), jdbc -> jdbc.queryForObject(
				"select checkout_request_id from app.payment_attempts where order_id = ?", String.class, orderId));
		long shillings = shop.count("select amount_shillings from app.payment_attempts where order_id = ?", orderId);

		post(token(shop.tenant), "/stk", success(crid, shillings, receipt(), "254700000003"));

		assertThat(order(shop, orderId).get("status")).isEqualTo("awaiting_payment");
		assertThat(attemptStatus(shop, orderId)).isEqualTo("timeout");
		assertThat(shop.count("select count(*) from app.payment_callbacks where outcome = 'rejected'")).isEqualTo(1);
	}


	@Test
	void aSuccessWithoutCallbackMetadataIsQueriedAndNotPaidWhenTheQueryContradictsIt() {
		OrderFixtures shop = mpesaShop();
		UUID orderId = id(checkout(shop, 50_000, TIMEOUT)); // the stand-in's query says 1037
		await("pending", () -> "pending".equals(attemptStatus(shop, orderId)));
		String crid = text(shop.tenant.id(), "select checkout_request_id from app.payment_attempts where order_id = ?",
				orderId);
		String bare = Api.json(Map.of("Body", Map.of("stkCallback", Map.of("MerchantRequestID", "29115-34620561-1",
				"CheckoutRequestID", crid, "ResultCode", 0, "ResultDesc", "The service request is processed successfully."))));

		post(token(shop.tenant), "/stk", bare);

		assertThat(order(shop, orderId).get("status")).isEqualTo("awaiting_payment");
		assertThat(payment(shop, orderId).get("status")).isEqualTo("pending");
		assertThat(attemptStatus(shop, orderId)).isEqualTo("timeout");
		assertThat(shop.count("select count(*) from app.payment_callbacks where outcome = 'rejected'")).isEqualTo(1);
	}

	@Test
	void aSuccessWithoutCallbackMetadataIsPaidOnceTheQueryConfirmsIt() {
		Pushed p = pushed(mpesaShop()); // the stand-in's query says 0 for this phone
		String bare = Api.json(Map.of("Body", Map.of("stkCallback", Map.of("MerchantRequestID", "29115-34620561-1",
				"CheckoutRequestID", p.checkoutRequestId(), "ResultCode", "0", "ResultDesc", "ok"))));

		post(p.token(), "/stk", bare);

		assertThat(order(p.shop(), p.orderId()).get("status")).isEqualTo("paid");
		assertThat(settlements(p)).isEqualTo(1);
	}

	@Test
	void aCallbackWithFieldsOfTheWrongJsonTypeIsUnparsableAndNotRetried() {
		Pushed p = pushed(mpesaShop());

		for (String body : List.of("{\"Body\":{\"stkCallback\":{\"CheckoutRequestID\":123,\"ResultCode\":{\"a\":1}}}}",
				"{\"Body\":{\"stkCallback\":{\"CheckoutRequestID\":[\"a\"],\"ResultCode\":\"0\"}}}",
				"{\"Body\":{\"stkCallback\":{\"CheckoutRequestID\":\"" + p.checkoutRequestId() + "\",\"ResultCode\":0,"
						+ "\"CallbackMetadata\":{\"Item\":[{\"Name\":\"Amount\",\"Value\":" + p.shillings() + "},"
						+ "{\"Name\":\"MpesaReceiptNumber\",\"Value\":{\"x\":1}}]}}}}")) {
			assertThat(post(p.token(), "/stk", body).status()).isEqualTo(200);
		}

		assertThat(p.shop().count("select count(*) from app.payment_callbacks where outcome = 'unparsable' "
				+ "and apply_due_at is null")).isEqualTo(3);
		assertThat(attemptStatus(p.shop(), p.orderId())).isEqualTo("pending");
	}

}
