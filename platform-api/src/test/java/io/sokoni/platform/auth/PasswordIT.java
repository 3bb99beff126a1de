package io.sokoni.platform.auth;

import static io.sokoni.platform.auth.AdminIsolationIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.Test;

/**
 * Passwords bcrypt cannot take (over 72 bytes in UTF-8) are refused with 400 naming the field
 * everywhere one is set, never a 500; and a password change ends the tokens issued before it.
 */
class PasswordIT extends ApiTestBase {

	/** 40 characters (within @Size(max = 128)), 80 bytes in UTF-8 (beyond what bcrypt reads). */
	private static final String LONG_IN_BYTES = "ü".repeat(40);

	/** 72 bytes exactly: still fine. */
	private static final String AT_THE_LIMIT = "ü".repeat(30) + "a".repeat(12);

	@Test
	void inviteAcceptanceRefusesAPasswordOverSeventyTwoBytes() {
		TestTenant tenant = fixtures().tenant();
		String token = invite(tenant);

		Response refused = accept(token, LONG_IN_BYTES);
		assertProblem(refused, 400, "validation-failed");
		assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("password");

		// Nothing was used up: the same invite still works with a password bcrypt can take.
		Response accepted = accept(token, AT_THE_LIMIT);
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
	}

	@Test
	void passwordChangeRefusesANewPasswordOverSeventyTwoBytes() {
		TestTenant tenant = fixtures().tenant();
		Response refused = api().post("/admin/v1/me/password")
			.bearer(tenant.ownerToken())
			.body(Map.of("currentPassword", Fixtures.PASSWORD, "newPassword", LONG_IN_BYTES))
			.send();
		assertProblem(refused, 400, "validation-failed");
		assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("newPassword");
		// The old password still signs in.
		fixtures().login(tenant.slug(), tenant.ownerEmail(), Fixtures.PASSWORD);
	}

	@Test
	void onboardingRefusesAnOwnerPasswordOverSeventyTwoBytes() {
		String slug = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		Map<String, Object> request = new LinkedHashMap<>(Map.of("slug", slug, "name", "Tenant " + slug, "owner",
				Map.of("email", "owner@" + slug + ".example", "fullName", "Owner", "password", LONG_IN_BYTES), "store",
				Map.of("slug", slug, "name", "Store " + slug)));
		Response refused = api().post("/platform/v1/tenants").operator().body(request).send();
		assertProblem(refused, 400, "validation-failed");
		assertThat(refused.json().path("errors").toString()).contains("password");
		assertThat(api().get("/platform/v1/tenants?status=active&limit=200").operator().send().body())
			.doesNotContain(slug);
	}

	@Test
	void aPasswordChangeEndsEveryTokenIssuedBefore() {
		TestTenant tenant = fixtures().tenant();
		String otherSession = fixtures().login(tenant.slug(), tenant.ownerEmail(), Fixtures.PASSWORD);
		assertThat(api().get("/admin/v1/me").bearer(otherSession).send().status()).isEqualTo(200);

		Response changed = api().post("/admin/v1/me/password")
			.bearer(tenant.ownerToken())
			.body(Map.of("currentPassword", Fixtures.PASSWORD, "newPassword", "a-brand-new-password"))
			.send();
		assertThat(changed.status()).as(changed.toString()).isEqualTo(204);

		for (String old : new String[] { tenant.ownerToken(), otherSession }) {
			assertProblem(api().get("/admin/v1/me").bearer(old).send(), 401, "unauthenticated");
		}
		String fresh = fixtures().login(tenant.slug(), tenant.ownerEmail(), "a-brand-new-password");
		assertThat(api().get("/admin/v1/me").bearer(fresh).send().status()).isEqualTo(200);
	}

	private String invite(TestTenant tenant) {
		Response invite = api().post("/admin/v1/staff/invites")
			.bearer(tenant.ownerToken())
			.body(Map.of("email", "long-" + UUID.randomUUID().toString().substring(0, 8) + "@" + tenant.slug()
					+ ".example", "role", "staff"))
			.send();
		assertThat(invite.status()).as(invite.toString()).isEqualTo(201);
		return invite.json().path("token").asString();
	}

	private Response accept(String token, String password) {
		return api().post("/auth/v1/invites/accept")
			.body(Map.of("token", token, "fullName", "Long Password", "password", password))
			.send();
	}

}
