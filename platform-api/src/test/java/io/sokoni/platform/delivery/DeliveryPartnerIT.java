package io.sokoni.platform.delivery;

import static io.sokoni.platform.delivery.DeliveryFixtures.auditCount;
import static io.sokoni.platform.delivery.DeliveryFixtures.fields;
import static io.sokoni.platform.delivery.DeliveryFixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DeliveryPartnerIT extends ApiTestBase {

	private static final String PARTNERS = "/admin/v1/delivery-partners";

	private static final String API_KEY = "pk_live_9f8e7d6c5b4aWXYZ";

	@Test
	void partnerIsCreatedReadUpdatedDeactivatedAndActivated() {
		TestTenant tenant = fixtures().tenant();
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("accountId", "ACME-42");
		config.put("apiKey", API_KEY);
		config.put("webhook", Map.of("url", "https://example.com/hook", "signingSecret", "whsec_0123456789abcd"));
		config.put("password", "hunter2");
		Response created = api().post(PARTNERS)
			.bearer(tenant.ownerToken())
			.body(Map.of("storeId", tenant.storeId(), "name", "Pickup Mtaani", "provider", "pickup_mtaani", "config",
					config))
			.send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode partner = created.json();
		String id = partner.path("id").asString();
		assertThat(partner.path("provider").asString()).isEqualTo("pickup_mtaani");
		assertThat(partner.path("isActive").asBoolean()).isTrue();
		assertThat(partner.path("config").path("accountId").asString()).isEqualTo("ACME-42");
		assertMasked(partner.path("config"));
		assertThat(created.body()).doesNotContain(API_KEY).doesNotContain("hunter2").doesNotContain("whsec_0123");
		assertThat(storedConfig(tenant, id)).contains(API_KEY).contains("hunter2");

		Response got = api().get(PARTNERS + "/" + id).bearer(tenant.ownerToken()).send();
		assertThat(got.status()).isEqualTo(200);
		assertMasked(got.json().path("config"));
		assertThat(api().get(PARTNERS).bearer(tenant.ownerToken()).send().body()).doesNotContain(API_KEY);

		// The admin screen sends the config back as it was shown, masks included, with one change.
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("accountId", "ACME-43");
		shown.put("apiKey", got.json().path("config").path("apiKey").asString());
		shown.put("password", "****");
		Response updated = api().patch(PARTNERS + "/" + id)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "name", "Pickup Mtaani Nairobi", "config", shown))
			.send();
		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.json().path("name").asString()).isEqualTo("Pickup Mtaani Nairobi");
		assertThat(updated.json().path("provider").asString()).as("absent fields stay").isEqualTo("pickup_mtaani");
		assertThat(updated.json().path("config").path("accountId").asString()).isEqualTo("ACME-43");
		assertThat(updated.json().path("config").has("webhook")).as("the config is replaced").isFalse();
		assertThat(storedConfig(tenant, id)).as("masked secrets keep their stored value").contains(API_KEY)
			.contains("hunter2")
			.contains("ACME-43");

		Response newKey = api().patch(PARTNERS + "/" + id)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 1, "config", Map.of("apiKey", "pk_live_new_key_00001111")))
			.send();
		assertThat(newKey.status()).isEqualTo(200);
		assertThat(storedConfig(tenant, id)).contains("pk_live_new_key_00001111").doesNotContain(API_KEY);

		Response deactivated = api().post(PARTNERS + "/" + id + "/deactivate").bearer(tenant.ownerToken()).send();
		assertThat(deactivated.json().path("isActive").asBoolean()).isFalse();
		assertThat(ids(api().get(PARTNERS + "?status=active").bearer(tenant.ownerToken()).send())).isEmpty();
		assertThat(ids(api().get(PARTNERS + "?status=inactive&storeId=" + tenant.storeId())
			.bearer(tenant.ownerToken())
			.send())).containsExactly(id);
		Response activated = api().post(PARTNERS + "/" + id + "/activate").bearer(tenant.ownerToken()).send();
		assertThat(activated.json().path("isActive").asBoolean()).isTrue();

		Response stale = api().patch(PARTNERS + "/" + id).bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "name", "Old"))
			.send();
		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.problemType()).isEqualTo("stale-version");

		for (String action : List.of("delivery_partner.created", "delivery_partner.updated",
				"delivery_partner.deactivated", "delivery_partner.activated")) {
			assertThat(auditCount(tenant, action)).as(action).isPositive();
		}
		String audits = TenantSql.call(tenant.id(), jdbc -> jdbc.queryForObject(
				"select string_agg(details::text, ' ') from app.audit_log where tenant_id = ?", String.class,
				tenant.id()));
		assertThat(audits).as("secrets never reach the audit log").doesNotContain(API_KEY).doesNotContain("hunter2");
	}

	@Test
	void invalidInputIs400AndSavesNothing() {
		TestTenant tenant = fixtures().tenant();
		Response missing = api().post(PARTNERS).bearer(tenant.ownerToken()).body(Map.of("name", " ", "provider", "dhl"))
			.send();
		assertThat(missing.status()).as(missing.toString()).isEqualTo(400);
		assertThat(fields(missing)).contains("storeId", "name", "provider");

		Response notAnObject = api().post(PARTNERS)
			.bearer(tenant.ownerToken())
			.raw("{\"storeId\":\"" + tenant.storeId() + "\",\"name\":\"Riders\",\"provider\":\"own_riders\","
					+ "\"config\":[1,2]}")
			.send();
		assertThat(notAnObject.status()).as(notAnObject.toString()).isEqualTo(400);

		Response tooLarge = api().post(PARTNERS)
			.bearer(tenant.ownerToken())
			.body(Map.of("storeId", tenant.storeId(), "name", "Riders", "provider", "own_riders", "config",
					Map.of("notes", "x".repeat(9000))))
			.send();
		assertThat(tooLarge.status()).as(tooLarge.toString()).isEqualTo(400);
		assertThat(fields(tooLarge)).containsExactly("config");
		assertThat(ids(api().get(PARTNERS).bearer(tenant.ownerToken()).send())).isEmpty();

		String id = new DeliveryFixtures(api()).partner(tenant, "Riders", p -> {
		}).path("id").asString();
		Response badPatch = api().patch(PARTNERS + "/" + id)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "provider", "dhl"))
			.send();
		assertThat(badPatch.status()).isEqualTo(400);
		assertThat(api().patch(PARTNERS + "/" + id).bearer(tenant.ownerToken()).body(Map.of("name", "x")).send()
			.status()).as("version required").isEqualTo(400);
		Response duplicate = api().post(PARTNERS)
			.bearer(tenant.ownerToken())
			.body(Map.of("storeId", tenant.storeId(), "name", "Riders", "provider", "manual"))
			.send();
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.json().path("detail").asString())
			.isEqualTo("A delivery partner with this name already exists in this store");
	}

	@Test
	void unknownPartnerOrStoreIs404AndViewersCannotChange() {
		TestTenant tenant = fixtures().tenant();
		String path = PARTNERS + "/" + UUID.randomUUID();
		assertThat(api().get(path).bearer(tenant.ownerToken()).send().status()).isEqualTo(404);
		assertThat(api().patch(path).bearer(tenant.ownerToken()).body(Map.of("version", 0)).send().status())
			.isEqualTo(404);
		assertThat(api().post(path + "/activate").bearer(tenant.ownerToken()).send().status()).isEqualTo(404);
		assertThat(api().post(PARTNERS)
			.bearer(tenant.ownerToken())
			.body(Map.of("storeId", UUID.randomUUID(), "name", "R", "provider", "manual"))
			.send()
			.status()).isEqualTo(404);

		String viewer = fixtures().staffMember(tenant, "viewer");
		String id = new DeliveryFixtures(api()).partner(tenant, "Riders", p -> p.put("config", Map.of("token",
				"abc"))).path("id").asString();
		Response read = api().get(PARTNERS + "/" + id).bearer(viewer).send();
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().path("config").path("token").asString()).isEqualTo("****");
		assertThat(api().post(PARTNERS + "/" + id + "/deactivate").bearer(viewer).send().status()).isEqualTo(403);
		assertThat(api().patch(PARTNERS + "/" + id).bearer(viewer).body(Map.of("version", 0, "name", "V")).send()
			.status()).isEqualTo(403);
	}

	private static void assertMasked(JsonNode config) {
		assertThat(config.path("apiKey").asString()).isEqualTo("****WXYZ");
		assertThat(config.path("password").asString()).isEqualTo("****");
		assertThat(config.path("webhook").path("signingSecret").asString()).isEqualTo("****abcd");
		assertThat(config.path("webhook").path("url").asString()).isEqualTo("https://example.com/hook");
	}

	private static String storedConfig(TestTenant tenant, String id) {
		return TenantSql.call(tenant.id(), jdbc -> jdbc.queryForObject(
				"select config::text from app.delivery_partners where tenant_id = ? and id = ?", String.class,
				tenant.id(), UUID.fromString(id)));
	}

}
