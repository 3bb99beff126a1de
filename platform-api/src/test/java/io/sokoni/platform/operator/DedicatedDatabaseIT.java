package io.sokoni.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.db.ScratchDatabase;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TestDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Registering a dedicated database (on the same server, with the scratch database's roles) and moving
 * a tenant into it: the tenant keeps working with the same tokens and hosts, its rows leave the shared
 * database, other tenants are untouched.
 */
class DedicatedDatabaseIT extends ApiTestBase {

	/** The tenant tables a move must carry over (platform tables stay in the shared database). */
	private static final List<String> TENANT_TABLES = List.of("stores", "users", "staff_invites", "audit_log");

	/** Catalog rows seeded before a move: they travel too, including the product's generated tsvector. */
	private static final List<String> CATALOG_TABLES = List.of("categories", "products", "product_variants",
			"store_locations", "inventory_levels");

	@Test
	void registeredDatabaseIsMigratedAndListed() throws SQLException {
		String name = uniqueName();
		Response registered = register(name, newSibling());
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		JsonNode db = registered.json();
		assertThat(db.path("name").asString()).isEqualTo(name);
		assertThat(db.path("kind").asString()).isEqualTo("dedicated");
		assertThat(db.path("status").asString()).isEqualTo("active");
		assertThat(db.path("schemaVersion").asString()).isNotBlank();
		assertThat(db.path("maxPoolSize").asInt()).isEqualTo(5);
		assertThat(listedNames()).contains(name);
		assertThat(OwnerSql.operatorAudits("database.registered", db.path("id").asString())).isEqualTo(1);
	}

	@Test
	void movedTenantIsServedFromItsDedicatedDatabaseOnly() throws SQLException {
		String siblingUrl = newSibling();
		String name = uniqueName();
		Response registered = register(name, siblingUrl);
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		UUID databaseId = UUID.fromString(registered.json().path("id").asString());

		TestTenant tenant = fixtures().tenant();
		TestTenant shared = fixtures().tenant();
		String renamed = "Renamed " + tenant.slug();
		assertThat(patchStoreName(tenant, 0, renamed).status()).isEqualTo(200);
		String staffToken = fixtures().staffMember(tenant, "staff");
		Response pendingInvite = api().post("/admin/v1/staff/invites")
			.bearer(tenant.ownerToken())
			.body(Map.of("email", "later@" + tenant.slug() + ".example", "role", "viewer"))
			.send();
		assertThat(pendingInvite.status()).as(pendingInvite.toString()).isEqualTo(201);

		seedCatalog(tenant);

		Response moved = move(tenant.id(), databaseId);
		assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
		assertThat(moved.json().path("tenant").path("database").asString()).isEqualTo(name);
		JsonNode copied = moved.json().path("rowsCopied");
		assertThat(copied.path("stores").asInt()).isEqualTo(1);
		assertThat(copied.path("users").asInt()).isEqualTo(2);
		assertThat(copied.path("staff_invites").asInt()).isEqualTo(2);
		assertThat(copied.path("audit_log").asInt()).isPositive();

		// The same token, host and password keep working, now against the dedicated database.
		Response store = api().get("/admin/v1/stores/" + tenant.storeId()).bearer(tenant.ownerToken()).send();
		assertThat(store.status()).as(store.toString()).isEqualTo(200);
		assertThat(store.json().path("name").asString()).isEqualTo(renamed);
		assertThat(store.json().path("version").asLong()).isEqualTo(1);
		Response storefront = api().get("/storefront/v1/store").host(tenant.host()).send();
		assertThat(storefront.status()).as(storefront.toString()).isEqualTo(200);
		assertThat(storefront.json().path("name").asString()).isEqualTo(renamed);
		String freshToken = fixtures().login(tenant.slug(), tenant.ownerEmail(), Fixtures.PASSWORD);
		Response staff = api().get("/admin/v1/staff").bearer(staffToken).send();
		assertThat(staff.status()).as(staff.toString()).isEqualTo(200);
		assertThat(staff.json().path("items").size()).isEqualTo(2);

		String movedName = "Moved " + tenant.slug();
		Response changed = patchStoreName(tenant, 1, movedName);
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		Response reread = api().get("/admin/v1/stores/" + tenant.storeId()).bearer(freshToken).send();
		assertThat(reread.json().path("name").asString()).isEqualTo(movedName);
		assertThat(api().get("/storefront/v1/store").host(tenant.host()).send().json().path("name").asString())
			.isEqualTo(movedName);

		assertRowsOnlyIn(siblingUrl, tenant.id());
		for (String table : CATALOG_TABLES) {
			assertThat(copied.path(table).asInt()).as("copied " + table).isEqualTo(1);
			assertThat(OwnerSql.countAs(tenant.id(), "select count(*) from app." + table)).as("shared " + table).isZero();
			assertThat(OwnerSql.count(siblingUrl, tenant.id(), "select count(*) from app." + table)).as(table).isEqualTo(1);
		}
		assertThat(OwnerSql.count(siblingUrl, tenant.id(),
				"select count(*) from app.products where search_tsv @@ websearch_to_tsquery('simple', 'kiondo')"))
			.as("the dedicated database computed the product's search vector")
			.isEqualTo(1);
		assertThat(OwnerSql.single(siblingUrl, tenant.id(), "select name from app.stores where id = ?",
				tenant.storeId())).isEqualTo(movedName);
		assertThat(OwnerSql.count(siblingUrl, tenant.id(),
				"select count(*) from app.audit_log where action = 'auth.login_succeeded'"))
			.as("logins after the move are audited in the dedicated database")
			.isPositive();

		// A tenant that stays shared is not affected.
		assertThat(api().get("/admin/v1/stores/" + shared.storeId()).bearer(shared.ownerToken()).send().status())
			.isEqualTo(200);
		assertThat(api().get("/storefront/v1/store").host(shared.host()).send().json().path("slug").asString())
			.isEqualTo(shared.slug());
		for (String table : TENANT_TABLES) {
			if (!table.equals("staff_invites")) {
				assertThat(OwnerSql.countAs(shared.id(), "select count(*) from app." + table)).as(table).isPositive();
			}
			assertThat(OwnerSql.count(siblingUrl, shared.id(), "select count(*) from app." + table)).as(table)
				.isZero();
		}
		assertThat(OwnerSql.count(siblingUrl, shared.id(), "select count(*) from app.tenants")).isZero();

		assertThat(operatorGet(tenant.id()).path("database").asString()).isEqualTo(name);
		assertThat(operatorGet(shared.id()).path("database").asString()).isEqualTo("shared");
		assertThat(OwnerSql.operatorAudits("tenant.moved", tenant.id())).isEqualTo(1);

		// Running the move again only finishes what is left: nothing to copy, nothing lost.
		Response again = move(tenant.id(), databaseId);
		assertThat(again.status()).as(again.toString()).isEqualTo(200);
		assertThat(again.json().path("tenant").path("database").asString()).isEqualTo(name);
		Response afterAgain = api().get("/admin/v1/stores/" + tenant.storeId()).bearer(tenant.ownerToken()).send();
		assertThat(afterAgain.status()).as(afterAgain.toString()).isEqualTo(200);
		assertThat(afterAgain.json().path("name").asString()).isEqualTo(movedName);
		assertRowsOnlyIn(siblingUrl, tenant.id());
		assertThat(OwnerSql.operatorAudits("tenant.moved", tenant.id())).isEqualTo(2);
	}

	@Test
	void catalogChangesOfAMovedTenantAreRelayedFromItsDedicatedDatabase() throws Exception {
		String siblingUrl = newSibling();
		Response registered = register(uniqueName(), siblingUrl);
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		TestTenant tenant = fixtures().tenant();
		assertThat(move(tenant.id(), UUID.fromString(registered.json().path("id").asString())).status()).isEqualTo(200);

		Response created = api().post("/admin/v1/products")
			.bearer(tenant.ownerToken())
			.body(Map.of("storeId", tenant.storeId().toString(), "name", "Kiondo moved", "slug", "kiondo-moved",
					"status", "active", "basePriceCents", 150000, "currency", "KES", "variants",
					List.of(Map.of("sku", "KM-1", "priceCents", 150000))))
			.send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(OwnerSql.count(siblingUrl, tenant.id(), "select count(*) from app.outbox_events")).isPositive();
		assertThat(OwnerSql.countAs(tenant.id(), "select count(*) from app.outbox_events")).as("shared").isZero();

		long deadline = System.nanoTime() + 30_000_000_000L;
		while (OwnerSql.count(siblingUrl, tenant.id(), "select count(*) from app.outbox_events where status <> 'delivered'") > 0) {
			assertThat(System.nanoTime()).as("events of the dedicated database delivered in time").isLessThan(deadline);
			Thread.sleep(100);
		}
		Response found = api().get("/storefront/v1/search?q=kiondo").host(tenant.host()).send();
		assertThat(found.status()).as(found.toString()).isEqualTo(200);
		assertThat(found.body()).contains("kiondo-moved");
	}

	@Test
	void movingToAnUnknownDatabaseOrAnUnknownTenantIs404() throws SQLException {
		TestTenant tenant = fixtures().tenant();
		Response unknownDatabase = move(tenant.id(), UUID.randomUUID());
		assertThat(unknownDatabase.status()).as(unknownDatabase.toString()).isEqualTo(404);
		assertThat(unknownDatabase.problemType()).isEqualTo("not-found");
		assertThat(operatorGet(tenant.id()).path("database").asString()).isEqualTo("shared");
		assertThat(OwnerSql.countAs(tenant.id(), "select count(*) from app.stores")).isEqualTo(1);

		Response registered = register(uniqueName(), newSibling());
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		Response unknownTenant = move(UUID.randomUUID(), UUID.fromString(registered.json().path("id").asString()));
		assertThat(unknownTenant.status()).as(unknownTenant.toString()).isEqualTo(404);
		assertThat(unknownTenant.problemType()).isEqualTo("not-found");
	}

	@Test
	void unreachableDatabaseIs422AndNotKept() {
		String name = uniqueName();
		Response response = register(name, "jdbc:postgresql://127.0.0.1:1/x?connectTimeout=2");
		assertThat(response.status()).as(response.toString()).isEqualTo(422);
		assertThat(response.problemType()).isEqualTo("business-rule");
		assertThat(response.body()).doesNotContain("127.0.0.1:1");
		assertThat(listedNames()).doesNotContain(name);
		assertThat(OwnerSql.count("select count(*) from app.platform_audit_log where action = 'database.registered'"
				+ " and details ->> 'name' = ?", name)).isZero();
	}

	@Test
	void databaseNameIsUnique() throws SQLException {
		String name = uniqueName();
		assertThat(register(name, newSibling()).status()).isEqualTo(201);
		Response duplicate = register(name, newSibling());
		assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
		assertThat(duplicate.problemType()).isEqualTo("duplicate");
		assertThat(listedNames().stream().filter(name::equals)).hasSize(1);
	}

	@Test
	void invalidRegistrationsAre400() {
		String url = TestDatabase.get().orElseThrow().jdbcUrl();
		Map<String, Map<String, Object>> cases = Map.of(
				"name", request("my database", url, Map.of()),
				"jdbcUrl", request(uniqueName(), "jdbc:mysql://127.0.0.1:3306/x", Map.of()),
				"ownerSecretRef", request(uniqueName(), url, Map.of("ownerSecretRef", "hunter2")),
				"runtimeSecretRef", request(uniqueName(), url, Map.of("runtimeSecretRef", "vault:db/pass")),
				"runtimeUsername", request(uniqueName(), url, Map.of("runtimeUsername", "App User")),
				"maxPoolSize", request(uniqueName(), url, Map.of("maxPoolSize", 0)));
		List<String> names = new ArrayList<>();
		cases.forEach((field, body) -> {
			names.add(String.valueOf(body.get("name")));
			Response response = api().post("/platform/v1/databases").operator().body(body).send();
			assertThat(response.status()).as(field + ": " + response).isEqualTo(400);
			assertThat(response.problemType()).as(field).isEqualTo("validation-failed");
			List<String> fields = new ArrayList<>();
			response.json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
			assertThat(fields).as(field).containsExactly(field);
		});
		assertThat(listedNames()).doesNotContainAnyElementsOf(names);
	}

	/**
	 * The app connects to the registered URL with the secrets its references name: only allowed hosts
	 * (127.0.0.1 and localhost by default), no parameters that load classes or files, and only
	 * environment variables under SOKONI_DB_SECRET_.
	 */
	@Test
	void registrationsOutsideTheAllowedHostsSecretsAndParametersAre400() {
		String url = TestDatabase.get().orElseThrow().jdbcUrl();
		Map<String, Map<String, Object>> cases = Map.of(
				"jdbcUrl", request(uniqueName(), "jdbc:postgresql://db.attacker.example:5432/x", Map.of()),
				"ownerSecretRef", request(uniqueName(), url, Map.of("ownerSecretRef", "env:SOKONI_DB_PASSWORD")),
				"runtimeSecretRef", request(uniqueName(), url, Map.of("runtimeSecretRef", "env:HOME")));
		List<String> names = new ArrayList<>();
		cases.forEach((field, body) -> {
			names.add(String.valueOf(body.get("name")));
			Response response = api().post("/platform/v1/databases").operator().body(body).send();
			assertThat(response.status()).as(field + ": " + response).isEqualTo(400);
			assertThat(response.problemType()).as(field).isEqualTo("validation-failed");
			List<String> fields = new ArrayList<>();
			response.json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
			assertThat(fields).as(field).containsExactly(field);
		});
		for (String url2 : List.of("jdbc:postgresql://127.0.0.1:5432/x?socketFactory=org.example.Evil",
				"jdbc:postgresql://127.0.0.1,db.attacker.example/x", "jdbc:postgresql:///x?host=db.attacker.example")) {
			String name = uniqueName();
			names.add(name);
			Response response = register(name, url2);
			assertThat(response.status()).as(url2 + ": " + response).isEqualTo(400);
		}
		assertThat(listedNames()).doesNotContainAnyElementsOf(names);
	}

	// Helpers

	private static void seedCatalog(TestTenant tenant) {
		UUID category = UUID.randomUUID();
		UUID product = UUID.randomUUID();
		UUID variant = UUID.randomUUID();
		UUID location = UUID.randomUUID();
		OwnerSql.execute(tenant.id(), "insert into app.categories (tenant_id, id, name, slug) values (?, ?, 'Baskets', 'baskets')",
				tenant.id(), category);
		OwnerSql.execute(tenant.id(), """
				insert into app.products (tenant_id, id, store_id, category_id, name, slug, status, base_price_cents, currency)
				values (?, ?, ?, ?, 'Kiondo basket', 'kiondo-basket', 'active', 250000, 'KES')""", tenant.id(), product,
				tenant.storeId(), category);
		OwnerSql.execute(tenant.id(), """
				insert into app.product_variants (tenant_id, id, product_id, sku, price_cents)
				values (?, ?, ?, 'KIONDO-M', 250000)""", tenant.id(), variant, product);
		OwnerSql.execute(tenant.id(), """
				insert into app.store_locations (tenant_id, id, store_id, code, name) values (?, ?, ?, 'MAIN', 'Main')""",
				tenant.id(), location, tenant.storeId());
		OwnerSql.execute(tenant.id(), """
				insert into app.inventory_levels (tenant_id, variant_id, location_id, on_hand) values (?, ?, ?, 7)""",
				tenant.id(), variant, location);
	}

	private void assertRowsOnlyIn(String dedicatedUrl, UUID tenant) {
		for (String table : TENANT_TABLES) {
			assertThat(OwnerSql.countAs(tenant, "select count(*) from app." + table)).as("shared " + table).isZero();
			assertThat(OwnerSql.count(dedicatedUrl, tenant, "select count(*) from app." + table))
				.as("dedicated " + table)
				.isPositive();
		}
		assertThat(OwnerSql.countAs(tenant, "select count(*) from app.tenants")).as("shared tenants").isEqualTo(1);
		assertThat(OwnerSql.count(dedicatedUrl, tenant, "select count(*) from app.tenants")).as("dedicated tenants")
			.isEqualTo(1);
	}

	/** A new database on the scratch server with the scratch roles; returns its JDBC URL. */
	private static String newSibling() throws SQLException {
		ScratchDatabase scratch = TestDatabase.get().orElseThrow();
		String suffix = "ded" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		return scratch.jdbcUrl(TestDatabase.createSibling(suffix));
	}

	private Response register(String name, String jdbcUrl) {
		return api().post("/platform/v1/databases").operator().body(request(name, jdbcUrl, Map.of())).send();
	}

	private static Map<String, Object> request(String name, String jdbcUrl, Map<String, Object> overrides) {
		ScratchDatabase scratch = TestDatabase.get().orElseThrow();
		Map<String, Object> body = new HashMap<>(Map.of("name", name, "jdbcUrl", jdbcUrl, "runtimeUsername",
				scratch.roles().runtime(), "ownerUsername", scratch.roles().owner()));
		body.putAll(overrides);
		return body;
	}

	private Response move(UUID tenantId, UUID databaseId) {
		return api().put("/platform/v1/tenants/" + tenantId + "/database")
			.operator()
			.body(Map.of("databaseId", databaseId))
			.send();
	}

	private Response patchStoreName(TestTenant tenant, long version, String name) {
		return api().patch("/admin/v1/stores/" + tenant.storeId())
			.bearer(tenant.ownerToken())
			.body(Map.of("version", version, "name", name))
			.send();
	}

	private JsonNode operatorGet(UUID tenantId) {
		Response response = api().get("/platform/v1/tenants/" + tenantId).operator().send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private List<String> listedNames() {
		Response response = api().get("/platform/v1/databases").operator().send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<String> names = new ArrayList<>();
		response.json().forEach(db -> names.add(db.path("name").asString()));
		return names;
	}

	private static String uniqueName() {
		return "ded-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
	}

}
