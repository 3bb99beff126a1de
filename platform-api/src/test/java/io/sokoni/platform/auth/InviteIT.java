package io.sokoni.platform.auth;

import static io.sokoni.platform.auth.AdminIsolationIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.OwnerJdbc;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Staff invites: single use, expire, can be revoked, cannot be forged or pointed at another tenant,
 * and never create a second user for the same email. A refused acceptance saves nothing.
 */
class InviteIT extends ApiTestBase {

	private static final SecureRandom RANDOM = new SecureRandom();

	@Test
	void acceptedInviteSignsInWithTheInvitedRole() {
		TestTenant tenant = fixtures().tenant();
		for (String role : List.of("viewer", "staff", "owner")) {
			String email = email(tenant, role);
			JsonNode invite = invite(tenant, email, role);
			assertThat(invite.path("token").asString()).startsWith(tenant.id() + ".");
			assertThat(invite.path("role").asString()).isEqualTo(role);

			Response accepted = accept(invite.path("token").asString(), "New " + role);
			assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
			assertThat(accepted.json().path("email").asString()).isEqualTo(email);
			assertThat(accepted.json().path("role").asString()).isEqualTo(role);
			assertThat(accepted.json().path("status").asString()).isEqualTo("active");
			assertThat(accepted.body()).doesNotContain("password");

			Response login = api().post("/auth/v1/token")
				.body(Map.of("tenant", tenant.slug(), "email", email, "password", Fixtures.PASSWORD))
				.send();
			assertThat(login.status()).as(login.toString()).isEqualTo(200);
			assertThat(login.json().path("role").asString()).isEqualTo(role);
			Response me = api().get("/admin/v1/me").bearer(login.json().path("access_token").asString()).send();
			assertThat(me.json().path("role").asString()).isEqualTo(role);
			assertThat(me.json().path("fullName").asString()).isEqualTo("New " + role);

			JsonNode listed = listedInvite(tenant, invite.path("id").asString());
			assertThat(listed.path("acceptedAt").isNull()).isFalse();
		}
	}

	@Test
	void reusedInviteIs409AndSavesNothing() {
		TestTenant tenant = fixtures().tenant();
		String email = email(tenant, "staff");
		String token = invite(tenant, email, "staff").path("token").asString();
		assertThat(accept(token, "First Use").status()).isEqualTo(201);
		long users = users(tenant);

		Response reused = accept(token, "Second Use");
		assertProblem(reused, 409, "conflict");

		assertThat(users(tenant)).isEqualTo(users);
		assertThat(OwnerJdbc.count(tenant.id(), "select count(*) from app.users where full_name = 'Second Use'"))
			.isZero();
		assertThat(OwnerJdbc.count(tenant.id(),
				"select count(*) from app.audit_log where action = 'staff.invite_accepted'"))
			.isEqualTo(1);
	}

	@Test
	void expiredInviteIs410AndSavesNothing() {
		TestTenant tenant = fixtures().tenant();
		JsonNode invite = invite(tenant, email(tenant, "staff"), "staff");
		assertThat(OwnerJdbc.update(tenant.id(),
				"update app.staff_invites set expires_at = now() - interval '1 minute' where id = ?",
				UUID.fromString(invite.path("id").asString())))
			.isEqualTo(1);
		long users = users(tenant);

		Response response = accept(invite.path("token").asString(), "Too Late");
		assertProblem(response, 410, "invite-expired");

		assertThat(users(tenant)).isEqualTo(users);
		assertThat(listedInvite(tenant, invite.path("id").asString()).path("acceptedAt").isNull()).isTrue();
	}

	@Test
	void revokedInviteIs410AndSavesNothing() {
		TestTenant tenant = fixtures().tenant();
		JsonNode invite = invite(tenant, email(tenant, "viewer"), "viewer");
		String id = invite.path("id").asString();
		Response revoked = api().delete("/admin/v1/staff/invites/" + id).bearer(tenant.ownerToken()).send();
		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
		long users = users(tenant);

		assertProblem(accept(invite.path("token").asString(), "Revoked"), 410, "invite-expired");

		assertThat(users(tenant)).isEqualTo(users);
		JsonNode listed = listedInvite(tenant, id);
		assertThat(listed.path("revokedAt").isNull()).isFalse();
		assertThat(listed.path("acceptedAt").isNull()).isTrue();
		// Revoking twice is a conflict, not a silent success.
		assertProblem(api().delete("/admin/v1/staff/invites/" + id).bearer(tenant.ownerToken()).send(), 409,
				"conflict");
	}

	@Test
	void acceptedInviteCannotBeRevoked() {
		TestTenant tenant = fixtures().tenant();
		JsonNode invite = invite(tenant, email(tenant, "staff"), "staff");
		assertThat(accept(invite.path("token").asString(), "Accepted").status()).isEqualTo(201);

		assertProblem(api().delete("/admin/v1/staff/invites/" + invite.path("id").asString())
			.bearer(tenant.ownerToken())
			.send(), 409, "conflict");
		assertThat(listedInvite(tenant, invite.path("id").asString()).path("revokedAt").isNull()).isTrue();
	}

	@Test
	void forgedTokensAre404AndSaveNothing() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		String token = invite(a, email(a, "staff"), "staff").path("token").asString();
		String secret = token.substring(token.indexOf('.') + 1);
		long usersA = users(a);
		long usersB = users(b);

		List<String> forgeries = List.of(randomSecret(), // no tenant part at all
				"not-a-uuid." + secret, // unparsable tenant part
				UUID.randomUUID() + "." + secret, // unknown tenant
				a.id() + "." + randomSecret(), // right tenant, guessed secret
				b.id() + "." + secret, // the real secret moved to another tenant
				token + "x", // almost right
				a.id().toString() // the tenant part alone
		);
		for (String forged : forgeries) {
			assertProblem(accept(forged, "Forger"), 404, "not-found");
		}

		assertThat(users(a)).isEqualTo(usersA);
		assertThat(users(b)).isEqualTo(usersB);
		// None of that used up the real invite.
		assertThat(accept(token, "Real Invitee").status()).isEqualTo(201);
	}

	@Test
	void suspendedTenantIsToldOnlyToTheHolderOfARealInvite() {
		TestTenant tenant = fixtures().tenant();
		String token = invite(tenant, email(tenant, "staff"), "staff").path("token").asString();
		long users = users(tenant);
		Response suspended = api().post("/platform/v1/tenants/" + tenant.id() + "/suspend").operator().send();
		assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);

		// A forged token is the same 404 as for an active or unknown tenant: no hint that this one is suspended.
		for (String forged : List.of(tenant.id() + ".garbage", tenant.id() + "." + randomSecret())) {
			Response response = accept(forged, "Forger");
			assertProblem(response, 404, "not-found");
			assertThat(response.json().path("detail").asString()).isEqualTo("This invite is not valid");
		}
		assertProblem(accept(token, "Real Invitee"), 403, "tenant-suspended");
		assertThat(users(tenant)).isEqualTo(users);
	}

	@Test
	void invitingAnExistingUsersEmailIs409() {
		TestTenant tenant = fixtures().tenant();
		long invites = invites(tenant);

		for (String email : List.of(tenant.ownerEmail(), tenant.ownerEmail().toUpperCase())) {
			assertProblem(api().post("/admin/v1/staff/invites")
				.bearer(tenant.ownerToken())
				.body(Map.of("email", email, "role", "staff"))
				.send(), 409, "duplicate");
		}
		assertThat(invites(tenant)).isEqualTo(invites);
	}

	@Test
	void invitingAnEmailWithAPendingInviteIs409() {
		TestTenant tenant = fixtures().tenant();
		String email = email(tenant, "staff");
		JsonNode first = invite(tenant, email, "staff");

		assertProblem(api().post("/admin/v1/staff/invites")
			.bearer(tenant.ownerToken())
			.body(Map.of("email", email.toUpperCase(), "role", "owner"))
			.send(), 409, "duplicate");
		assertThat(invites(tenant)).isEqualTo(1);

		// Once the pending invite is revoked, the email can be invited again.
		Response revoked = api().delete("/admin/v1/staff/invites/" + first.path("id").asString())
			.bearer(tenant.ownerToken())
			.send();
		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
		invite(tenant, email, "viewer");
	}

	@Test
	void anExpiredInviteCanBeReplaced() {
		TestTenant tenant = fixtures().tenant();
		String email = email(tenant, "staff");
		JsonNode first = invite(tenant, email, "staff");
		OwnerJdbc.update(tenant.id(),
				"update app.staff_invites set expires_at = now() - interval '1 minute' where id = ?",
				UUID.fromString(first.path("id").asString()));

		String token = invite(tenant, email, "staff").path("token").asString();
		assertThat(accept(token, "Second Chance").status()).isEqualTo(201);
	}

	@Test
	void acceptanceIsValidated() {
		TestTenant tenant = fixtures().tenant();
		String token = invite(tenant, email(tenant, "staff"), "staff").path("token").asString();
		long users = users(tenant);

		Response shortPassword = api().post("/auth/v1/invites/accept")
			.body(Map.of("token", token, "fullName", "Short", "password", "short"))
			.send();
		assertProblem(shortPassword, 400, "validation-failed");
		assertThat(shortPassword.json().path("errors").path(0).path("field").asString()).isEqualTo("password");

		assertThat(users(tenant)).isEqualTo(users);
		assertThat(accept(token, "Valid Now").status()).isEqualTo(201);
	}

	private JsonNode invite(TestTenant tenant, String email, String role) {
		Response response = api().post("/admin/v1/staff/invites")
			.bearer(tenant.ownerToken())
			.body(Map.of("email", email, "role", role))
			.send();
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	private Response accept(String token, String fullName) {
		return api().post("/auth/v1/invites/accept")
			.body(Map.of("token", token, "fullName", fullName, "password", Fixtures.PASSWORD))
			.send();
	}

	private JsonNode listedInvite(TestTenant tenant, String id) {
		Response response = api().get("/admin/v1/staff/invites").bearer(tenant.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		for (JsonNode invite : response.json()) {
			if (id.equals(invite.path("id").asString())) {
				return invite;
			}
		}
		throw new AssertionError("invite " + id + " not listed: " + response);
	}

	private static String email(TestTenant tenant, String role) {
		return role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + tenant.slug() + ".example";
	}

	private static String randomSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static long users(TestTenant tenant) {
		return OwnerJdbc.count(tenant.id(), "select count(*) from app.users");
	}

	private static long invites(TestTenant tenant) {
		return OwnerJdbc.count(tenant.id(), "select count(*) from app.staff_invites");
	}

}
