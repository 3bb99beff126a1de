package io.sokoni.platform.payment.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.sokoni.platform.payment.mpesa.standin.DarajaStandIn;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.Test;

/**
 * The M-Pesa account through the admin API: owner only, secrets encrypted at rest and never answered,
 * every change audited without values, the credentials test saying what is wrong, callback tokens rotated.
 */
class MpesaAccountIT extends MpesaTestBase {

	private static Map<String, Object> account(String environment, String secret) {
		Map<String, Object> body = new HashMap<>(Map.of("environment", environment, "accountType", "paybill",
				"businessShortcode", "174379", "consumerKey", "consumer-key-WXYZ", "consumerSecret", secret, "passkey",
				"passkey-very-secret-0001"));
		return body;
	}

	@Test
	void theOwnerSetsTheAccountAndSecretsAreEncryptedMaskedAndAuditedWithoutValues() {
		TestTenant tenant = fixtures().tenant();
		Response saved = api().put("/admin/v1/payments/mpesa-account")
			.bearer(tenant.ownerToken())
			.body(account("sandbox", "consumer-secret-4321"))
			.send();
		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
		assertThat(saved.json().path("consumerKey").asString()).isEqualTo("••••WXYZ");
		assertThat(saved.json().path("stkCallbackUrl").asString()).matches(".*/webhooks/mobile-money/[0-9a-f]{64}/stk");

		Response read = api().get("/admin/v1/payments/mpesa-account").bearer(tenant.ownerToken()).send();
		assertThat(read.status()).isEqualTo(200);
		for (String answer : new String[] { saved.body(), read.body() }) {
			assertThat(answer).doesNotContain("consumer-secret-4321", "passkey-very-secret-0001", "consumer-key-WXYZ");
		}
		byte[] stored = TenantSql.call(tenant.id(), jdbc -> jdbc.queryForObject(
				"select consumer_secret_ciphertext from app.mpesa_accounts", byte[].class));
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("consumer-secret-4321");
		assertThat(text(tenant.id(), "select details::text from app.audit_log where action = 'mpesa_account.created'"))
			.contains("consumerSecret")
			.doesNotContain("consumer-secret-4321", "passkey-very-secret-0001");

		// A change without secrets keeps them; it is audited as what changed.
		Map<String, Object> change = new HashMap<>(Map.of("environment", "sandbox", "accountType", "till",
				"businessShortcode", "174379", "tillNumber", "123456"));
		Response changed = api().put("/admin/v1/payments/mpesa-account").bearer(tenant.ownerToken()).body(change).send();
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		assertThat(changed.json().path("tillNumber").asString()).isEqualTo("123456");
		assertThat(changed.json().path("consumerKey").asString()).isEqualTo("••••WXYZ");
		Response tested = api().post("/admin/v1/payments/mpesa-account/test").bearer(tenant.ownerToken()).send();
		assertThat(tested.status()).as("the kept key and secret still work: " + tested).isEqualTo(200);
		assertThat(text(tenant.id(), "select details::text from app.audit_log where action = 'mpesa_account.updated'"))
			.contains("tillNumber", "accountType")
			.doesNotContain("consumerSecret");
	}

	@Test
	void onlyTheOwnerManagesTheAccount() {
		TestTenant tenant = fixtures().tenant();
		String staff = fixtures().staffMember(tenant, "staff");
		String viewer = fixtures().staffMember(tenant, "viewer");
		Response byStaff = api().put("/admin/v1/payments/mpesa-account")
			.bearer(staff)
			.body(account("sandbox", "consumer-secret-4321"))
			.send();
		assertThat(byStaff.status()).isEqualTo(403);
		assertThat(api().get("/admin/v1/payments/mpesa-account").bearer(viewer).send().status()).isEqualTo(403);
		assertThat(api().post("/admin/v1/payments/mpesa-account/test").bearer(staff).send().status()).isEqualTo(403);
		assertThat(api().post("/admin/v1/payments/callback-token/rotate").bearer(staff).send().status()).isEqualTo(403);
		assertThat(count(tenant.id(), "select count(*) from app.mpesa_accounts")).isZero();
	}

	@Test
	void invalidAccountsAreRefusedWithFieldErrorsAndNothingSaved() {
		TestTenant tenant = fixtures().tenant();
		Map<String, Object> noPasskey = account("sandbox", "consumer-secret-4321");
		noPasskey.remove("passkey");
		Map<String, Object> tillWithoutNumber = account("sandbox", "consumer-secret-4321");
		tillWithoutNumber.put("accountType", "till");
		Map<String, Object> badShortcode = account("sandbox", "consumer-secret-4321");
		badShortcode.put("businessShortcode", "12ab");
		Map<String, Object> initiatorWithoutCredential = account("sandbox", "consumer-secret-4321");
		initiatorWithoutCredential.put("initiatorName", "apiop");
		for (Map<String, Object> body : java.util.List.of(noPasskey, tillWithoutNumber, badShortcode,
				initiatorWithoutCredential)) {
			Response refused = api().put("/admin/v1/payments/mpesa-account").bearer(tenant.ownerToken()).body(body).send();
			assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
			assertThat(refused.problemType()).isEqualTo("validation-failed");
		}
		assertThat(count(tenant.id(), "select count(*) from app.mpesa_accounts")).isZero();
	}

	@Test
	void theCredentialsTestSaysWhatIsWrong() {
		TestTenant tenant = fixtures().tenant();
		api().put("/admin/v1/payments/mpesa-account")
			.bearer(tenant.ownerToken())
			.body(account("sandbox", DarajaStandIn.WRONG_SECRET))
			.send();
		Response refused = api().post("/admin/v1/payments/mpesa-account/test").bearer(tenant.ownerToken()).send();
		assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
		assertThat(refused.problemType()).isEqualTo("mpesa-credentials-rejected");
		assertThat(refused.json().path("detail").asString()).contains("refused the consumer key and secret");
		assertThat(refused.body()).doesNotContain(DarajaStandIn.WRONG_SECRET);
		Response read = api().get("/admin/v1/payments/mpesa-account").bearer(tenant.ownerToken()).send();
		assertThat(read.json().path("lastTestOk").asBoolean()).isFalse();

		// Production goes to Safaricom's production URL (unreachable in this test): said so, 503.
		api().put("/admin/v1/payments/mpesa-account")
			.bearer(tenant.ownerToken())
			.body(account("production", "consumer-secret-4321"))
			.send();
		Response unreachable = api().post("/admin/v1/payments/mpesa-account/test").bearer(tenant.ownerToken()).send();
		assertThat(unreachable.status()).as(unreachable.toString()).isEqualTo(503);
		assertThat(unreachable.problemType()).isEqualTo("mpesa-unavailable");
		assertThat(unreachable.json().path("detail").asString()).contains("could not be reached");
		assertThat(unreachable.header("Retry-After")).isNotBlank();

		api().put("/admin/v1/payments/mpesa-account")
			.bearer(tenant.ownerToken())
			.body(account("sandbox", "consumer-secret-4321"))
			.send();
		Response ok = api().post("/admin/v1/payments/mpesa-account/test").bearer(tenant.ownerToken()).send();
		assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
		assertThat(ok.json().path("ok").asBoolean()).isTrue();
		assertThat(count(tenant.id(), "select count(*) from app.audit_log where action = 'mpesa_account.tested'"))
			.isEqualTo(3);
	}

	@Test
	void aRotatedTokenNamesTheTenantAndTheOldOneStillWorksDuringTheGrace() {
		TestTenant tenant = fixtures().tenant();
		configureAccount(tenant, "sandbox");
		String oldUrl = api().get("/admin/v1/payments/mpesa-account")
			.bearer(tenant.ownerToken())
			.send()
			.json()
			.path("stkCallbackUrl")
			.asString();
		Response rotated = api().post("/admin/v1/payments/callback-token/rotate").bearer(tenant.ownerToken()).send();
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
		String newUrl = rotated.json().path("stkCallbackUrl").asString();
		assertThat(newUrl).isNotEqualTo(oldUrl);

		for (String url : new String[] { oldUrl, newUrl }) {
			String path = url.substring(url.indexOf("/webhooks/"));
			Response answer = api().post(path).raw("{}").send();
			assertThat(answer.status()).as(path).isEqualTo(200);
		}
		assertThat(count(tenant.id(), "select count(*) from app.payment_callbacks where outcome = 'unparsable'")).isEqualTo(2);
		assertThat(count(tenant.id(), "select count(*) from app.audit_log where action = 'payment_callback_token.rotated'"))
			.isEqualTo(1);
	}

}
