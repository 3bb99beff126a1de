package io.sokoni.platform.whatsapp.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.whatsapp.WhatsAppTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The merchant inbox over HTTP: threads with unread counts and their messages paged, replies inside the
 * 24-hour window (a template outside it, refused without one), opted-out shoppers, close/reopen/read,
 * roles, and one tenant never reaching another's threads.
 */
class WhatsAppInboxIT extends WhatsAppTestBase {

	private TestTenant connectedTenant() {
		TestTenant tenant = fixtures().tenant();
		assertThat(connect(tenant, phoneNumberId()).status()).isEqualTo(200);
		return tenant;
	}

	/** A thread whose shopper wrote {@code inbound} messages, the last one {@code ago} ago, all unread. */
	private static UUID thread(UUID tenant, String phone, int inbound, Duration ago) {
		UUID thread = shopperWrote(tenant, phone, ago);
		TenantSql.run(tenant, jdbc -> {
			for (int i = 0; i < inbound; i++) {
				jdbc.update("""
						insert into app.whatsapp_messages (tenant_id, id, thread_id, direction, wamid, kind, body, status, created_at)
						values (?, ?, ?, 'inbound', ?, 'text', ?, 'received', now() - ?::interval + (? * interval '1 second'))""",
						tenant, UUID.randomUUID(), thread, "wamid.in" + UUID.randomUUID(), "message " + i,
						ago.toSeconds() + " seconds", i - inbound + 1);
			}
			jdbc.update("update app.whatsapp_threads set unread_count = ? where id = ?", inbound, thread);
		});
		return thread;
	}

	private Response reply(String token, UUID thread, Map<String, Object> body) {
		return api().post("/admin/v1/whatsapp/threads/" + thread + "/replies").bearer(token).body(body).send();
	}

	@Test
	void threadsAndMessagesArePagedNewestFirstWithUnreadCounts() {
		TestTenant tenant = connectedTenant();
		List<UUID> threads = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			threads.add(thread(tenant.id(), shopperPhone(), i + 1, Duration.ofMinutes(10 - i)));
		}
		String viewer = fixtures().staffMember(tenant, "viewer");

		Response first = api().get("/admin/v1/whatsapp/threads?limit=3").bearer(viewer).send();
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(ids(first)).containsExactly(threads.get(4), threads.get(3), threads.get(2));
		assertThat(first.json().path("items").path(0).path("unreadCount").asInt()).isEqualTo(5);
		assertThat(first.json().path("items").path(0).path("windowOpenUntil").isNull()).isFalse();
		Response second = api().get("/admin/v1/whatsapp/threads?limit=3&after=" + first.json().path("next").asString())
			.bearer(viewer)
			.send();
		assertThat(second.status()).as(second.toString()).isEqualTo(200);
		assertThat(ids(second)).containsExactly(threads.get(1), threads.get(0));
		assertThat(second.json().path("next").isNull()).isTrue();

		Response newest = api().get("/admin/v1/whatsapp/threads/" + threads.get(4) + "/messages?limit=2").bearer(viewer).send();
		assertThat(newest.status()).as(newest.toString()).isEqualTo(200);
		assertThat(newest.json().path("items").path(0).path("body").asString()).isEqualTo("message 4");
		assertThat(newest.json().path("items").path(1).path("body").asString()).isEqualTo("message 3");
		Response older = api().get("/admin/v1/whatsapp/threads/" + threads.get(4) + "/messages?limit=2&before="
				+ newest.json().path("next").asString()).bearer(viewer).send();
		assertThat(older.json().path("items").path(0).path("body").asString()).isEqualTo("message 2");
		assertThat(older.json().path("items").path(1).path("body").asString()).isEqualTo("message 1");

		assertThat(api().get("/admin/v1/whatsapp/threads?after=garbage").bearer(viewer).send().status()).isEqualTo(400);
		assertThat(api().get("/admin/v1/whatsapp/threads?status=maybe").bearer(viewer).send().status()).isEqualTo(400);
		Response unread = api().post("/admin/v1/whatsapp/threads/" + threads.get(4) + "/read").bearer(viewer).send();
		assertThat(unread.status()).as("a viewer only reads").isEqualTo(403);
		Response read = api().post("/admin/v1/whatsapp/threads/" + threads.get(4) + "/read")
			.bearer(tenant.ownerToken())
			.send();
		assertThat(read.json().path("unreadCount").asInt()).isZero();
		Response onlyUnread = api().get("/admin/v1/whatsapp/threads?unread=true").bearer(viewer).send();
		assertThat(ids(onlyUnread)).hasSize(4).doesNotContain(threads.get(4));
	}

	@Test
	void aReplyInsideTheWindowGoesAsTextAndOutsideItNeedsATemplate() {
		TestTenant tenant = connectedTenant();
		String staff = fixtures().staffMember(tenant, "staff");
		String recent = shopperPhone();
		UUID open = thread(tenant.id(), recent, 1, Duration.ofMinutes(30));
		UUID stale = thread(tenant.id(), shopperPhone(), 1, Duration.ofHours(30));

		Response text = reply(staff, open, Map.of("text", "Asante! Your order leaves at 3 pm."));
		assertThat(text.status()).as(text.toString()).isEqualTo(202);
		String notification = text.json().path("id").asString();
		Map<String, Object> sent = settled(tenant.id(), text.json().path("notificationKey").asString());
		assertThat(sent.get("status")).isEqualTo("sent");
		assertThat(sent.get("sent_as")).isEqualTo("text");
		assertThat(accepted(notification)).singleElement().satisfies(m -> {
			assertThat(m.type()).isEqualTo("text");
			assertThat(m.to()).isEqualTo(recent.substring(1));
		});
		Response messages = api().get("/admin/v1/whatsapp/threads/" + open + "/messages").bearer(staff).send();
		assertThat(messages.json().path("items").path(0).path("direction").asString()).isEqualTo("outbound");
		assertThat(messages.json().path("items").path(0).path("body").asString()).contains("Asante");

		Response refused = reply(staff, stale, Map.of("text", "Are you still there?"));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
		assertThat(refused.json().path("type").asString()).endsWith("/whatsapp-window-closed");
		assertThat(count(tenant.id(), "select count(*) from app.whatsapp_notifications where thread_id = ?", stale)).isZero();

		Response template = reply(staff, stale, Map.of("text", "Are you still there?", "template",
				Map.of("name", "follow_up", "language", "en", "parameters", List.of("Wanjiru"))));
		assertThat(template.status()).as(template.toString()).isEqualTo(202);
		Map<String, Object> templated = settled(tenant.id(), template.json().path("notificationKey").asString());
		assertThat(templated.get("sent_as")).isEqualTo("template");
		assertThat(accepted(template.json().path("id").asString())).singleElement()
			.satisfies(m -> assertThat(m.type()).isEqualTo("template"));

		assertThat(reply(staff, open, Map.of()).status()).isEqualTo(400);
		assertThat(reply(staff, open, Map.of("text", " \n\t ")).status()).as("a blank text").isEqualTo(400);
		assertThat(reply(fixtures().staffMember(tenant, "viewer"), open, Map.of("text", "hi")).status()).isEqualTo(403);
	}

	@Test
	void aReplyRetriedWithItsIdempotencyKeyIsQueuedAndSentOnce() throws Exception {
		TestTenant tenant = connectedTenant();
		UUID thread = thread(tenant.id(), shopperPhone(), 1, Duration.ofMinutes(5));
		String key = UUID.randomUUID().toString();
		List<java.util.concurrent.Future<Response>> answers = new ArrayList<>();
		java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
		try (var pool = java.util.concurrent.Executors.newFixedThreadPool(5)) {
			for (int i = 0; i < 5; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return api().post("/admin/v1/whatsapp/threads/" + thread + "/replies")
						.bearer(tenant.ownerToken())
						.header("Idempotency-Key", key)
						.body(Map.of("text", "Tuko njiani!"))
						.send();
				}));
			}
			start.countDown();
			java.util.Set<String> ids = new java.util.HashSet<>();
			for (var answer : answers) {
				Response response = answer.get();
				assertThat(response.status()).as(response.toString()).isEqualTo(202);
				ids.add(response.json().path("id").asString());
			}
			assertThat(ids).hasSize(1);
			Map<String, Object> sent = settled(tenant.id(), "reply:" + thread + ":" + key);
			assertThat(sent.get("status")).isEqualTo("sent");
			assertThat(accepted(ids.iterator().next())).hasSize(1);
		}
		Response again = reply(tenant.ownerToken(), thread, Map.of("text", "Tuko njiani!"));
		assertThat(again.status()).isEqualTo(202);
		assertThat(count(tenant.id(), "select count(*) from app.whatsapp_notifications where thread_id = ?", thread))
			.as("without a key a second reply is another message").isEqualTo(2);
		assertThat(count(tenant.id(), "select count(*) from app.audit_log where action = 'whatsapp_thread.replied'"))
			.isEqualTo(2);
	}

	@Test
	void aShopperWhoOptedOutGetsNoReply() {
		TestTenant tenant = connectedTenant();
		UUID thread = thread(tenant.id(), shopperPhone(), 1, Duration.ofMinutes(1));
		TenantSql.run(tenant.id(), jdbc -> jdbc.update("update app.whatsapp_threads set opted_out_at = now() where id = ?", thread));

		Response refused = reply(tenant.ownerToken(), thread, Map.of("text", "Hello"));

		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.json().path("type").asString()).endsWith("/whatsapp-opted-out");
		assertThat(count(tenant.id(), "select count(*) from app.whatsapp_notifications")).isZero();
	}

	@Test
	void threadsAreClosedAndReopened() {
		TestTenant tenant = connectedTenant();
		UUID thread = thread(tenant.id(), shopperPhone(), 2, Duration.ofMinutes(1));

		Response closed = api().post("/admin/v1/whatsapp/threads/" + thread + "/close").bearer(tenant.ownerToken()).send();
		assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
		assertThat(closed.json().path("status").asString()).isEqualTo("closed");
		assertThat(ids(api().get("/admin/v1/whatsapp/threads?status=open").bearer(tenant.ownerToken()).send())).isEmpty();
		assertThat(ids(api().get("/admin/v1/whatsapp/threads?status=closed").bearer(tenant.ownerToken()).send()))
			.containsExactly(thread);
		Response reopened = api().post("/admin/v1/whatsapp/threads/" + thread + "/reopen").bearer(tenant.ownerToken()).send();
		assertThat(reopened.json().path("status").asString()).isEqualTo("open");
		assertThat(count(tenant.id(), "select count(*) from app.audit_log where action in "
				+ "('whatsapp_thread.closed', 'whatsapp_thread.reopened')")).isEqualTo(2);
	}

	@Test
	void aTenantNeverReachesAnotherTenantsThreads() {
		TestTenant a = connectedTenant();
		TestTenant b = connectedTenant();
		UUID theirs = thread(b.id(), shopperPhone(), 3, Duration.ofMinutes(1));
		thread(a.id(), shopperPhone(), 1, Duration.ofMinutes(1));
		String path = "/admin/v1/whatsapp/threads/" + theirs;

		assertThat(ids(api().get("/admin/v1/whatsapp/threads").bearer(a.ownerToken()).send())).doesNotContain(theirs)
			.hasSize(1);
		assertThat(api().get(path).bearer(a.ownerToken()).send().status()).isEqualTo(404);
		assertThat(api().get(path + "/messages").bearer(a.ownerToken()).send().status()).isEqualTo(404);
		assertThat(reply(a.ownerToken(), theirs, Map.of("text", "hi")).status()).isEqualTo(404);
		assertThat(api().post(path + "/close").bearer(a.ownerToken()).send().status()).isEqualTo(404);
		assertThat(api().post(path + "/read").bearer(a.ownerToken()).send().status()).isEqualTo(404);
		UUID message = TenantSql.call(b.id(), jdbc -> jdbc.queryForObject(
				"select id from app.whatsapp_messages where thread_id = ? limit 1", UUID.class, theirs));
		UUID own = ids(api().get("/admin/v1/whatsapp/threads").bearer(a.ownerToken()).send()).get(0);
		assertThat(api().get("/admin/v1/whatsapp/threads/" + own + "/messages?before=" + message).bearer(a.ownerToken())
			.send()
			.status()).as("another tenant's message is no cursor").isEqualTo(404);

		Map<String, Object> after = TenantSql.call(b.id(), jdbc -> jdbc.queryForMap(
				"select status, unread_count from app.whatsapp_threads where id = ?", theirs));
		assertThat(after.get("status")).isEqualTo("open");
		assertThat(after.get("unread_count")).isEqualTo(3);
		assertThat(count(b.id(), "select count(*) from app.whatsapp_notifications")).isZero();

		// Notifications of the other tenant are not listed or retried either.
		TenantSql.run(b.id(), jdbc -> jdbc.update("""
				insert into app.whatsapp_notifications (tenant_id, id, notification_key, kind, thread_id, to_wa_id, body, status)
				values (?, ?, 'reply:x', 'reply', ?, '+254700111222', 'x', 'parked')""", b.id(), UUID.randomUUID(), theirs));
		UUID bNotification = TenantSql.call(b.id(), jdbc -> jdbc.queryForObject(
				"select id from app.whatsapp_notifications where notification_key = 'reply:x'", UUID.class));
		assertThat(api().get("/admin/v1/whatsapp/notifications").bearer(a.ownerToken()).send().json().path("items"))
			.isEmpty();
		assertThat(api().get("/admin/v1/whatsapp/notifications/" + bNotification).bearer(a.ownerToken()).send().status())
			.isEqualTo(404);
		assertThat(api().post("/admin/v1/whatsapp/notifications/" + bNotification + "/retry").bearer(a.ownerToken())
			.send()
			.status()).isEqualTo(404);
		assertThat((String) TenantSql.call(b.id(), jdbc -> jdbc.queryForObject(
				"select status from app.whatsapp_notifications where id = ?", String.class, bNotification))).isEqualTo("parked");
		// And B's account is not A's to read or change.
		assertThat(api().get("/admin/v1/whatsapp/account").bearer(a.ownerToken()).send().json().path("phoneNumberId")
			.asString()).isNotEqualTo(api().get("/admin/v1/whatsapp/account").bearer(b.ownerToken()).send().json()
				.path("phoneNumberId").asString());
	}

	private static List<UUID> ids(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<UUID> ids = new ArrayList<>();
		for (JsonNode item : response.json().path("items")) {
			ids.add(UUID.fromString(item.path("id").asString()));
		}
		return ids;
	}

}
