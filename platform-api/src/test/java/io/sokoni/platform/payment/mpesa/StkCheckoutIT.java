package io.sokoni.platform.payment.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.Test;

/**
 * M-Pesa checkout end to end against the stand-in: the prompt goes out after the order committed, the
 * callback (confirmed by a query) pays the order, each result-code class ends where it should, and a
 * Daraja failure on the push never loses the order nor charges twice.
 */
class StkCheckoutIT extends MpesaTestBase {

	@Test
	void mpesaCheckoutPromptsThePhoneAndTheConfirmedCallbackPaysTheOrderOnce() {
		OrderFixtures shop = mpesaShop();
		Response placed = checkout(shop, 99_950, SUCCESS);
		UUID orderId = id(placed);
		assertThat(placed.json().path("status").asString()).isEqualTo("awaiting_payment");
		assertThat(placed.json().path("payment").path("status").asString()).isIn("recorded", "pending", "succeeded");
		assertThat(placed.json().path("payment").path("phone").asString()).isEqualTo("+254700000001");

		await("order paid", () -> "paid".equals(order(shop, orderId).get("status")));

		Map<String, Object> order = order(shop, orderId);
		long total = placed.json().path("totalCents").asLong();
		long charged = (total + 99) / 100 * 100;
		assertThat(order.get("payment_status")).isEqualTo("paid");
		assertThat(order.get("amount_paid_cents")).isEqualTo(charged);
		assertThat(order.get("payment_flag")).as("the rounding up is not an overpayment").isNull();
		Map<String, Object> payment = payment(shop, orderId);
		assertThat(payment.get("status")).isEqualTo("succeeded");
		assertThat(payment.get("received_cents")).isEqualTo(charged);
		assertThat((String) payment.get("mpesa_receipt")).matches("[A-Z0-9]{10}");
		assertThat(attemptStatus(shop, orderId)).isEqualTo("succeeded");
		assertThat(shop.count("select count(*) from app.outbox_events where aggregate_id = ? and event_type = 'order.paid'",
				orderId)).isEqualTo(1);
		assertThat(shop.count("select count(*) from app.payment_callbacks where payment_id = ? and outcome = 'applied'",
				payment.get("id"))).isEqualTo(1);
		assertThat(shop.count("select count(*) from app.payment_audit where payment_id = ? and event_type = 'stk.payment_created' "
				+ "and (details ->> 'roundedUpCents')::bigint = ?", payment.get("id"), charged - total)).isEqualTo(1);
		assertThat(shop.count("select count(*) from app.payment_attempts where order_id = ? and checkout_request_id is not null "
				+ "and merchant_request_id is not null", orderId)).isEqualTo(1);

		Response read = api().get("/storefront/v1/carts/" + cartOf(shop, orderId) + "/order").host(shop.tenant.host()).send();
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.json().path("status").asString()).isEqualTo("paid");
		assertThat(read.json().path("payment").path("status").asString()).isEqualTo("succeeded");
		assertThat(read.json().path("payment").path("canRetry").asBoolean()).isFalse();
	}

	@Test
	void eachFailureClassEndsTheAttemptWithAPlainReasonAndTheOrderKeepsWaiting() {
		OrderFixtures shop = mpesaShop();
		Map<String, String> expected = Map.of(CANCELLED, "cancelled", INSUFFICIENT, "failed", STRING_CODE, "failed");
		for (var phone : expected.keySet()) {
			UUID orderId = id(checkout(shop, 50_000, phone));
			await(phone + " final", () -> expected.get(phone).equals(attemptStatus(shop, orderId)));
			assertThat(order(shop, orderId).get("status")).isEqualTo("awaiting_payment");
			Map<String, Object> payment = payment(shop, orderId);
			assertThat(payment.get("status")).as("the shopper may still retry").isEqualTo("pending");
			Response read = api().get("/storefront/v1/carts/" + cartOf(shop, orderId) + "/order").host(shop.tenant.host()).send();
			assertThat(read.json().path("payment").path("canRetry").asBoolean()).isTrue();
			String reason = read.json().path("payment").path("reason").asString();
			assertThat(failureAnnouncements(shop, orderId)).as("order.payment_failed for " + phone).isEqualTo(1);
			switch (phone) {
				case CANCELLED -> assertThat(reason).contains("cancelled");
				case INSUFFICIENT -> assertThat(reason).contains("not enough money");
				default -> assertThat(reason).contains("till");
			}
		}
	}

	@Test
	void aTimeoutWithoutCallbackIsFoundByTheReconcilersQuery() {
		OrderFixtures shop = mpesaShop();
		UUID orderId = id(checkout(shop, 50_000, TIMEOUT));
		await("push accepted", () -> "pending".equals(attemptStatus(shop, orderId)));
		dueNow(shop, orderId);

		reconcile();

		assertThat(attemptStatus(shop, orderId)).isEqualTo("timeout");
		assertThat(payment(shop, orderId).get("failure_reason").toString()).contains("timed out");
		assertThat(order(shop, orderId).get("status")).isEqualTo("awaiting_payment");
	}

	@Test
	void aSuccessWhoseCallbackNeverComesIsPaidByTheReconcilerAfterQueriesThatSayStillProcessing() {
		OrderFixtures shop = mpesaShop();
		UUID noCallback = id(checkout(shop, 50_000, NO_CALLBACK));
		UUID slow = id(checkout(shop, 50_000, SLOW_QUERY));
		await("pushes accepted", () -> "pending".equals(attemptStatus(shop, noCallback))
				&& "pending".equals(attemptStatus(shop, slow)));
		// The slow one's callback came, but its query said "still processing": it waits for the reconciler.
		await("slow callback noted", () -> shop.count("select count(*) from app.payment_attempts where order_id = ? "
				+ "and mpesa_receipt is not null", slow) == 1);
		assertThat(order(shop, slow).get("status")).isEqualTo("awaiting_payment");

		dueNow(shop, noCallback);
		dueNow(shop, slow);
		reconcile();

		assertThat(order(shop, noCallback).get("status")).isEqualTo("paid");
		assertThat(payment(shop, noCallback).get("mpesa_receipt")).as("no callback, no receipt").isNull();
		assertThat(attemptStatus(shop, slow)).as("still processing: backed off").isEqualTo("pending");
		assertThat(shop.count("select query_count from app.payment_attempts where order_id = ?", slow)).isEqualTo(1);
		assertThat(shop.count("select count(*) from app.payment_attempts where order_id = ? and next_query_at > now() + "
				+ "interval '10 seconds'", slow)).as("next query backed off").isEqualTo(1);

		dueNow(shop, slow);
		reconcile();
		assertThat(order(shop, slow).get("status")).isEqualTo("paid");
		assertThat(payment(shop, slow).get("mpesa_receipt")).as("the receipt the callback reported").isNotNull();
	}

	@Test
	void duplicatedCallbacksPayOnce() {
		OrderFixtures shop = mpesaShop();
		UUID orderId = id(checkout(shop, 50_000, DUPLICATED));
		await("three callbacks handled", () -> shop.count("select count(*) from app.payment_callbacks c join "
				+ "app.payment_attempts a on a.id = c.attempt_id where a.order_id = ? and c.processed_at is not null",
				orderId) == 3);

		assertThat(order(shop, orderId).get("status")).isEqualTo("paid");
		assertThat(shop.count("select count(*) from app.payment_callbacks c join app.payment_attempts a on a.id = c.attempt_id "
				+ "where a.order_id = ? and c.outcome = 'applied'", orderId)).isEqualTo(1);
		assertThat(shop.count("select count(*) from app.payment_audit where payment_id = ? and event_type = 'settled'",
				payment(shop, orderId).get("id"))).isEqualTo(1);
	}

	@Test
	void aCallbackReportingAnotherAmountSendsThePaymentToReviewNotPaid() {
		OrderFixtures shop = mpesaShop();
		UUID orderId = id(checkout(shop, 50_000, WRONG_AMOUNT));
		await("review", () -> "review".equals(attemptStatus(shop, orderId)));

		assertThat(payment(shop, orderId).get("status")).isEqualTo("review");
		Map<String, Object> order = order(shop, orderId);
		assertThat(order.get("status")).isEqualTo("awaiting_payment");
		assertThat(order.get("payment_flag")).isEqualTo("review");
		assertThat(order.get("amount_paid_cents")).isEqualTo(0L);
	}

	@Test
	void aRefusedPushKeepsTheOrderAndARetryTo503AnswersRetryAfterThenAnotherNumberPays() {
		OrderFixtures shop = mpesaShop();
		Response placed = checkout(shop, 50_000, REFUSED);
		UUID orderId = id(placed);
		assertThat(placed.json().path("payment").path("status").asString()).isEqualTo("failed");
		assertThat(placed.json().path("payment").path("canRetry").asBoolean()).isTrue();
		String cart = cartOf(shop, orderId);

		Response refusedAgain = retry(shop, cart, REFUSED);
		assertThat(refusedAgain.status()).as(refusedAgain.toString()).isEqualTo(503);
		assertThat(refusedAgain.problemType()).isEqualTo("mpesa-unavailable");
		assertThat(refusedAgain.header("Retry-After")).isNotBlank();
		assertThat(failureAnnouncements(shop, orderId)).as("each refused push is announced").isEqualTo(2);

		Response retried = retry(shop, cart, SUCCESS);
		assertThat(retried.status()).as(retried.toString()).isEqualTo(202);
		await("paid", () -> "paid".equals(order(shop, orderId).get("status")));
		assertThat(shop.count("select count(*) from app.payment_attempts where order_id = ?", orderId)).isEqualTo(3);
		assertThat(shop.count("select count(*) from app.payment_attempts where order_id = ? and status = 'succeeded'",
				orderId)).isEqualTo(1);
		assertThat(shop.count("select count(*) from app.payments where order_id = ?", orderId))
			.as("one payment, three attempts").isEqualTo(1);
		assertThat(order(shop, orderId).get("amount_paid_cents")).isEqualTo(70_000L);
	}

	@Test
	void aPushDarajaNeverAnsweredBlocksRetriesUntilTheGraceThenTheReconcilerFailsItAndARetryWorks() {
		OrderFixtures shop = mpesaShop();
		Response placed = checkout(shop, 50_000, HANGS);
		UUID orderId = id(placed);
		assertThat(placed.json().path("payment").path("status").asString()).isEqualTo("recorded");
		String cart = cartOf(shop, orderId);

		Response tooSoon = retry(shop, cart, SUCCESS);
		assertThat(tooSoon.status()).as(tooSoon.toString()).isEqualTo(503);
		assertThat(tooSoon.header("Retry-After")).isNotBlank();
		assertThat(shop.count("select count(*) from app.payment_attempts where order_id = ?", orderId))
			.as("no second prompt while the first may be on the phone").isEqualTo(1);

		// As after a crash between "attempt recorded" and "Daraja answered": no CheckoutRequestID to query.
		TenantSql.run(shop.tenant.id(), jdbc -> jdbc.update("update app.payment_attempts set created_at = now() - "
				+ "interval '1 minute', next_query_at = now() - interval '1 second' where order_id = ?", orderId));
		reconcile();
		assertThat(attemptStatus(shop, orderId)).isEqualTo("failed");
		assertThat(failureAnnouncements(shop, orderId)).as("the unanswered push's failure is announced").isEqualTo(1);

		Response retried = retry(shop, cart, SUCCESS);
		assertThat(retried.status()).as(retried.toString()).isEqualTo(202);
		await("paid", () -> "paid".equals(order(shop, orderId).get("status")));
	}

	@Test
	void retriesAreRefusedWhileAPromptIsOpenAndBeyondThreePerOrder() {
		OrderFixtures shop = mpesaShop();
		UUID orderId = id(checkout(shop, 50_000, NO_CALLBACK));
		String cart = cartOf(shop, orderId);
		await("pending", () -> "pending".equals(attemptStatus(shop, orderId)));
		Response open = retry(shop, cart, CANCELLED);
		assertThat(open.status()).as(open.toString()).isEqualTo(409);

		TenantSql.run(shop.tenant.id(), jdbc -> jdbc.update(
				"update app.payment_attempts set status = 'cancelled', next_query_at = null where order_id = ?", orderId));
		for (int i = 0; i < 2; i++) {
			Response again = retry(shop, cart, CANCELLED);
			assertThat(again.status()).as(again.toString()).isEqualTo(202);
			await("cancelled", () -> "cancelled".equals(attemptStatus(shop, orderId)));
		}
		Response limited = retry(shop, cart, CANCELLED);
		assertThat(limited.status()).as(limited.toString()).isEqualTo(429);
		assertThat(limited.header("Retry-After")).isNotBlank();
		assertThat(shop.count("select count(*) from app.payment_attempts where order_id = ?", orderId)).isEqualTo(3);
	}

	@Test
	void noNewPromptWhileThePaymentIsInReviewSoTheShopperIsNotChargedTwice() {
		OrderFixtures shop = mpesaShop();
		UUID orderId = id(checkout(shop, 50_050, WRONG_AMOUNT)); // the stand-in reports 1 KES more: review
		await("review", () -> "review".equals(attemptStatus(shop, orderId)));

		Response retried = retry(shop, cartOf(shop, orderId), SUCCESS);

		assertThat(retried.status()).as(retried.toString()).isEqualTo(422);
		assertThat(shop.count("select count(*) from app.payment_attempts where order_id = ?", orderId)).isEqualTo(1);
		assertThat(order(shop, orderId).get("status")).isEqualTo("awaiting_payment");
	}

	@Test
	void anMpesaCheckoutForANonKenyanNumberIsRefusedAndSavesNothing() {
		OrderFixtures shop = mpesaShop();
		UUID variant = shop.variant(50_000, 10);
		Map<String, Object> body = OrderFixtures.checkoutBody("mpesa", "+447911123456", "Westlands");
		Response refused = shop.checkout(shop.cart(variant, 1), UUID.randomUUID().toString(), body);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.body()).contains("mpesaPhone");
		assertThat(shop.count("select count(*) from app.orders")).isZero();
	}

	@Test
	void aStoreWithoutAnMpesaAccountStillTakesTheOrderAndSaysSo() {
		OrderFixtures shop = new OrderFixtures(api(), fixtures().tenant());
		UUID variant = shop.variant(50_000, 10);
		Response placed = shop.checkout(shop.cart(variant, 1), "mpesa");
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		assertThat(placed.json().path("payment").path("status").asString()).isEqualTo("unavailable");
		assertThat(shop.count("select count(*) from app.payments")).isZero();
	}

	/** The order.payment_failed events the order's attempts announced (WhatsApp notification, insight). */
	private static long failureAnnouncements(OrderFixtures shop, UUID orderId) {
		return shop.count("select count(*) from app.outbox_events where aggregate_id = ? and event_type = "
				+ "'order.payment_failed'", orderId);
	}

}
