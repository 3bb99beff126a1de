package io.sokoni.platform.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With an external issuer configured, the admin API trusts that issuer's tokens (discovered through its
 * OpenID configuration and JWKS, here a local stand-in) and no longer Sokoni's own; Sokoni's login is
 * switched off. Tenants are created through the operator API as usual. Only tokens minted for Sokoni's
 * audience count, and each must name (by email) an active user of its tenant with the role it claims.
 */
class ExternalIssuerIT extends ApiTestBase {

	private static final WireMockServer IDP = new WireMockServer(options().dynamicPort());

	private static final RSAKey KEY;

	private static final String AUDIENCE = "sokoni-admin";

	static {
		try {
			KEY = new RSAKeyGenerator(2048).keyID("idp-key").generate();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		IDP.start();
		String issuer = IDP.baseUrl();
		IDP.stubFor(get(urlPathEqualTo("/.well-known/openid-configuration")).willReturn(aResponse()
			.withHeader("Content-Type", "application/json")
			.withBody(Api.json(Map.of("issuer", issuer, "jwks_uri", issuer + "/jwks", "subject_types_supported",
					java.util.List.of("public"), "response_types_supported", java.util.List.of("code"))))));
		IDP.stubFor(get(urlPathEqualTo("/jwks")).willReturn(aResponse().withHeader("Content-Type", "application/json")
			.withBody(new JWKSet(KEY.toPublicJWK()).toString())));
	}

	@DynamicPropertySource
	static void externalIssuer(DynamicPropertyRegistry registry) {
		registry.add("sokoni.auth.external-issuer-uri", IDP::baseUrl);
		registry.add("sokoni.auth.tenant-claim", () -> "merchant");
		registry.add("sokoni.auth.role-claim", () -> "merchant_role");
		registry.add("sokoni.auth.audience", () -> AUDIENCE);
	}

	@AfterAll
	static void stop() {
		IDP.stop();
	}

	@Test
	void tokensOfTheExternalIssuerAreTrustedWithTheirTenantAndRoleClaims() throws Exception {
		TestTenant tenant = createTenant();
		String owner = token(IDP.baseUrl(), AUDIENCE, tenant.id(), "owner", tenant.ownerEmail());
		Response stores = api().get("/admin/v1/stores").bearer(owner).send();
		assertThat(stores.status()).as(stores.toString()).isEqualTo(200);
		assertThat(stores.json().get(0).path("id").asString()).isEqualTo(tenant.storeId().toString());
		// The request acts as the Sokoni user the token names.
		Response me = api().get("/admin/v1/me").bearer(owner).send();
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.json().path("id").asString()).isEqualTo(tenant.ownerId().toString());

		String viewerEmail = invite(tenant, owner, "viewer");
		String viewer = token(IDP.baseUrl(), AUDIENCE, tenant.id(), "viewer", viewerEmail);
		assertThat(api().get("/admin/v1/stores").bearer(viewer).send().status()).isEqualTo(200);
		Response viewerWrite = api().patch("/admin/v1/stores/" + tenant.storeId())
			.bearer(viewer)
			.body(Map.of("version", 0, "name", "Renamed"))
			.send();
		assertThat(viewerWrite.status()).isEqualTo(403);
	}

	@Test
	void otherIssuersAndSokonisOwnLoginAreRefused() throws Exception {
		TestTenant tenant = createTenant();
		assertThat(api().get("/admin/v1/stores")
			.bearer(token("https://elsewhere.example", AUDIENCE, tenant.id(), "owner", tenant.ownerEmail()))
			.send()
			.status()).isEqualTo(401);
		Response login = api().post("/auth/v1/token")
			.body(Map.of("tenant", tenant.slug(), "email", "owner@" + tenant.slug() + ".example", "password",
					Fixtures.PASSWORD))
			.send();
		assertThat(login.status()).isEqualTo(404);
	}

	/** The issuer minted the token for another of its applications: not for Sokoni. */
	@Test
	void aTokenForAnotherAudienceIsRefused() throws Exception {
		TestTenant tenant = createTenant();
		for (String audience : new String[] { "some-other-app", null }) {
			Response refused = api().get("/admin/v1/stores")
				.bearer(token(IDP.baseUrl(), audience, tenant.id(), "owner", tenant.ownerEmail()))
				.send();
			assertThat(refused.status()).as(String.valueOf(audience)).isEqualTo(401);
		}
	}

	/**
	 * The issuer's word on tenant and role is checked against Sokoni's users like Sokoni's own tokens: an
	 * unknown user, a role the user does not hold, an unverified email or a deactivated user is refused.
	 */
	@Test
	void theTokensUserMustBeAnActiveUserOfTheTenantWithThatRole() throws Exception {
		TestTenant tenant = createTenant();
		String owner = token(IDP.baseUrl(), AUDIENCE, tenant.id(), "owner", tenant.ownerEmail());
		String staffEmail = invite(tenant, owner, "staff");

		assertThat(status(token(IDP.baseUrl(), AUDIENCE, tenant.id(), "owner", "stranger@" + tenant.slug() + ".example")))
			.as("unknown user").isEqualTo(401);
		assertThat(status(token(IDP.baseUrl(), AUDIENCE, tenant.id(), "owner", staffEmail)))
			.as("a staff member claiming owner").isEqualTo(401);
		assertThat(status(token(IDP.baseUrl(), AUDIENCE, tenant.id(), "staff", staffEmail))).isEqualTo(200);
		assertThat(status(token(IDP.baseUrl(), AUDIENCE, tenant.id(), "owner", tenant.ownerEmail(), false)))
			.as("unverified email").isEqualTo(401);

		TestTenant other = createTenant();
		assertThat(status(token(IDP.baseUrl(), AUDIENCE, other.id(), "owner", tenant.ownerEmail())))
			.as("the owner of one tenant in another").isEqualTo(401);

		String staffId = api().get("/admin/v1/me")
			.bearer(token(IDP.baseUrl(), AUDIENCE, tenant.id(), "staff", staffEmail))
			.send()
			.json()
			.path("id")
			.asString();
		Response deactivated = api().post("/admin/v1/staff/" + staffId + "/deactivate").bearer(owner).send();
		assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
		assertThat(status(token(IDP.baseUrl(), AUDIENCE, tenant.id(), "staff", staffEmail))).as("deactivated")
			.isEqualTo(401);
	}

	private int status(String token) {
		return api().get("/admin/v1/stores").bearer(token).send().status();
	}

	/** Invites and accepts a user with this role (the IdP would sign them in); returns the email. */
	private String invite(TestTenant tenant, String ownerToken, String role) {
		String email = role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + tenant.slug() + ".example";
		Response invite = api().post("/admin/v1/staff/invites")
			.bearer(ownerToken)
			.body(Map.of("email", email, "role", role))
			.send();
		assertThat(invite.status()).as(invite.toString()).isEqualTo(201);
		Response accepted = api().post("/auth/v1/invites/accept")
			.body(Map.of("token", invite.json().path("token").asString(), "fullName", "Staff", "password",
					Fixtures.PASSWORD))
			.send();
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
		return email;
	}

	/** The operator creates the tenant; the external IdP would hold its users. */
	private TestTenant createTenant() {
		String slug = "x" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		Response created = api().post("/platform/v1/tenants")
			.operator()
			.body(Map.of("slug", slug, "name", "Tenant " + slug, "owner",
					Map.of("email", "owner@" + slug + ".example", "fullName", "Owner", "password",
							Fixtures.PASSWORD),
					"store", Map.of("slug", slug, "name", "Store " + slug)))
			.send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return new TestTenant(slug, UUID.fromString(created.json().path("tenant").path("id").asString()),
				UUID.fromString(created.json().path("storeId").asString()),
				UUID.fromString(created.json().path("ownerId").asString()), "owner@" + slug + ".example",
				created.json().path("domains").path(0).path("host").asString(), null);
	}

	private static String token(String issuer, String audience, UUID tenant, String role, String email)
			throws Exception {
		return token(issuer, audience, tenant, role, email, true);
	}

	private static String token(String issuer, String audience, UUID tenant, String role, String email,
			boolean emailVerified) throws Exception {
		Instant now = Instant.now();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer(issuer)
					.subject("idp-user-" + UUID.randomUUID())
					.audience(audience)
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plusSeconds(300)))
					.claim("merchant", tenant.toString())
					.claim("merchant_role", role)
					.claim("email", email)
					.claim("email_verified", emailVerified)
					.build());
		jwt.sign(new RSASSASigner(KEY));
		return jwt.serialize();
	}

}
