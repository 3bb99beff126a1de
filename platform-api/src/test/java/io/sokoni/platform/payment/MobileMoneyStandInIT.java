package io.sokoni.platform.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.payment.mpesa.DarajaClient;
import io.sokoni.platform.payment.mpesa.MpesaAccount;
import io.sokoni.platform.payment.mpesa.MpesaAccountService;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Against the Daraja stand-in: the owner registers the C2B URLs, a customer pays the paybill from the
 * phone menu (simulated), the confirmation pays the order, and a refund by M-Pesa reversal is completed by
 * Daraja's result callback.
 */
// The M-Pesa tests' shared configuration (one application context for all of them).
@TestPropertySource(locations = "classpath:mpesa-test.properties")
class MobileMoneyStandInIT extends ApiTestBase {

	@Test
	void aPaybillPaymentPaysTheOrderAndAReversalRefundsIt() {
		PaymentFixtures pay = new PaymentFixtures(api(), fixtures().tenant());
		UUID variant = pay.shop.variant(10_000, 10);
		Map<String, Object> account = new LinkedHashMap<>();
		account.put("environment", "sandbox");
		account.put("accountType", "paybill");
		account.put("businessShortcode", "600638");
		account.put("consumerKey", "consumer-key-0001");
		account.put("consumerSecret", "consumer-secret-0001");
		account.put("passkey", "passkey-000000001");
		account.put("initiatorName", "testapi");
		account.put("securityCredential", "c2VjdXJpdHktY3JlZGVudGlhbA==");
		Response saved = api().put("/admin/v1/payments/mpesa-account").bearer(pay.tenant.ownerToken()).body(account).send();
		assertThat(saved.status()).as(saved.toString()).isIn(200, 201);
		String staff = fixtures().staffMember(pay.tenant, "staff");
		assertThat(api().post("/admin/v1/payments/mpesa-account/register-c2b").bearer(staff).send().status())
			.as("the owner registers URLs")
			.isEqualTo(403);

		Response registered = api().post("/admin/v1/payments/mpesa-account/register-c2b")
			.bearer(pay.tenant.ownerToken())
			.send();

		assertThat(registered.status()).as(registered.toString()).isEqualTo(200);
		assertThat(registered.json().path("answer").path("ResponseCode").asString()).isEqualTo("0");
		assertThat(registered.json().path("confirmationUrl").asString()).contains("/webhooks/mobile-money/")
			.endsWith("/c2b/confirmation")
			.doesNotContain("mpesa");
		assertThat(pay.count("select count(*) from app.mpesa_accounts where c2b_registered_at is not null "
				+ "and c2b_register_answer ->> 'ResponseCode' = '0'")).isEqualTo(1);
		assertThat(pay.count("select count(*) from app.audit_log where action = 'mpesa_account.c2b_registered'"))
			.isEqualTo(1);

		UUID order = mpesaOrderWhosePushIsCancelled(pay, variant);
		long number = pay.count("select order_number from app.orders where id = ?", order);
		TenantContext.runAs(TenantId.of(pay.tenant.id()), () -> {
			MpesaAccount mpesa = new TransactionTemplate(context.getBean(
					org.springframework.transaction.PlatformTransactionManager.class))
				.execute(s -> context.getBean(MpesaAccountService.class).find())
				.orElseThrow();
			context.getBean(DarajaClient.class)
				.c2bSimulate(mpesa.credentials(), "600638", "CustomerPayBillOnline", 300, "254708374149", " " + number);
		});
		eventually(() -> "paid".equals(pay.money(order).get("status")));
		assertThat(pay.money(order)).containsEntry("amount_paid_cents", 30_000L);

		Response refund = api().post("/admin/v1/orders/" + order + "/refunds")
			.bearer(pay.tenant.ownerToken())
			.body(Map.of("amountCents", 30_000, "reason", "Out of stock after all"))
			.send();

		assertThat(refund.status()).as(refund.toString()).isEqualTo(201);
		assertThat(refund.json().path("refund").path("method").asString()).isEqualTo("mpesa_reversal");
		assertThat(refund.json().path("refund").path("status").asString()).isEqualTo("pending");
		assertThat(refund.json().path("refund").path("conversationId").asString()).startsWith("AG_");
		eventually(() -> pay.count("select count(*) from app.refunds where order_id = ? and status = 'processed'", order) == 1);
		eventually(() -> "refunded".equals(pay.money(order).get("status")));
		assertThat(pay.money(order)).containsEntry("payment_status", "refunded")
			.containsEntry("amount_refunded_cents", 30_000L);
		assertThat(pay.count("select count(*) from app.payment_callbacks where kind = 'reversal_result' and outcome = 'applied'"))
			.isEqualTo(1);
		assertThat(pay.shop.stock(variant)).containsExactly(10, 0);
		assertThat((Long) TenantSql.call(pay.tenant.id(), jdbc -> jdbc.queryForObject(
				"select count(*) from app.payment_audit where event_type in ('refund_requested', 'refund_processed')",
				Long.class))).isEqualTo(2);
	}

	@Test
	void aReversalMpesaRefusesIsFailedAndNoLongerCountedOnTheOrder() {
		PaymentFixtures pay = new PaymentFixtures(api(), fixtures().tenant());
		Map<String, Object> account = new LinkedHashMap<>();
		account.put("environment", "sandbox");
		account.put("accountType", "paybill");
		account.put("businessShortcode", "600639");
		account.put("consumerKey", "consumer-key-0002");
		account.put("consumerSecret", "consumer-secret-0002");
		account.put("passkey", "passkey-000000002");
		account.put("initiatorName", "testapi");
		account.put("securityCredential", "c2VjdXJpdHktY3JlZGVudGlhbA==");
		assertThat(api().put("/admin/v1/payments/mpesa-account").bearer(pay.tenant.ownerToken()).body(account).send()
			.status()).isIn(200, 201);
		UUID order = mpesaOrderWhosePushIsCancelled(pay, pay.shop.variant(10_000, 10));
		// A receipt the stand-in never issued: M-Pesa answers R000002 "The OriginalTransID is invalid".
		UUID payment = pay.succeeded(order, "mpesa_stk", 30_000, null, "QZZ9999999");
		TenantContext.callAs(TenantId.of(pay.tenant.id()), () -> context.getBean(PaymentService.class).settle(payment));

		Response refund = api().post("/admin/v1/orders/" + order + "/refunds")
			.bearer(pay.tenant.ownerToken())
			.body(Map.of("amountCents", 10_000, "method", "mpesa_reversal"))
			.send();

		assertThat(refund.status()).as(refund.toString()).isEqualTo(201);
		assertThat(refund.json().path("amountRefundedCents").asLong()).as("counted while pending").isEqualTo(10_000);
		eventually(() -> pay.count("select count(*) from app.refunds where order_id = ? and status = 'failed'", order) == 1);
		assertThat(pay.money(order)).containsEntry("amount_refunded_cents", 0L)
			.containsEntry("status", "paid")
			.containsEntry("payment_status", "paid");
		assertThat(api().post("/webhooks/mobile-money/" + "y".repeat(43) + "/reversal/result").raw("{}").send().status())
			.as("a forged token")
			.isEqualTo(404);
	}

	/**
	 * An M-Pesa order whose STK push at checkout the stand-in answers "cancelled by user" (its phone), so
	 * the only money it gets is what the test pays.
	 */
	private static UUID mpesaOrderWhosePushIsCancelled(PaymentFixtures pay, UUID variant) {
		Response placed = pay.shop.checkout(pay.shop.cart(variant, 1), UUID.randomUUID().toString(),
				OrderFixtures.checkoutBody("mpesa", "0700 000 002", "Westlands"));
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		return UUID.fromString(placed.json().path("id").asString());
	}

	private static void eventually(BooleanSupplier condition) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("not reached within 20 s");
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

}
