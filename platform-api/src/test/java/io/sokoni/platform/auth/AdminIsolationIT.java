package io.sokoni.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A merchant admin token reaches its own tenant's data and nothing else: another tenant's store, staff
 * and invites are 404 by id (and stay unchanged), lists never include them, and a token whose tenant
 * claim cannot be trusted (tampered, foreign key, unsigned, expired, unknown tenant) is 401.
 */
class AdminIsolationIT extends ApiTestBase {

	@Autowired
	private SigningKeys keys;

	@Test
	void foreignStoreIs404AndStaysUnchanged() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		JsonNode before = store(b);

		Response read = api().get("/admin/v1/stores/" + b.storeId()).bearer(a.ownerToken()).send();
		assertProblem(read, 404, "not-found");

		Response update = api().patch("/admin/v1/stores/" + b.storeId())
			.bearer(a.ownerToken())
			.body(Map.of("version", 0, "name", "Hijacked", "live", false))
			.send();
		assertProblem(update, 404, "not-found");

		JsonNode after = store(b);
		assertThat(after.path("name").asString()).isEqualTo(before.path("name").asString());
		assertThat(after.path("version").asLong()).isEqualTo(before.path("version").asLong());
		assertThat(after.path("live").asBoolean()).isTrue();
	}

	@Test
	void foreignStaffMemberIs404AndStaysUnchanged() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		UUID bStaff = addStaff(b, "staff");

		for (UUID id : List.of(bStaff, b.ownerId())) {
			assertProblem(api().get("/admin/v1/staff/" + id).bearer(a.ownerToken()).send(), 404, "not-found");
			assertProblem(api().patch("/admin/v1/staff/" + id)
				.bearer(a.ownerToken())
				.body(Map.of("role", "viewer"))
				.send(), 404, "not-found");
			assertProblem(api().post("/admin/v1/staff/" + id + "/deactivate").bearer(a.ownerToken()).send(), 404,
					"not-found");
		}

		JsonNode staff = staffMember(b, bStaff);
		assertThat(staff.path("role").asString()).isEqualTo("staff");
		assertThat(staff.path("status").asString()).isEqualTo("active");
		JsonNode owner = staffMember(b, b.ownerId());
		assertThat(owner.path("role").asString()).isEqualTo("owner");
		assertThat(owner.path("status").asString()).isEqualTo("active");
	}

	@Test
	void foreignInviteCannotBeRevokedAndStaysUsable() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		JsonNode invite = invite(b, "viewer");
		String inviteId = invite.path("id").asString();

		assertProblem(api().delete("/admin/v1/staff/invites/" + inviteId).bearer(a.ownerToken()).send(), 404,
				"not-found");

		JsonNode listed = findById(invites(b), inviteId);
		assertThat(listed).as("B's invite is still listed").isNotNull();
		assertThat(listed.path("revokedAt").isNull()).isTrue();
		Response accepted = api().post("/auth/v1/invites/accept")
			.body(Map.of("token", invite.path("token").asString(), "fullName", "Invited Viewer", "password",
					Fixtures.PASSWORD))
			.send();
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
	}

	@Test
	void listsNeverIncludeAnotherTenantsRows() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		UUID aStaff = addStaff(a, "viewer");
		UUID bStaff = addStaff(b, "staff");
		String aInvite = invite(a, "staff").path("id").asString();
		String bInvite = invite(b, "staff").path("id").asString();

		Response stores = api().get("/admin/v1/stores").bearer(a.ownerToken()).send();
		assertThat(stores.status()).as(stores.toString()).isEqualTo(200);
		assertThat(ids(stores.json())).containsExactly(a.storeId().toString());

		Response staff = api().get("/admin/v1/staff?limit=100").bearer(a.ownerToken()).send();
		assertThat(staff.status()).as(staff.toString()).isEqualTo(200);
		assertThat(ids(staff.json().path("items"))).containsExactlyInAnyOrder(a.ownerId().toString(),
				aStaff.toString());
		assertThat(ids(staff.json().path("items"))).doesNotContain(b.ownerId().toString(), bStaff.toString());

		assertThat(ids(invites(a))).contains(aInvite).doesNotContain(bInvite);
		assertThat(ids(invites(b))).contains(bInvite).doesNotContain(aInvite);
	}

	@Test
	void tokenWithTamperedTenantClaimIs401() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		String[] parts = a.ownerToken().split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		assertThat(payload).contains(a.id().toString());
		String forgedPayload = payload.replace(a.id().toString(), b.id().toString());
		String forged = parts[0] + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(forgedPayload.getBytes(StandardCharsets.UTF_8))
				+ "." + parts[2];

		assertProblem(api().get("/admin/v1/stores/" + b.storeId()).bearer(forged).send(), 401, "unauthenticated");
		assertProblem(api().patch("/admin/v1/stores/" + b.storeId())
			.bearer(forged)
			.body(Map.of("version", 0, "name", "Hijacked"))
			.send(), 401, "unauthenticated");
		assertThat(store(b).path("name").asString()).isEqualTo("Store " + b.slug());
		assertThat(store(b).path("version").asLong()).isZero();
	}

	@Test
	void tokenSignedWithAnotherKeyIs401() throws JOSEException {
		TestTenant b = fixtures().tenant();
		// Same key id as Sokoni's, so only the signature itself can tell them apart.
		RSAKey foreignKey = new RSAKeyGenerator(2048).keyID(keys.signingKey().getKeyID()).generate();
		String forged = sign(foreignKey,
				claims(b.id(), b.ownerId(), "owner", Instant.now().plus(10, ChronoUnit.MINUTES)));

		assertProblem(api().get("/admin/v1/staff").bearer(forged).send(), 401, "unauthenticated");
		assertProblem(api().patch("/admin/v1/stores/" + b.storeId())
			.bearer(forged)
			.body(Map.of("version", 0, "name", "Hijacked"))
			.send(), 401, "unauthenticated");
		assertThat(store(b).path("name").asString()).isEqualTo("Store " + b.slug());
	}

	@Test
	void unsignedTokenIs401() {
		TestTenant b = fixtures().tenant();
		String unsigned = new PlainJWT(claims(b.id(), b.ownerId(), "owner", Instant.now().plus(10, ChronoUnit.MINUTES)))
			.serialize();

		assertProblem(api().get("/admin/v1/stores").bearer(unsigned).send(), 401, "unauthenticated");
	}

	@Test
	void expiredTokenIs401() throws JOSEException {
		TestTenant a = fixtures().tenant();
		// The same token shape with a future expiry is accepted, so only the expiry can explain the 401.
		String fresh = sign(keys.signingKey(),
				claims(a.id(), a.ownerId(), "owner", Instant.now().plus(10, ChronoUnit.MINUTES)));
		Response accepted = api().get("/admin/v1/stores").bearer(fresh).send();
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);

		// Past the decoder's clock-skew allowance (60 s).
		String expired = sign(keys.signingKey(),
				claims(a.id(), a.ownerId(), "owner", Instant.now().minus(10, ChronoUnit.MINUTES)));
		Response refused = api().get("/admin/v1/stores").bearer(expired).send();
		assertProblem(refused, 401, "unauthenticated");
		assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
	}

	@Test
	void tokenFromAnotherIssuerIs401() throws JOSEException {
		TestTenant a = fixtures().tenant();
		JWTClaimsSet claims = new JWTClaimsSet.Builder(
				claims(a.id(), a.ownerId(), "owner", Instant.now().plus(10, ChronoUnit.MINUTES)))
			.issuer("someone-else")
			.build();

		assertProblem(api().get("/admin/v1/stores").bearer(sign(keys.signingKey(), claims)).send(), 401,
				"unauthenticated");
	}

	@Test
	void validTokenOfUnknownTenantIs401() throws JOSEException {
		TestTenant a = fixtures().tenant();
		Instant expires = Instant.now().plus(10, ChronoUnit.MINUTES);
		String unknownTenant = sign(keys.signingKey(), claims(UUID.randomUUID(), a.ownerId(), "owner", expires));
		JWTClaimsSet valid = claims(a.id(), a.ownerId(), "owner", expires);
		String notATenant = sign(keys.signingKey(),
				new JWTClaimsSet.Builder(valid).claim("tenant_id", "' or 1=1 --").build());
		String noTenant = sign(keys.signingKey(), new JWTClaimsSet.Builder(valid).claim("tenant_id", null).build());

		for (String token : List.of(unknownTenant, notATenant, noTenant)) {
			assertProblem(api().get("/admin/v1/stores").bearer(token).send(), 401, "unauthenticated");
		}
	}

	@Test
	void missingTokenIs401WithBearerChallenge() {
		TestTenant a = fixtures().tenant();
		for (Response response : List.of(api().get("/admin/v1/stores").send(),
				api().get("/admin/v1/stores/" + a.storeId()).send(),
				api().patch("/admin/v1/stores/" + a.storeId()).body(Map.of("version", 0, "name", "Anon")).send(),
				api().get("/admin/v1/staff").header("Authorization", "Basic b3duZXI6cGFzc3dvcmQ=").send())) {
			assertProblem(response, 401, "unauthenticated");
			assertThat(response.header("WWW-Authenticate")).as(response.toString()).startsWith("Bearer");
		}
		assertThat(store(a).path("name").asString()).isEqualTo("Store " + a.slug());
	}

	private static JWTClaimsSet claims(UUID tenant, UUID subject, String role, Instant expires) {
		Instant issued = expires.minus(15, ChronoUnit.MINUTES);
		return new JWTClaimsSet.Builder().issuer("sokoni")
			.subject(subject.toString())
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(issued))
			.notBeforeTime(Date.from(issued))
			.expirationTime(Date.from(expires))
			.claim("tenant_id", tenant.toString())
			.claim("role", role)
			.build();
	}

	private static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
				claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private JsonNode store(TestTenant tenant) {
		Response response = api().get("/admin/v1/stores/" + tenant.storeId()).bearer(tenant.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private JsonNode staffMember(TestTenant tenant, UUID id) {
		Response response = api().get("/admin/v1/staff/" + id).bearer(tenant.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private JsonNode invites(TestTenant tenant) {
		Response response = api().get("/admin/v1/staff/invites").bearer(tenant.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private JsonNode invite(TestTenant tenant, String role) {
		Response response = api().post("/admin/v1/staff/invites")
			.bearer(tenant.ownerToken())
			.body(Map.of("email", role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + tenant.slug()
					+ ".example", "role", role))
			.send();
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	/** Invites and accepts a user with the role; returns the new user's id. */
	private UUID addStaff(TestTenant tenant, String role) {
		Response accepted = api().post("/auth/v1/invites/accept")
			.body(Map.of("token", invite(tenant, role).path("token").asString(), "fullName", "Staff " + role,
					"password", Fixtures.PASSWORD))
			.send();
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
		return UUID.fromString(accepted.json().path("id").asString());
	}

	private static List<String> ids(JsonNode array) {
		List<String> ids = new ArrayList<>();
		array.forEach(n -> ids.add(n.path("id").asString()));
		return ids;
	}

	private static JsonNode findById(JsonNode array, String id) {
		for (JsonNode n : array) {
			if (id.equals(n.path("id").asString())) {
				return n;
			}
		}
		return null;
	}

	static void assertProblem(Response response, int status, String type) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.problemType()).as(response.toString()).isEqualTo(type);
		assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
	}

}
