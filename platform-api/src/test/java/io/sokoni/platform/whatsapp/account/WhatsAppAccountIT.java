package io.sokoni.platform.whatsapp.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.whatsapp.WhatsAppTestBase;
import org.junit.jupiter.api.Test;

/**
 * Connecting, replacing and disconnecting a WhatsApp number: the token encrypted and never shown, every
 * change audited without it, a phone-number id belonging to one tenant only (also when two tenants claim
 * it at once), the owner alone allowed, and the test message showing what Meta answered.
 */
class WhatsAppAccountIT extends WhatsAppTestBase {

	private static final String TOKEN = "EAAGm0PX4ZCpsBAKsecret-token-value-7Qx2";

	private Response put(TestTenant tenant, String phoneNumberId, String token) {
		Map<String, Object> body = new java.util.HashMap<>(Map.of("phoneNumberId", phoneNumberId, "wabaId",
				"102290129340398", "displayNumber", "+254 722 000 111"));
		if (token != null) {
			body.put("accessToken", token);
		}
		return api().put("/admin/v1/whatsapp/account").bearer(tenant.ownerToken()).body(body).send();
	}

	private static String claimedBy(UUID tenant, String phoneNumberId) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForList(
				"select tenant_id::text from app.whatsapp_phone_numbers where phone_number_id = ?", String.class,
				phoneNumberId)).stream().findFirst().orElse(null);
	}

	@Test
	void connectingStoresTheTokenEncryptedShowsItMaskedAndAuditsWithoutIt() {
		TestTenant tenant = fixtures().tenant();
		String id = phoneNumberId();

		Response connected = put(tenant, id, TOKEN);

		assertThat(connected.status()).as(connected.toString()).isEqualTo(200);
		assertThat(connected.body()).doesNotContain(TOKEN).doesNotContain("secret-token");
		assertThat(connected.json().path("accessToken").asString()).isEqualTo("••••7Qx2");
		assertThat(connected.json().path("displayNumber").asString()).isEqualTo("+254722000111");
		Response read = api().get("/admin/v1/whatsapp/account").bearer(tenant.ownerToken()).send();
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.body()).doesNotContain(TOKEN);
		byte[] stored = TenantSql.call(tenant.id(), jdbc -> jdbc.queryForObject(
				"select access_token_ciphertext from app.whatsapp_accounts", byte[].class));
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("secret-token");
		String audit = TenantSql.call(tenant.id(), jdbc -> jdbc.queryForObject(
				"select string_agg(action || ' ' || details::text, ' | ') from app.audit_log where target_type = 'whatsapp_account'",
				String.class));
		assertThat(audit).contains("whatsapp_account.connected").contains("accessToken").doesNotContain("secret-token");
		assertThat(claimedBy(tenant.id(), id)).isEqualTo(tenant.id().toString());
	}

	@Test
	void aPhoneNumberIdBelongsToOneTenantOnly() throws Exception {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		String id = phoneNumberId();
		assertThat(put(a, id, TOKEN).status()).isEqualTo(200);

		Response taken = put(b, id, TOKEN);

		assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
		assertThat(taken.json().path("type").asString()).endsWith("/duplicate");
		assertThat(api().get("/admin/v1/whatsapp/account").bearer(b.ownerToken()).send().status()).isEqualTo(404);
		assertThat(claimedBy(a.id(), id)).isEqualTo(a.id().toString());

		// Two tenants claiming a new id at the same moment: one wins, the other gets 409.
		String contested = phoneNumberId();
		TestTenant c = fixtures().tenant();
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Response>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
			for (TestTenant tenant : List.of(b, c)) {
				answers.add(pool.submit((Callable<Response>) () -> {
					start.await();
					return put(tenant, contested, TOKEN);
				}));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Response> answer : answers) {
				statuses.add(answer.get().status());
			}
			assertThat(statuses).containsExactlyInAnyOrder(200, 409);
		}
		long accounts = TenantSql.call(b.id(), jdbc -> jdbc.queryForObject(
				"select count(*) from app.whatsapp_accounts where phone_number_id = ?", Long.class, contested))
				+ TenantSql.call(c.id(), jdbc -> jdbc.queryForObject(
						"select count(*) from app.whatsapp_accounts where phone_number_id = ?", Long.class, contested));
		assertThat(accounts).isEqualTo(1);
	}

	@Test
	void replacingTheNumberReleasesTheOldIdAndKeepsTheTokenWhenNotGiven() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		String first = phoneNumberId();
		String second = phoneNumberId();
		assertThat(put(a, first, TOKEN).status()).isEqualTo(200);

		Response sameNumber = put(a, first, null);
		assertThat(sameNumber.status()).as("the token is kept").isEqualTo(200);
		assertThat(sameNumber.json().path("accessToken").asString()).isEqualTo("••••7Qx2");
		Response noToken = put(a, second, null);
		assertThat(noToken.status()).as("a new number needs its token").isEqualTo(400);
		Response replaced = put(a, second, "EAAGanother-long-token-value-00009999");
		assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
		assertThat(replaced.json().path("phoneNumberId").asString()).isEqualTo(second);
		assertThat(claimedBy(a.id(), first)).as("released").isNull();
		assertThat(claimedBy(a.id(), second)).isEqualTo(a.id().toString());
		assertThat(put(b, first, TOKEN).status()).as("the old id is free for another tenant").isEqualTo(200);
		assertThat((Long) TenantSql.call(a.id(), jdbc -> jdbc.queryForObject(
				"select count(*) from app.audit_log where action = 'whatsapp_account.updated'", Long.class))).isEqualTo(2);
	}

	@Test
	void disconnectingRemovesTheAccountAndFreesTheId() {
		TestTenant a = fixtures().tenant();
		String id = phoneNumberId();
		assertThat(put(a, id, TOKEN).status()).isEqualTo(200);

		assertThat(api().delete("/admin/v1/whatsapp/account").bearer(a.ownerToken()).send().status()).isEqualTo(204);

		assertThat(api().get("/admin/v1/whatsapp/account").bearer(a.ownerToken()).send().status()).isEqualTo(404);
		assertThat(claimedBy(a.id(), id)).isNull();
		assertThat(api().delete("/admin/v1/whatsapp/account").bearer(a.ownerToken()).send().status()).isEqualTo(404);
		assertThat((Long) TenantSql.call(a.id(), jdbc -> jdbc.queryForObject(
				"select count(*) from app.audit_log where action = 'whatsapp_account.disconnected'", Long.class))).isEqualTo(1);
	}

	@Test
	void onlyTheOwnerManagesTheNumberAndBadInputChangesNothing() {
		TestTenant a = fixtures().tenant();
		String staff = fixtures().staffMember(a, "staff");
		Response byStaff = api().put("/admin/v1/whatsapp/account")
			.bearer(staff)
			.body(Map.of("phoneNumberId", phoneNumberId(), "wabaId", "1022901293", "displayNumber", "0722000111",
					"accessToken", TOKEN))
			.send();
		assertThat(byStaff.status()).isEqualTo(403);
		assertThat(api().get("/admin/v1/whatsapp/account").bearer(staff).send().status()).isEqualTo(403);
		assertThat(api().get("/admin/v1/whatsapp/notification-settings").bearer(staff).send().status()).isEqualTo(403);

		Response bad = put(a, "not-a-number", TOKEN);
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().path("errors").toString()).contains("phoneNumberId");
		Response badSettings = api().put("/admin/v1/whatsapp/notification-settings")
			.bearer(a.ownerToken())
			.body(Map.of("settings", List.of(Map.of("kind", "dispatched", "enabled", true, "templateName", "order_sent"))))
			.send();
		assertThat(badSettings.status()).as(badSettings.toString()).isEqualTo(400);
		Response unknownKind = api().put("/admin/v1/whatsapp/notification-settings")
			.bearer(a.ownerToken())
			.body(Map.of("settings", List.of(Map.of("kind", "marketing", "enabled", true))))
			.send();
		assertThat(unknownKind.status()).isEqualTo(400);
		Response settings = api().get("/admin/v1/whatsapp/notification-settings").bearer(a.ownerToken()).send();
		assertThat(settings.json()).hasSize(6);
		settings.json().forEach(s -> assertThat(s.path("enabled").asBoolean()).isFalse());
		assertThat((Long) TenantSql.call(a.id(), jdbc -> jdbc.queryForObject(
				"select count(*) from app.whatsapp_accounts", Long.class))).isZero();
	}

	@Test
	void theTestMessageShowsWhatMetaAnswered() {
		TestTenant a = fixtures().tenant();
		assertThat(api().post("/admin/v1/whatsapp/account/test").bearer(a.ownerToken()).body(Map.of("to", "0712345678"))
			.send()
			.status()).as("no account yet").isEqualTo(404);
		assertThat(put(a, phoneNumberId(), TOKEN).status()).isEqualTo(200);

		Response ok = api().post("/admin/v1/whatsapp/account/test").bearer(a.ownerToken()).body(Map.of("to", "0712345678")).send();
		assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
		assertThat(ok.json().path("wamid").asString()).startsWith("wamid.");
		assertThat(ok.json().path("metaAnswer").path("messages").path(0).path("id").asString())
			.isEqualTo(ok.json().path("wamid").asString());

		Response refused = api().post("/admin/v1/whatsapp/account/test")
			.bearer(a.ownerToken())
			.body(Map.of("to", UNDELIVERABLE))
			.send();
		assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
		assertThat(refused.json().path("type").asString()).endsWith("/whatsapp-refused");
		assertThat(refused.json().path("metaCode").asInt()).isEqualTo(131026);
		assertThat(refused.json().path("fbtraceId").asString()).isNotBlank();
		assertThat(refused.json().path("metaAnswer").path("error").path("code").asInt()).isEqualTo(131026);

		assertThat(put(a, phoneNumberId(), "invalid-token-of-some-length-0001").status()).isEqualTo(200);
		Response badToken = api().post("/admin/v1/whatsapp/account/test")
			.bearer(a.ownerToken())
			.body(Map.of("to", "0712345678"))
			.send();
		assertThat(badToken.status()).isEqualTo(422);
		assertThat(badToken.json().path("reason").asString()).isEqualTo("token_invalid");
		Response view = api().get("/admin/v1/whatsapp/account").bearer(a.ownerToken()).send();
		assertThat(view.json().path("lastTestOk").asBoolean()).isFalse();
		assertThat(view.json().path("lastTestDetail").asString()).contains("190");
	}

}
