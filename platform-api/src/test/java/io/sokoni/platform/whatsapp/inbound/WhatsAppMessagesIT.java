package io.sokoni.platform.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.whatsapp.standin.StandInWebhooks;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Threads and messages of each tenant: one thread per shopper (the checkout customer's phone form),
 * the 24-hour window and unread counts, the kinds of message, STOP/START, status updates in rank order
 * whatever order they arrive in, and one tenant's deliveries never reaching another.
 */
class WhatsAppMessagesIT extends WhatsAppInboundTestBase {

	@Test
	void messagesOfOneShopperShareAThreadLinkedToTheCustomerWithTheSameNumber() {
		TestTenant tenant = fixtures().tenant();
		String number = registerNumber(tenant.id());
		String from = shopper();
		UUID customer = UUID.randomUUID();
		TenantSql.run(tenant.id(), jdbc -> jdbc.update(
				"insert into app.customers (tenant_id, id, phone, name) values (?, ?, ?, 'Web Shopper')", tenant.id(),
				customer, "+" + from));
		String first = StandInWebhooks.newWamid();
		String second = StandInWebhooks.newWamid();
		postSigned(textDelivery(number, from, first, "Habari"));
		postSigned(StandInWebhooks.message(number, from, "Wanjiku", second, "interactive",
				interactive("list_reply", "sku-1", "Unga 2kg")));
		await("both recorded", () -> count(tenant.id(), "select count(*) from app.whatsapp_messages") == 2);
		Map<String, Object> thread = rows(tenant.id(), "select * from app.whatsapp_threads").get(0);
		assertThat(thread).containsEntry("wa_id", "+" + from).containsEntry("customer_id", customer)
			.containsEntry("unread_count", 2).containsEntry("status", "open").containsEntry("profile_name", "Wanjiku");
		assertThat(thread.get("last_inbound_at")).isNotNull();
		assertThat(rows(tenant.id(), "select kind, body, metadata->>'reply_id' as reply from app.whatsapp_messages "
				+ "where wamid = ?", second).get(0))
			.containsEntry("kind", "interactive").containsEntry("body", "Unga 2kg").containsEntry("reply", "sku-1");
	}

	@Test
	void mediaAndLocationAreRecordedAndALocationInAZoneIsQuoted() {
		TestTenant tenant = fixtures().tenant();
		new OrderFixtures(api(), tenant); // zone "Westlands" (Westlands, Parklands), fee 200
		String number = registerNumber(tenant.id());
		String from = shopper();
		String image = StandInWebhooks.newWamid();
		ObjectNode media = JsonNodeFactory.instance.objectNode().put("id", "1479537139650973")
			.put("mime_type", "image/jpeg").put("sha256", "abc=").put("caption", "Hii iko?");
		postSigned(StandInWebhooks.message(number, from, null, image, "image", media));
		String located = StandInWebhooks.newWamid();
		ObjectNode location = JsonNodeFactory.instance.objectNode().put("latitude", -1.2676).put("longitude", 36.8108)
			.put("name", "Sarit Centre").put("address", "Karuna Rd, Westlands, Nairobi");
		postSigned(StandInWebhooks.message(number, from, null, located, "location", location));
		String nowhere = StandInWebhooks.newWamid();
		postSigned(StandInWebhooks.message(number, from, null, nowhere, "location", JsonNodeFactory.instance.objectNode()
			.put("latitude", 0.5).put("longitude", 35.2).put("address", "Eldoret")));

		await("quoted", () -> count(tenant.id(), "select count(*) from app.whatsapp_notifications "
				+ "where notification_key = ?", "location_reply:" + located) == 1);
		assertThat(rows(tenant.id(), "select kind, body, metadata->>'media_id' as media, metadata->>'mime_type' as mime "
				+ "from app.whatsapp_messages where wamid = ?", image).get(0))
			.containsEntry("kind", "image").containsEntry("body", "Hii iko?").containsEntry("media", "1479537139650973")
			.containsEntry("mime", "image/jpeg");
		assertThat(rows(tenant.id(), "select metadata->'delivery_quote'->>'city_area' as area, "
				+ "(metadata->'delivery_quote'->>'fee_cents')::bigint as fee from app.whatsapp_messages where wamid = ?",
				located).get(0))
			.containsEntry("area", "Westlands").containsEntry("fee", OrderFixtures.FEE);
		assertThat((String) rows(tenant.id(), "select body from app.whatsapp_notifications where notification_key = ?",
				"location_reply:" + located).get(0).get("body")).contains("Westlands", "KES 200.00", "90 minutes");
		await("the unmapped location recorded", () -> count(tenant.id(),
				"select count(*) from app.whatsapp_messages where wamid = ? and kind = 'location'", nowhere) == 1);
		assertThat(count(tenant.id(), "select count(*) from app.whatsapp_messages where wamid = ? "
				+ "and metadata->'delivery_quote' is not null", nowhere)).isZero();
	}

	@Test
	void stopAndStartSwitchTheThreadAndTheCustomersConsent() {
		TestTenant tenant = fixtures().tenant();
		String number = registerNumber(tenant.id());
		String from = shopper();
		UUID customer = UUID.randomUUID();
		TenantSql.run(tenant.id(), jdbc -> jdbc.update("""
				insert into app.customers (tenant_id, id, phone, name, whatsapp_opt_in)
				values (?, ?, ?, 'Shopper', true)""", tenant.id(), customer, "+" + from));
		postSigned(textDelivery(number, from, StandInWebhooks.newWamid(), "Please don't stop sending offers"));
		await("first", () -> count(tenant.id(), "select count(*) from app.whatsapp_messages") == 1);
		assertThat(optedOut(tenant.id(), from)).as("a sentence is not a keyword").isFalse();

		postSigned(textDelivery(number, from, StandInWebhooks.newWamid(), "  Stop All! "));
		await("opted out", () -> optedOut(tenant.id(), from));
		assertThat(count(tenant.id(), "select count(*) from app.customers where id = ? and not whatsapp_opt_in", customer))
			.isEqualTo(1);

		postSigned(textDelivery(number, from, StandInWebhooks.newWamid(), "start"));
		await("opted in again", () -> !optedOut(tenant.id(), from));
		assertThat(count(tenant.id(), "select count(*) from app.customers where id = ? and whatsapp_opt_in", customer))
			.isEqualTo(1);

		postSigned(textDelivery(number, from, StandInWebhooks.newWamid(), "unsubscribe"));
		await("out again (UNSUBSCRIBE)", () -> optedOut(tenant.id(), from));
	}

	@Test
	void statusesApplyInRankOrderWhateverOrderTheyArriveInAndFailedIsFinal() {
		TestTenant tenant = fixtures().tenant();
		String number = registerNumber(tenant.id());
		String from = shopper();
		postSigned(textDelivery(number, from, StandInWebhooks.newWamid(), "Hi"));
		await("thread", () -> count(tenant.id(), "select count(*) from app.whatsapp_threads") == 1);
		String sent = outbound(tenant.id(), from);
		postSigned(StandInWebhooks.status(number, sent, from, "read", null, null));
		postSigned(StandInWebhooks.status(number, sent, from, "sent", null, null));
		postSigned(StandInWebhooks.status(number, sent, from, "delivered", null, null));
		postSigned(StandInWebhooks.status(number, sent, from, "delivered", null, null)); // a duplicate
		await("three statuses", () -> count(tenant.id(),
				"select count(*) from app.whatsapp_message_statuses where wamid = ?", sent) == 3);
		await("read", () -> count(tenant.id(), "select count(*) from app.whatsapp_messages where wamid = ? "
				+ "and status = 'read' and sent_at is not null and delivered_at is not null and read_at is not null",
				sent) == 1);

		String failing = outbound(tenant.id(), from);
		postSigned(StandInWebhooks.status(number, failing, from, "failed", 131026, null));
		postSigned(StandInWebhooks.status(number, failing, from, "delivered", null, null));
		await("both recorded", () -> count(tenant.id(),
				"select count(*) from app.whatsapp_message_statuses where wamid = ?", failing) == 2);
		await("failed stays", () -> count(tenant.id(), "select count(*) from app.whatsapp_messages where wamid = ? "
				+ "and status = 'failed' and error_code = 131026 and failed_at is not null", failing) == 1);

		// A status for a wamid Sokoni has not stored yet is kept for when it is.
		String early = StandInWebhooks.newWamid();
		postSigned(StandInWebhooks.status(number, early, from, "delivered", null, null));
		await("kept", () -> count(tenant.id(),
				"select count(*) from app.whatsapp_message_statuses where wamid = ? and rank = 2", early) == 1);
	}

	@Test
	void aTimestampOutOfRangeIsNowAndTheRestOfTheDeliveryIsRecorded() {
		TestTenant tenant = fixtures().tenant();
		String number = registerNumber(tenant.id());
		String from = shopper();
		String odd = StandInWebhooks.newWamid();
		String fine = StandInWebhooks.newWamid();
		// Two messages in one delivery; the first dated past PostgreSQL's timestamptz (a valid Java Instant).
		ObjectNode delivery = textDelivery(number, from, odd, "Habari");
		var messages = (tools.jackson.databind.node.ArrayNode) delivery.path("entry").path(0).path("changes").path(0)
			.path("value").path("messages");
		messages.add(((ObjectNode) messages.get(0).deepCopy()).put("id", fine));
		((ObjectNode) messages.get(0)).put("timestamp", "99999999999999");
		postSigned(delivery);
		await("both recorded", () -> count(tenant.id(), "select count(*) from app.whatsapp_messages") == 2);
		assertThat(count(tenant.id(), "select count(*) from app.whatsapp_messages where wamid = ? "
				+ "and created_at between now() - interval '1 hour' and now() + interval '1 hour'", odd))
			.as("an odd timestamp is now")
			.isEqualTo(1);

		String sent = outbound(tenant.id(), from);
		ObjectNode status = StandInWebhooks.status(number, sent, from, "delivered", null, null);
		((ObjectNode) status.path("entry").path(0).path("changes").path(0).path("value").path("statuses").get(0))
			.put("timestamp", "-99999999999999");
		postSigned(status);
		await("the status applied", () -> count(tenant.id(),
				"select count(*) from app.whatsapp_messages where wamid = ? and status = 'delivered'", sent) == 1);
	}

	@Test
	void oneTenantsDeliveriesNeverReachAnother() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		String numberA = registerNumber(a.id());
		String numberB = registerNumber(b.id());
		String from = shopper();
		String wamid = StandInWebhooks.newWamid();
		postSigned(textDelivery(numberA, from, wamid, "for A"));
		// Meta's ids are unique, but even the same wamid at B is B's own message.
		postSigned(textDelivery(numberB, from, wamid, "for B"));
		await("A's", () -> count(a.id(), "select count(*) from app.whatsapp_messages where wamid = ?", wamid) == 1);
		await("B's", () -> count(b.id(), "select count(*) from app.whatsapp_messages where wamid = ?", wamid) == 1);
		assertThat(rows(a.id(), "select body from app.whatsapp_messages")).extracting(r -> r.get("body"))
			.containsExactly("for A");
		assertThat(rows(b.id(), "select body from app.whatsapp_messages")).extracting(r -> r.get("body"))
			.containsExactly("for B");
		assertThat(count(a.id(), "select count(*) from app.whatsapp_threads")).isEqualTo(1);
		// Statuses to B's number about A's message change nothing at A.
		String sentByA = outbound(a.id(), from);
		postSigned(StandInWebhooks.status(numberB, sentByA, from, "read", null, null));
		await("recorded at B", () -> count(b.id(),
				"select count(*) from app.whatsapp_message_statuses where wamid = ?", sentByA) == 1);
		assertThat(count(a.id(), "select count(*) from app.whatsapp_message_statuses where wamid = ?", sentByA)).isZero();
		assertThat(count(a.id(), "select count(*) from app.whatsapp_messages where wamid = ? and status = 'sent'", sentByA))
			.isEqualTo(1);
	}

	/** An outbound message as the sender stores it once Meta answered (status sent). */
	private static String outbound(UUID tenant, String from) {
		String wamid = StandInWebhooks.newWamid();
		TenantSql.run(tenant, jdbc -> jdbc.update("""
				insert into app.whatsapp_messages (tenant_id, id, thread_id, direction, wamid, kind, body, status)
				select tenant_id, ?, id, 'outbound', ?, 'text', 'Your order is on its way', 'sent'
				from app.whatsapp_threads where wa_id = ?""", UUID.randomUUID(), wamid, "+" + from));
		return wamid;
	}

	private static boolean optedOut(UUID tenant, String from) {
		List<Map<String, Object>> rows = rows(tenant, "select opted_out_at from app.whatsapp_threads where wa_id = ?",
				"+" + from);
		return !rows.isEmpty() && rows.get(0).get("opted_out_at") != null;
	}

	private static ObjectNode interactive(String type, String id, String title) {
		ObjectNode node = JsonNodeFactory.instance.objectNode().put("type", type);
		node.putObject(type).put("id", id).put("title", title);
		return node;
	}

}
