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
 * switched off. Tenants are created through the operator API as usual.
 */
class ExternalIssuerIT extends ApiTestBase {

	private static final WireMockServer IDP = new WireMockServer(options().dynamicPort());

	private static final RSAKey KEY;

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
	}

	@AfterAll
	static void stop() {
		IDP.stop();
	}

	@Test
	void tokensOfTheExternalIssuerAreTrustedWithTheirTenantAndRoleClaims() throws Exception {
		TestTenant tenant = createTenant();
		Response stores = api().get("/admin/v1/stores").bearer(token(IDP.baseUrl(), tenant.id(), "viewer")).send();
		assertThat(stores.status()).as(stores.toString()).isEqualTo(200);
		assertThat(stores.json().get(0).path("id").asString()).isEqualTo(tenant.storeId().toString());

		Response viewerWrite = api().patch("/admin/v1/stores/" + tenant.storeId())
			.bearer(token(IDP.baseUrl(), tenant.id(), "viewer"))
			.body(Map.of("version", 0, "name", "Renamed"))
			.send();
		assertThat(viewerWrite.status()).isEqualTo(403);
	}

	@Test
	void otherIssuersAndSokonisOwnLoginAreRefused() throws Exception {
		TestTenant tenant = createTenant();
		assertThat(api().get("/admin/v1/stores").bearer(token("https://elsewhere.example", tenant.id(), "owner")).send()
			.status()).isEqualTo(401);
		Response login = api().post("/auth/v1/token")
			.body(Map.of("tenant", tenant.slug(), "email", "owner@" + tenant.slug() + ".example", "password",
					Fixtures.PASSWORD))
			.send();
		assertThat(login.status()).isEqualTo(404);
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

	private static String token(String issuer, UUID tenant, String role) throws Exception {
		Instant now = Instant.now();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer(issuer)
					.subject("idp-user-" + UUID.randomUUID())
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plusSeconds(300)))
					.claim("merchant", tenant.toString())
					.claim("merchant_role", role)
					.build());
		jwt.sign(new RSASSASigner(KEY));
		return jwt.serialize();
	}

}
