package io.sokoni.platform.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.payment.mpesa.PaymentCallbackTokens;
import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Concurrently;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Paybill/till payments as Daraja posts them: matched to orders by the typed account, partial, over,
 * unmatched and assigned, duplicates harmless, validation verdicts, forged tokens, and tenant isolation.
 */
class C2bIT extends ApiTestBase {

	private PaymentFixtures pay;

	private UUID variant;

	private String token;

	@BeforeEach
	void shop() {
		pay = new PaymentFixtures(api(), fixtures().tenant());
		variant = pay.shop.variant(10_000, 100);
		token = account(pay.tenant, false);
	}

	@Test
	void aConfirmationForTheWholeTotalPaysTheOrderNamedByItsNumber() {
		UUID order = pay.shop.order(variant, 1, "mpesa");
		long number = number(order);

		Response answer = confirm(token, confirmation("RKL51ZDR4F", "300.00", " " + number + " "));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().path("ResultCode").asInt()).isZero();
		assertThat(answer.json().path("ResultDesc").asString()).isEqualTo("Accepted");
		assertThat(pay.money(order)).containsEntry("status", "paid")
			.containsEntry("payment_status", "paid")
			.containsEntry("amount_paid_cents", 30_000L);
		Map<String, Object> payment = TenantSql.call(pay.tenant.id(), jdbc -> jdbc.queryForMap(
				"select status, method, phone, payer_name, account_reference from app.payments where mpesa_receipt = 'RKL51ZDR4F'"));
		assertThat(payment).containsEntry("status", "succeeded")
			.containsEntry("method", "mpesa_c2b")
			.containsEntry("phone", "2547 ***** 126")
			.containsEntry("payer_name", "NICHOLAS SONGOK");
		assertThat(pay.count("select count(*) from app.payment_callbacks where kind = 'c2b_confirmation' and outcome = 'applied'"))
			.isEqualTo(1);
		assertThat(pay.shop.stock(variant)).containsExactly(99, 0);
	}

	@Test
	void lessIsPartialAndMoreIsPaidAndFlagged() {
		UUID partial = pay.shop.order(variant, 1, "mpesa");
		UUID over = pay.shop.order(variant, 1, "mpesa");

		confirm(token, confirmation("QAA1111111", "100.00", "#" + number(partial)));
		confirm(token, confirmation("QAA2222222", "350.00", "order " + number(over)));

		assertThat(pay.money(partial)).containsEntry("status", "awaiting_payment")
			.containsEntry("payment_status", "partial")
			.containsEntry("amount_paid_cents", 10_000L);
		assertThat(pay.money(over)).containsEntry("status", "paid").containsEntry("payment_flag", "overpaid");
	}

	@Test
	void anOrderPaidInPartWhoseHoldLapsesIsCancelledAndFlaggedForTheMerchant() {
		UUID partial = pay.shop.order(variant, 1, "mpesa");
		confirm(token, confirmation("QAA3333333", "100.00", "#" + number(partial)));
		TenantSql.run(pay.tenant.id(), jdbc -> jdbc.update(
				"update app.inventory_reservations set expires_at = now() - interval '1 minute' where order_id = ?",
				partial));

		context.getBean(io.sokoni.platform.order.ReservationExpiryJob.class).expireLapsed();

		assertThat(pay.money(partial)).containsEntry("status", "cancelled")
			.containsEntry("amount_paid_cents", 10_000L)
			.containsEntry("payment_flag", "paid_after_cancellation");
		assertThat(pay.shop.stock(variant)).containsExactly(100, 0);
	}

	@Test
	void paymentsOfOneOrderConfirmedAtOnceAreAllCountedAtOnceWithoutDeadlocks() throws Exception {
		UUID order = pay.shop.order(variant, 1, "mpesa");
		List<Map<String, Object>> bodies = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			bodies.add(confirmation("QDD000000" + i, "100.00", String.valueOf(number(order))));
		}

		assertThat(confirmAtOnce(bodies)).containsOnly(200);

		// each insert of a payment share-locks its order (foreign key): a settlement then taking the order
		// FOR UPDATE deadlocked with another, and the loser waited minutes for the sweep
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pay.count(
				"select count(*) from app.payment_callbacks where kind = 'c2b_confirmation' and outcome is not null") == 6);
		assertThat(pay.count("select count(*) from app.payment_callbacks where outcome = 'error'")).isZero();
		assertThat(pay.money(order)).containsEntry("amount_paid_cents", 60_000L)
			.containsEntry("status", "paid")
			.containsEntry("payment_flag", "overpaid");
	}

	@Test
	void aPaidOrderTheMerchantCancelsIsFlaggedForItsMoney() {
		UUID order = pay.shop.order(variant, 1, "mpesa");
		confirm(token, confirmation("QEE1111111", "300.00", String.valueOf(number(order))));
		assertThat(pay.money(order)).containsEntry("status", "paid");

		Response cancelled = api().post("/admin/v1/orders/" + order + "/status")
			.bearer(pay.tenant.ownerToken())
			.body(Map.of("status", "cancelled"))
			.send();

		assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
		assertThat(pay.money(order)).containsEntry("status", "cancelled")
			.containsEntry("amount_paid_cents", 30_000L)
			.containsEntry("payment_flag", "paid_after_cancellation");
	}

	@Test
	void anUnmatchedPaymentIsKeptListedAndAssignedByHandWithAnAudit() {
		UUID order = pay.shop.order(variant, 1, "mpesa");
		confirm(token, confirmation("QBB1111111", "300.00", "my shoes"));
		assertThat(pay.count("select count(*) from app.payments where status = 'unmatched' and order_id is null"))
			.isEqualTo(1);

		Response listed = api().get("/admin/v1/payments/unmatched").bearer(pay.tenant.ownerToken()).send();
		assertThat(listed.status()).isEqualTo(200);
		assertThat(listed.json().path("items")).hasSize(1);
		assertThat(listed.json().path("items").path(0).path("accountReference").asString()).isEqualTo("my shoes");
		String paymentId = listed.json().path("items").path(0).path("id").asString();

		Response assigned = api().post("/admin/v1/payments/" + paymentId + "/assign")
			.bearer(pay.tenant.ownerToken())
			.body(Map.of("orderId", order, "note", "customer called"))
			.send();

		assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
		assertThat(assigned.json().path("orderStatus").asString()).isEqualTo("paid");
		assertThat(pay.money(order)).containsEntry("amount_paid_cents", 30_000L);
		assertThat(pay.count("select count(*) from app.audit_log where action = 'payment.assigned' and target_id = ?",
				paymentId)).isEqualTo(1);
		assertThat(pay.count("select count(*) from app.payment_audit where payment_id = ?::uuid and event_type = 'assigned' "
				+ "and actor_type = 'user'", paymentId)).isEqualTo(1);
		Response again = api().post("/admin/v1/payments/" + paymentId + "/assign")
			.bearer(pay.tenant.ownerToken())
			.body(Map.of("orderId", order))
			.send();
		assertThat(again.status()).isEqualTo(409);
		assertThat(pay.money(order)).containsEntry("amount_paid_cents", 30_000L);
		assertThat(api().get("/admin/v1/payments/unmatched").bearer(pay.tenant.ownerToken()).send().json().path("items"))
			.isEmpty();
		String viewer = fixtures().staffMember(pay.tenant, "viewer");
		assertThat(api().post("/admin/v1/payments/" + paymentId + "/assign").bearer(viewer)
			.body(Map.of("orderId", order)).send().status()).isEqualTo(403);
	}

	@Test
	void twentyIdenticalConfirmationsAtOnceCountTheMoneyOnce() throws Exception {
		UUID order = pay.shop.order(variant, 1, "mpesa");
		Map<String, Object> body = confirmation("QCC1111111", "300.00", String.valueOf(number(order)));

		assertThat(confirmAtOnce(Collections.nCopies(20, body))).containsOnly(200);

		assertThat(pay.count("select count(*) from app.payments where mpesa_receipt = 'QCC1111111'")).isEqualTo(1);
		assertThat(pay.money(order)).containsEntry("amount_paid_cents", 30_000L).containsEntry("status", "paid");
		assertThat(pay.count("select count(*) from app.payment_callbacks where kind = 'c2b_confirmation'")).isEqualTo(20);
		assertThat(pay.count("select count(*) from app.payment_callbacks where outcome = 'duplicate'")).isEqualTo(19);
		assertThat(pay.count("select count(*) from app.outbox_events where aggregate_id = ? and event_type = 'order.paid'",
				order)).isEqualTo(1);
	}

	@Test
	void validationRejectsUnknownAccountsAndWrongAmountsWhenEnabled() {
		UUID order = pay.shop.order(variant, 1, "mpesa");
		long number = number(order);
		assertThat(validate(token, confirmation("QDD1111111", "300.00", "nobody")).json().path("ResultCode").asString())
			.as("validation off: everything accepted")
			.isEqualTo("0");
		String strict = account(pay.tenant, true);

		assertThat(validate(strict, confirmation("QDD1111112", "300.00", "nobody")).json().path("ResultCode").asString())
			.isEqualTo("C2B00012");
		assertThat(validate(strict, confirmation("QDD1111113", "299.00", String.valueOf(number))).json()
			.path("ResultCode")
			.asString()).isEqualTo("C2B00013");
		Response ok = validate(strict, confirmation("QDD1111114", "300.00", "ORD " + number));
		assertThat(ok.json().path("ResultCode").asString()).isEqualTo("0");
		assertThat(ok.json().path("ResultDesc").asString()).isEqualTo("Accepted");
		assertThat(pay.count("select count(*) from app.payments where method = 'mpesa_c2b'"))
			.as("validation records no payment")
			.isZero();
		assertThat(pay.count("select count(*) from app.payment_callbacks where kind = 'c2b_validation'")).isEqualTo(4);
	}

	@Test
	void aForgedTokenIs404AndAnUnparsableBodyIsStoredAndAccepted() {
		Response forged = confirm("x".repeat(43), confirmation("QEE1111111", "300.00", "1001"));
		assertThat(forged.status()).isEqualTo(404);

		Response garbage = api().post("/webhooks/mobile-money/" + token + "/c2b/confirmation").raw("{not json").send();
		assertThat(garbage.status()).isEqualTo(200);
		assertThat(garbage.json().path("ResultCode").asInt()).isZero();
		assertThat(pay.count("select count(*) from app.payment_callbacks where outcome = 'unparsable' and body = '{not json'"))
			.isEqualTo(1);
		assertThat(pay.count("select count(*) from app.payments")).isZero();
	}

	@Test
	void aTenantsTokenNeverPaysOrShowsAnotherTenantsOrders() {
		UUID order = pay.shop.order(variant, 1, "mpesa");
		TestTenant other = fixtures().tenant();
		String otherToken = account(other, false);

		confirm(otherToken, confirmation("QFF1111111", "300.00", String.valueOf(number(order))));

		assertThat(pay.money(order)).as("this tenant's order untouched").containsEntry("amount_paid_cents", 0L);
		assertThat((Long) TenantSql.call(other.id(), jdbc -> jdbc.queryForObject(
				"select count(*) from app.payments where status = 'unmatched'", Long.class))).isEqualTo(1);
		String theirs = api().get("/admin/v1/payments/unmatched").bearer(other.ownerToken()).send().json()
			.path("items").path(0).path("id").asString();
		assertThat(api().get("/admin/v1/payments/unmatched").bearer(pay.tenant.ownerToken()).send().json().path("items"))
			.isEmpty();
		assertThat(api().post("/admin/v1/payments/" + theirs + "/assign").bearer(pay.tenant.ownerToken())
			.body(Map.of("orderId", order)).send().status()).as("another tenant's payment").isEqualTo(404);
		assertThat(api().post("/admin/v1/payments/" + theirs + "/assign").bearer(other.ownerToken())
			.body(Map.of("orderId", order)).send().status()).as("another tenant's order").isEqualTo(404);
		assertThat(pay.money(order)).containsEntry("amount_paid_cents", 0L);
		assertThat((Long) TenantSql.call(other.id(), jdbc -> jdbc.queryForObject(
				"select count(*) from app.payments where status = 'unmatched'", Long.class))).isEqualTo(1);
	}

	/** Sets the tenant's M-Pesa account (sandbox paybill) and answers its callback token. */
	private String account(TestTenant tenant, boolean validation) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("environment", "sandbox");
		body.put("accountType", "paybill");
		body.put("businessShortcode", "174379");
		body.put("consumerKey", "consumer-key-0001");
		body.put("consumerSecret", "consumer-secret-0001");
		body.put("passkey", "passkey-000000001");
		body.put("c2bValidationEnabled", validation);
		Response saved = api().put("/admin/v1/payments/mpesa-account").bearer(tenant.ownerToken()).body(body).send();
		assertThat(saved.status()).as(saved.toString()).isIn(200, 201);
		return context.getBean(PaymentCallbackTokens.class).current(TenantId.of(tenant.id()));
	}

	private long number(UUID order) {
		return pay.count("select order_number from app.orders where id = ?", order);
	}

	/** A confirmation as Daraja sends it (amount a string with cents, MSISDN masked, names in capitals). */
	private static Map<String, Object> confirmation(String transId, String amount, String billRef) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("TransactionType", "Pay Bill");
		body.put("TransID", transId);
		body.put("TransTime", "20261206230000");
		body.put("TransAmount", amount);
		body.put("BusinessShortCode", "174379");
		body.put("BillRefNumber", billRef);
		body.put("InvoiceNumber", "");
		body.put("OrgAccountBalance", "49197.00");
		body.put("ThirdPartyTransID", "");
		body.put("MSISDN", "2547 ***** 126");
		body.put("FirstName", "NICHOLAS");
		body.put("MiddleName", "");
		body.put("LastName", "SONGOK");
		return body;
	}

	/** Posts the confirmations all at once (one thread each, released together); their answers' statuses. */
	private List<Integer> confirmAtOnce(List<Map<String, Object>> bodies) throws Exception {
		List<Callable<Integer>> posts = new ArrayList<>();
		for (Map<String, Object> body : bodies) {
			posts.add(() -> confirm(token, body).status());
		}
		return Concurrently.run(bodies.size(), posts);
	}

	private Response confirm(String token, Map<String, Object> body) {
		return api().post("/webhooks/mobile-money/" + token + "/c2b/confirmation").raw(Api.json(body)).send();
	}

	private Response validate(String token, Map<String, Object> body) {
		return api().post("/webhooks/mobile-money/" + token + "/c2b/validation").raw(Api.json(body)).send();
	}

}
