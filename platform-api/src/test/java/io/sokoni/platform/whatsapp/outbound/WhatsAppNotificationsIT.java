package io.sokoni.platform.whatsapp.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.whatsapp.WhatsAppTestBase;
import io.sokoni.platform.whatsapp.standin.StandInSendListener;
import org.junit.jupiter.api.Test;

/**
 * Order notifications end to end: order events through the outbox, queued once per key, sent by the
 * sender to the Graph stand-in as text inside the 24-hour window and as the template outside it, with
 * Meta's failures handled (131047 fallback, retries, parking) and the shopper's choices respected.
 */
class WhatsAppNotificationsIT extends WhatsAppTestBase {

	private static String key(UUID order, String kind) {
		return "order:" + order + ":" + kind;
	}

	@Test
	void everyNotificationIsSentAsTextInsideTheWindow() {
		everyNotification(true);
	}

	@Test
	void everyNotificationIsSentAsItsTemplateOutsideTheWindow() {
		everyNotification(false);
	}

	/**
	 * All six kinds for one shopper: a cash order packed, dispatched and delivered, one cancelled, an
	 * M-Pesa order paid and one whose prompt failed (insufficient funds).
	 */
	private void everyNotification(boolean windowOpen) {
		OrderFixtures shop = whatsappShop();
		mpesaAccount(shop);
		String phone = shopperPhone();
		shopperWrote(shop.tenant.id(), phone, windowOpen ? Duration.ofMinutes(5) : Duration.ofHours(25));
		UUID order = codOrder(shop, phone, true);
		move(shop, order, "packing");
		move(shop, order, "dispatched");
		move(shop, order, "delivered");
		UUID cancelledOrder = codOrder(shop, phone, true);
		move(shop, cancelledOrder, "cancelled");
		UUID paid = mpesaOrder(shop, phone, "0700000001");
		UUID failed = mpesaOrder(shop, phone, "0700000004");
		await("the failed prompt", () -> count(shop.tenant.id(),
				"select count(*) from app.payment_attempts where order_id = ? and status = 'failed'", failed) == 1);
		String attempt = TenantSql.call(shop.tenant.id(), jdbc -> jdbc.queryForObject(
				"select id::text from app.payment_attempts where order_id = ?", String.class, failed));

		String[][] expected = { { key(order, "order_placed"), "order_placed", "we have received your order #" },
				{ key(order, "dispatched"), "dispatched", "is on its way to Westlands" },
				{ key(order, "delivered"), "delivered", "has been delivered" },
				{ key(cancelledOrder, "cancelled"), "cancelled", "has been cancelled" },
				{ key(paid, "payment_received"), "payment_received", "we have received your payment of KES 700.00" },
				{ key(failed, "payment_failed") + ":" + attempt, "payment_failed", "not enough money" } };
		for (String[] e : expected) {
			Map<String, Object> row = settled(shop.tenant.id(), e[0]);
			assertThat(row.get("status")).as(e[1]).isEqualTo("sent");
			assertThat(row.get("sent_as")).as(e[1]).isEqualTo(windowOpen ? "text" : "template");
			List<StandInSendListener.Accepted> sent = accepted(row.get("id"));
			assertThat(sent).as(e[1]).hasSize(1);
			assertThat(sent.get(0).type()).isEqualTo(windowOpen ? "text" : "template");
			assertThat(sent.get(0).to()).isEqualTo(phone.substring(1));
			assertThat(row.get("wamid")).isEqualTo(sent.get(0).wamid());
			Map<String, Object> message = TenantSql.call(shop.tenant.id(), jdbc -> jdbc.queryForMap(
					"select direction, kind, body, template_name, metadata::text as metadata, wamid, thread_id "
							+ "from app.whatsapp_messages where id = ?", row.get("message_id")));
			assertThat(message.get("direction")).isEqualTo("outbound");
			assertThat(message.get("wamid")).isEqualTo(sent.get(0).wamid());
			assertThat(message.get("thread_id")).isEqualTo(row.get("thread_id"));
			if (windowOpen) {
				assertThat(message.get("kind")).isEqualTo("text");
				assertThat((String) message.get("body")).as(e[1]).contains(e[2]).startsWith("Hi Wanjiru");
			}
			else {
				assertThat(message.get("kind")).isEqualTo("template");
				assertThat(message.get("template_name")).isEqualTo(e[1] + "_tpl");
				assertThat((String) message.get("metadata")).contains("\"Wanjiru\"").contains("\"#");
			}
			if (e[1].equals("order_placed")) {
				assertThat((String) (windowOpen ? message.get("body") : message.get("metadata"))).as("the total")
					.contains("KES 1,450.00");
			}
		}
		assertThat(count(shop.tenant.id(), "select count(*) from app.whatsapp_notifications where order_id = ?", order))
			.as("packing is not notified").isEqualTo(3);
	}

	private void mpesaAccount(OrderFixtures shop) {
		Response account = api().put("/admin/v1/payments/mpesa-account")
			.bearer(shop.tenant.ownerToken())
			.body(Map.of("environment", "sandbox", "accountType", "paybill", "businessShortcode", "174379",
					"consumerKey", "consumer-key-1234", "consumerSecret", "consumer-secret-5678", "passkey",
					"passkey-abcdefgh-9999"))
			.send();
		assertThat(account.status()).as(account.toString()).isEqualTo(200);
	}

	@Test
	void outsideTheWindowWithoutATemplateNothingIsSent() {
		OrderFixtures shop = whatsappShop();
		enable(shop.tenant, false, "order_placed");
		String phone = shopperPhone();
		UUID order = codOrder(shop, phone, true);

		Map<String, Object> row = settled(shop.tenant.id(), key(order, "order_placed"));
		assertThat(row.get("status")).isEqualTo("skipped");
		assertThat((String) row.get("last_error")).contains("outside the 24-hour window");
		assertThat(accepted(row.get("id"))).isEmpty();
	}

	@Test
	void metaSaying131047MakesTheTemplateGoInstead() {
		OrderFixtures shop = whatsappShop();
		// Sokoni believes the window is open; Meta says it is not.
		shopperWrote(shop.tenant.id(), OUTSIDE_WINDOW, Duration.ofMinutes(1));
		UUID order = codOrder(shop, OUTSIDE_WINDOW, true);

		Map<String, Object> row = settled(shop.tenant.id(), key(order, "order_placed"));
		assertThat(row.get("status")).isEqualTo("sent");
		assertThat(row.get("sent_as")).isEqualTo("template");
		assertThat(row.get("attempts")).isEqualTo(1);
		assertThat(accepted(row.get("id"))).singleElement().satisfies(m -> assertThat(m.type()).isEqualTo("template"));
	}

	@Test
	void serverFailuresAndThrottlingAreRetriedUntilMetaAccepts() {
		OrderFixtures shop = whatsappShop();
		UUID failsTwice = codOrder(shop, FAILS_TWICE, true);
		UUID throttledOnce = codOrder(shop, THROTTLED_ONCE, true);

		Map<String, Object> retried = settled(shop.tenant.id(), key(failsTwice, "order_placed"));
		assertThat(retried.get("status")).isEqualTo("sent");
		assertThat(retried.get("attempts")).isEqualTo(3);
		assertThat(accepted(retried.get("id"))).hasSize(1);
		Map<String, Object> throttled = settled(shop.tenant.id(), key(throttledOnce, "order_placed"));
		assertThat(throttled.get("status")).isEqualTo("sent");
		assertThat(throttled.get("attempts")).isEqualTo(2);
		assertThat(accepted(throttled.get("id"))).hasSize(1);
	}

	@Test
	void aMessageMetaKeepsRefusingIsParkedAfterTheLastAttemptVisibleAndRetryable() {
		OrderFixtures shop = whatsappShop();
		UUID order = codOrder(shop, FAILS, true);
		UUID undeliverable = codOrder(shop, UNDELIVERABLE, true);

		Map<String, Object> row = settled(shop.tenant.id(), key(order, "order_placed"));
		assertThat(row.get("status")).isEqualTo("parked");
		assertThat(row.get("attempts")).isEqualTo(3);
		assertThat((String) row.get("last_error")).contains("gave up after 3 attempts").contains("code 1");
		Map<String, Object> refused = settled(shop.tenant.id(), key(undeliverable, "order_placed"));
		assertThat(refused.get("status")).as("131026 is final").isEqualTo("parked");
		assertThat(refused.get("attempts")).isEqualTo(1);
		assertThat((String) refused.get("last_error")).contains("131026");

		Response parked = api().get("/admin/v1/whatsapp/notifications?status=parked")
			.bearer(fixtures().staffMember(shop.tenant, "viewer"))
			.send();
		assertThat(parked.status()).as(parked.toString()).isEqualTo(200);
		assertThat(parked.json().path("items")).hasSize(2);
		assertThat(parked.json().path("items").path(0).path("lastError").asString()).isNotBlank();

		Response retry = api().post("/admin/v1/whatsapp/notifications/" + row.get("id") + "/retry")
			.bearer(shop.tenant.ownerToken())
			.send();
		assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
		await("parked again after three more attempts", () -> {
			Map<String, Object> now = notification(shop.tenant.id(), key(order, "order_placed"));
			return "parked".equals(now.get("status")) && Integer.valueOf(3).equals(now.get("attempts"))
					&& accepted(row.get("id")).isEmpty();
		});
		Response again = api().post("/admin/v1/whatsapp/notifications/" + row.get("id") + "/retry")
			.bearer(shop.tenant.ownerToken())
			.send();
		assertThat(again.status()).isEqualTo(200);
		Response notParked = api().post("/admin/v1/whatsapp/notifications/" + row.get("id") + "/retry")
			.bearer(shop.tenant.ownerToken())
			.send();
		assertThat(notParked.status()).as("only parked rows are retried (this one is pending again)").isEqualTo(409);
		Response sent = api().post("/admin/v1/whatsapp/notifications/" + settled(shop.tenant.id(),
				key(undeliverable, "order_placed")).get("id") + "/retry").bearer(fixtures().staffMember(shop.tenant, "viewer")).send();
		assertThat(sent.status()).as("a viewer cannot retry").isEqualTo(403);
	}

	@Test
	void aSendWhoseAnswerNeverCameIsConfirmedByMetasStatusUpdateAndNotSentAgain() {
		OrderFixtures shop = whatsappShop();
		UUID hangs = codOrder(shop, HANGS, true);
		Map<String, Object> unknown = settled(shop.tenant.id(), key(hangs, "order_placed"));
		assertThat(unknown.get("status")).as("no answer in time: parked, not sent twice").isEqualTo("parked");
		assertThat(unknown.get("attempts")).isEqualTo(1);
		assertThat((String) unknown.get("last_error")).contains("outcome unknown");
		// Meta did take it (the stand-in answers after Sokoni gave up) and says so in status updates that
		// carry the send's biz_opaque_callback_data: the notification is sent, with the wamid Meta chose.
		await("confirmed by the status updates", () -> "sent".equals(
				notification(shop.tenant.id(), key(hangs, "order_placed")).get("status")));
		Map<String, Object> confirmed = notification(shop.tenant.id(), key(hangs, "order_placed"));
		List<StandInSendListener.Accepted> went = accepted(unknown.get("id"));
		assertThat(went).hasSize(1);
		assertThat(confirmed.get("wamid")).isEqualTo(went.get(0).wamid());
		assertThat(confirmed.get("sent_as")).as("outside the window: the template went").isEqualTo("template");
		assertThat(count(shop.tenant.id(), "select count(*) from app.whatsapp_messages where wamid = ? and "
				+ "direction = 'outbound' and kind = 'template' and status <> 'pending'", went.get(0).wamid()))
			.isEqualTo(1);

		// A sender that died after Meta's answer, before storing it: the row stays claimed ("sending").
		String phone = shopperPhone();
		UUID order = codOrder(shop, phone, false); // no opt-in: skipped, so the sender leaves it alone
		Map<String, Object> row = settled(shop.tenant.id(), key(order, "order_placed"));
		TenantSql.run(shop.tenant.id(), jdbc -> jdbc.update("update app.whatsapp_notifications set status = "
				+ "'sending', attempts = 1, next_attempt_at = now() + interval '2 seconds' where id = ?", row.get("id")));
		String wamid = "wamid.HBgMDIED" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
		Response status = api().post("/graph-standin/simulate/statuses")
			.body(Map.of("phoneNumberId", phoneNumberId(shop), "wamid", wamid, "recipient", phone.substring(1),
					"statuses", List.of("delivered", "sent"), "bizOpaqueCallbackData", row.get("id") + ":template"))
			.send();
		assertThat(status.status()).as(status.toString()).isEqualTo(200);
		await("confirmed", () -> "sent".equals(notification(shop.tenant.id(), key(order, "order_placed")).get("status")));
		assertThat(notification(shop.tenant.id(), key(order, "order_placed")).get("sent_as")).isEqualTo("template");
		assertThat(count(shop.tenant.id(), "select count(*) from app.whatsapp_messages where wamid = ? and "
				+ "kind = 'template' and status = 'delivered'", wamid)).isEqualTo(1);
		// Past the dead sender's lease, no sender takes it again: it was sent.
		sleep(Duration.ofMillis(2500));
		codOrder(shop, shopperPhone(), true);
		await("a later notification sent after the lease", () -> count(shop.tenant.id(),
				"select count(*) from app.whatsapp_notifications where status = 'sent'") == 3);
		assertThat(accepted(row.get("id"))).as("never sent a second time").isEmpty();
		// The same status again (Meta delivers at least once) changes nothing.
		api().post("/graph-standin/simulate/statuses")
			.body(Map.of("phoneNumberId", phoneNumberId(shop), "wamid", wamid, "recipient", phone.substring(1),
					"statuses", List.of("sent"), "bizOpaqueCallbackData", row.get("id") + ":template"))
			.send();
		assertThat(count(shop.tenant.id(), "select count(*) from app.whatsapp_messages where wamid = ?", wamid))
			.isEqualTo(1);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String phoneNumberId(OrderFixtures shop) {
		return TenantSql.call(shop.tenant.id(), jdbc -> jdbc.queryForObject(
				"select phone_number_id from app.whatsapp_accounts", String.class));
	}

	@Test
	void aShopperWhoOptedOutIsSkipped() {
		OrderFixtures shop = whatsappShop();
		String phone = shopperPhone();
		UUID thread = shopperWrote(shop.tenant.id(), phone, Duration.ofMinutes(3));
		TenantSql.run(shop.tenant.id(),
				jdbc -> jdbc.update("update app.whatsapp_threads set opted_out_at = now() where id = ?", thread));
		UUID order = codOrder(shop, phone, true);

		Map<String, Object> row = settled(shop.tenant.id(), key(order, "order_placed"));
		assertThat(row.get("status")).isEqualTo("skipped");
		assertThat((String) row.get("last_error")).contains("opted out");
		assertThat(accepted(row.get("id"))).isEmpty();
	}

	@Test
	void noOptInAndKindsSwitchedOffSendNothing() {
		OrderFixtures shop = whatsappShop();
		UUID withoutOptIn = codOrder(shop, shopperPhone(), false);
		Map<String, Object> row = settled(shop.tenant.id(), key(withoutOptIn, "order_placed"));
		assertThat(row.get("status")).isEqualTo("skipped");
		assertThat((String) row.get("last_error")).contains("opt in");

		Response off = api().put("/admin/v1/whatsapp/notification-settings")
			.bearer(shop.tenant.ownerToken())
			.body(Map.of("settings", List.of(Map.of("kind", "order_placed", "enabled", false), Map.of("kind",
					"dispatched", "enabled", false))))
			.send();
		assertThat(off.status()).isEqualTo(200);
		String phone = shopperPhone();
		UUID order = codOrder(shop, phone, true);
		move(shop, order, "packing");
		move(shop, order, "dispatched");
		move(shop, order, "delivered");
		settled(shop.tenant.id(), key(order, "delivered"));
		assertThat(notification(shop.tenant.id(), key(order, "order_placed"))).isNull();
		assertThat(notification(shop.tenant.id(), key(order, "dispatched"))).isNull();
	}

	@Test
	void aTenantWithoutANumberHasItsOrderEventsDeliveredAndNothingQueued() {
		OrderFixtures shop = new OrderFixtures(api(), fixtures().tenant());
		UUID order = codOrder(shop, shopperPhone(), true);
		move(shop, order, "packing");
		move(shop, order, "dispatched");
		await("the order's events delivered", () -> count(shop.tenant.id(),
				"select count(*) from app.outbox_events where aggregate_id = ? and event_type like 'order.%' "
						+ "and status <> 'delivered'", order) == 0);
		assertThat(count(shop.tenant.id(), "select count(*) from app.outbox_events where aggregate_id = ? "
				+ "and event_type like 'order.%'", order)).isGreaterThanOrEqualTo(3);
		assertThat(count(shop.tenant.id(), "select count(*) from app.whatsapp_notifications where order_id = ?", order))
			.isZero();
	}

	private UUID mpesaOrder(OrderFixtures shop, String phone, String mpesaPhone) {
		UUID variant = shop.variant(50_000, 10);
		Map<String, Object> body = OrderFixtures.checkoutBody("mpesa", phone, "Westlands");
		body.put("customer", Map.of("phone", phone, "name", "Wanjiru Kamau", "whatsappOptIn", true));
		body.put("mpesaPhone", mpesaPhone);
		Response placed = shop.checkout(shop.cart(variant, 1), UUID.randomUUID().toString(), body);
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		return UUID.fromString(placed.json().path("id").asString());
	}

}
