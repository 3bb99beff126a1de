package io.sokoni.platform.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;

/**
 * Creates tenants the way an operator does (through the API), each with unique slugs, and signs their
 * users in. Defaults are overridable with {@code customize}.
 */
public final class Fixtures {

	public static final String PASSWORD = "correct-horse-battery";

	private final Api api;

	public Fixtures(Api api) {
		this.api = api;
	}

	/** A tenant as created: ids, the owner's token, the store's platform host. */
	public record TestTenant(String slug, UUID id, UUID storeId, UUID ownerId, String ownerEmail, String host,
			String ownerToken) {
	}

	public TestTenant tenant() {
		return tenant(r -> {
		});
	}

	public TestTenant tenant(Consumer<Map<String, Object>> customize) {
		String slug = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		Map<String, Object> owner = new LinkedHashMap<>(Map.of("email", "owner@" + slug + ".example", "fullName",
				"Owner " + slug, "phone", "0712345678", "password", PASSWORD));
		Map<String, Object> store = new LinkedHashMap<>(
				Map.of("slug", slug, "name", "Store " + slug, "area", "Westlands", "contactPhone", "0722000111"));
		Map<String, Object> request = new LinkedHashMap<>(
				Map.of("slug", slug, "name", "Tenant " + slug, "owner", owner, "store", store));
		customize.accept(request);
		Api.Response created = api.post("/platform/v1/tenants").operator().body(request).send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode body = created.json();
		String ownerEmail = String.valueOf(((Map<?, ?>) request.get("owner")).get("email"));
		String token = login(slug, ownerEmail, PASSWORD);
		return new TestTenant(slug, UUID.fromString(body.path("tenant").path("id").asString()),
				UUID.fromString(body.path("storeId").asString()), UUID.fromString(body.path("ownerId").asString()),
				ownerEmail, body.path("domains").path(0).path("host").asString(), token);
	}

	public String login(String tenantSlug, String email, String password) {
		Api.Response response = api.post("/auth/v1/token")
			.body(Map.of("tenant", tenantSlug, "email", email, "password", password))
			.send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().path("access_token").asString();
	}

	/** Invites someone with a role and accepts the invite; returns their token. */
	public String staffMember(TestTenant tenant, String role) {
		String email = role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + tenant.slug() + ".example";
		Api.Response invite = api.post("/admin/v1/staff/invites")
			.bearer(tenant.ownerToken())
			.body(Map.of("email", email, "role", role))
			.send();
		assertThat(invite.status()).as(invite.toString()).isEqualTo(201);
		Api.Response accepted = api.post("/auth/v1/invites/accept")
			.body(Map.of("token", invite.json().path("token").asString(), "fullName", "Staff " + role, "password",
					PASSWORD))
			.send();
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
		return login(tenant.slug(), email, PASSWORD);
	}

}
