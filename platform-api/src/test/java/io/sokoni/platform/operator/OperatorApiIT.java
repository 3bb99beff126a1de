package io.sokoni.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OperatorApiIT extends ApiTestBase {

	// Authentication

	@Test
	void operatorEndpointsWithoutTokenAre401() {
		Response response = api().get("/platform/v1/tenants").send();
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertThat(response.problemType()).isEqualTo("unauthenticated");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
	}

	@Test
	void operatorEndpointsWithWrongTokenAre401AndChangeNothing() {
		Response list = api().get("/platform/v1/tenants").bearer(OPERATOR_TOKEN + "x").send();
		assertThat(list.status()).as(list.toString()).isEqualTo(401);
		assertThat(list.problemType()).isEqualTo("unauthenticated");

		TestTenant tenant = fixtures().tenant();
		Response suspend = api().post("/platform/v1/tenants/" + tenant.id() + "/suspend").bearer("wrong").send();
		assertThat(suspend.status()).as(suspend.toString()).isEqualTo(401);
		assertThat(suspend.problemType()).isEqualTo("unauthenticated");
		assertThat(operatorGet(tenant.id()).path("status").asString()).isEqualTo("active");
		assertThat(OwnerSql.operatorAudits("tenant.suspended", tenant.id())).isZero();
	}

	@Test
	void tenantUsersTokenIsNoOperatorToken() {
		TestTenant tenant = fixtures().tenant();
		Response response = api().get("/platform/v1/tenants/" + tenant.id()).bearer(tenant.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isIn(401, 403);
		assertThat(response.problemType()).isEqualTo(response.status() == 401 ? "unauthenticated" : "forbidden");

		Response suspend = api().post("/platform/v1/tenants/" + tenant.id() + "/suspend")
			.bearer(tenant.ownerToken())
			.send();
		assertThat(suspend.status()).as(suspend.toString()).isIn(401, 403);
		assertThat(operatorGet(tenant.id()).path("status").asString()).isEqualTo("active");
	}

	// Creating, reading and listing tenants

	@Test
	void createdTenantGetsItsStoresPlatformSubdomain() {
		String slug = uniqueSlug("acme");
		String storeSlug = uniqueSlug("duka");
		Response created = api().post("/platform/v1/tenants").operator().body(newTenant(slug, storeSlug)).send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode body = created.json();
		UUID id = UUID.fromString(body.path("tenant").path("id").asString());
		assertThat(body.path("tenant").path("slug").asString()).isEqualTo(slug);
		assertThat(body.path("tenant").path("status").asString()).isEqualTo("active");
		assertThat(body.path("tenant").path("plan").asString()).isEqualTo("starter");
		assertThat(body.path("tenant").path("database").asString()).isEqualTo("shared");
		assertThat(body.path("ownerId").asString()).isNotBlank();
		assertThat(body.path("domains").size()).isEqualTo(1);
		JsonNode domain = body.path("domains").path(0);
		assertThat(domain.path("host").asString()).isEqualTo(storeSlug + "." + PLATFORM_DOMAIN);
		assertThat(domain.path("kind").asString()).isEqualTo("platform");
		assertThat(domain.path("verificationStatus").asString()).isEqualTo("verified");
		assertThat(domain.path("storeId").asString()).isEqualTo(body.path("storeId").asString());

		JsonNode read = operatorGet(id);
		assertThat(read.path("slug").asString()).isEqualTo(slug);
		assertThat(read.path("name").asString()).isEqualTo("Tenant " + slug);
		Response storefront = api().get("/storefront/v1/store").host(storeSlug + "." + PLATFORM_DOMAIN).send();
		assertThat(storefront.status()).as(storefront.toString()).isEqualTo(200);
		assertThat(storefront.json().path("slug").asString()).isEqualTo(storeSlug);
		assertThat(OwnerSql.operatorAudits("tenant.created", id)).isEqualTo(1);
	}

	@Test
	void unknownTenantIs404() {
		UUID unknown = UUID.randomUUID();
		for (Response response : List.of(api().get("/platform/v1/tenants/" + unknown).operator().send(),
				api().post("/platform/v1/tenants/" + unknown + "/suspend").operator().send(),
				api().get("/platform/v1/tenants/" + unknown + "/domains").operator().send())) {
			assertThat(response.status()).as(response.toString()).isEqualTo(404);
			assertThat(response.problemType()).isEqualTo("not-found");
		}
		assertThat(OwnerSql.operatorAudits("tenant.suspended", unknown)).isZero();
		Response malformed = api().get("/platform/v1/tenants/not-a-uuid").operator().send();
		assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
		assertThat(malformed.problemType()).isEqualTo("validation-failed");
	}

	@Test
	void tenantsArePagedInIdOrder() {
		List<UUID> mine = List.of(fixtures().tenant().id(), fixtures().tenant().id(), fixtures().tenant().id());
		List<UUID> seen = listAll(null, 2);
		assertThat(seen).containsAll(mine);
		assertThat(seen).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void pageAfterAnIdStartsBehindIt() {
		TestTenant first = fixtures().tenant();
		TestTenant second = fixtures().tenant();
		Response page = api().get("/platform/v1/tenants?limit=1&after=" + first.id()).operator().send();
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		JsonNode items = page.json().path("items");
		assertThat(items.size()).isEqualTo(1);
		// Ids are time ordered: nothing created after the first tenant sorts before it.
		assertThat(UUID.fromString(items.path(0).path("id").asString())).isGreaterThan(first.id())
			.isLessThanOrEqualTo(second.id());
		assertThat(page.json().path("next").asString()).isEqualTo(items.path(0).path("id").asString());
	}

	@Test
	void listingFiltersByStatus() {
		TestTenant active = fixtures().tenant();
		TestTenant suspended = fixtures().tenant();
		assertThat(setStatus(suspended, "suspend").status()).isEqualTo(200);

		List<UUID> suspendedIds = listAll("suspended", 2);
		assertThat(suspendedIds).contains(suspended.id()).doesNotContain(active.id());
		List<UUID> activeIds = listAll("active", 50);
		assertThat(activeIds).contains(active.id()).doesNotContain(suspended.id());
		assertThat(listAll(null, 100)).contains(active.id(), suspended.id());
	}

	@Test
	void invalidListParametersAre400() {
		for (String query : List.of("status=deleted", "limit=0", "limit=101", "after=nope")) {
			Response response = api().get("/platform/v1/tenants?" + query).operator().send();
			assertThat(response.status()).as(query + ": " + response).isEqualTo(400);
			assertThat(response.problemType()).as(query).isEqualTo("validation-failed");
		}
	}

	// Suspension

	@Test
	void suspendedTenantIsRefusedEverywhereUntilReactivated() {
		TestTenant tenant = fixtures().tenant();
		TestTenant other = fixtures().tenant();
		String storePath = "/admin/v1/stores/" + tenant.storeId();

		Response suspended = api().post("/platform/v1/tenants/" + tenant.id() + "/suspend")
			.operator()
			.body(Map.of("reason", "unpaid invoice"))
			.send();
		assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
		assertThat(suspended.json().path("status").asString()).isEqualTo("suspended");
		assertThat(operatorGet(tenant.id()).path("status").asString()).isEqualTo("suspended");

		Response storefront = api().get("/storefront/v1/store").host(tenant.host()).send();
		assertThat(storefront.status()).as(storefront.toString()).isEqualTo(403);
		assertThat(storefront.problemType()).isEqualTo("tenant-suspended");
		Response admin = api().get(storePath).bearer(tenant.ownerToken()).send();
		assertThat(admin.status()).as(admin.toString()).isEqualTo(403);
		assertThat(admin.problemType()).isEqualTo("tenant-suspended");
		Response login = login(tenant);
		assertThat(login.status()).as(login.toString()).isEqualTo(403);
		assertThat(login.problemType()).isEqualTo("tenant-suspended");
		assertThat(login.json().has("access_token")).isFalse();

		assertThat(api().get("/storefront/v1/store").host(other.host()).send().status()).isEqualTo(200);
		assertThat(api().get("/admin/v1/stores/" + other.storeId()).bearer(other.ownerToken()).send().status())
			.isEqualTo(200);
		assertThat(login(other).status()).isEqualTo(200);

		Response reactivated = setStatus(tenant, "reactivate");
		assertThat(reactivated.status()).as(reactivated.toString()).isEqualTo(200);
		assertThat(reactivated.json().path("status").asString()).isEqualTo("active");
		Response servedAgain = api().get("/storefront/v1/store").host(tenant.host()).send();
		assertThat(servedAgain.status()).as(servedAgain.toString()).isEqualTo(200);
		assertThat(servedAgain.json().path("slug").asString()).isEqualTo(tenant.slug());
		Response adminAgain = api().get(storePath).bearer(tenant.ownerToken()).send();
		assertThat(adminAgain.status()).as(adminAgain.toString()).isEqualTo(200);
		assertThat(adminAgain.json().path("id").asString()).isEqualTo(tenant.storeId().toString());
		assertThat(login(tenant).status()).isEqualTo(200);

		assertThat(OwnerSql.operatorAudits("tenant.suspended", tenant.id())).isEqualTo(1);
		assertThat(OwnerSql.count("select count(*) from app.platform_audit_log where action = 'tenant.suspended'"
				+ " and target_id = ? and details ->> 'reason' = 'unpaid invoice'", tenant.id().toString()))
			.isEqualTo(1);
		assertThat(OwnerSql.operatorAudits("tenant.reactivated", tenant.id())).isEqualTo(1);
		assertThat(OwnerSql.operatorAudits("tenant.suspended", other.id())).isZero();
	}

	// Custom domains

	@Test
	void customDomainServesOnlyOnceVerifiedAndStopsWhenDetached() {
		TestTenant tenant = fixtures().tenant();
		String host = "shop." + tenant.slug() + ".example.com";

		Response attached = attach(tenant.id(), tenant.storeId(), host);
		assertThat(attached.status()).as(attached.toString()).isEqualTo(201);
		assertThat(attached.json().path("host").asString()).isEqualTo(host);
		assertThat(attached.json().path("kind").asString()).isEqualTo("custom");
		assertThat(attached.json().path("verificationStatus").asString()).isEqualTo("pending");
		assertThat(attached.json().path("verificationToken").asString()).startsWith("sokoni-verify=");
		String domainId = attached.json().path("id").asString();
		assertThat(domainStatuses(tenant.id())).containsEntry(host, "pending");

		Response pending = api().get("/storefront/v1/store").host(host).send();
		assertThat(pending.status()).as(pending.toString()).isEqualTo(404);
		assertThat(pending.problemType()).isEqualTo("unknown-host");

		Response verified = verify(tenant.id(), domainId, "manual");
		assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
		assertThat(verified.json().path("verificationStatus").asString()).isEqualTo("verified");
		assertThat(verified.json().path("verifiedAt").isNull()).isFalse();
		Response served = api().get("/storefront/v1/store").host(host).send();
		assertThat(served.status()).as(served.toString()).isEqualTo(200);
		assertThat(served.json().path("slug").asString()).isEqualTo(tenant.slug());

		Response detached = api().delete("/platform/v1/tenants/" + tenant.id() + "/domains/" + domainId)
			.operator()
			.send();
		assertThat(detached.status()).as(detached.toString()).isEqualTo(204);
		Response gone = api().get("/storefront/v1/store").host(host).send();
		assertThat(gone.status()).as(gone.toString()).isEqualTo(404);
		assertThat(gone.problemType()).isEqualTo("unknown-host");
		assertThat(domainStatuses(tenant.id())).doesNotContainKey(host).containsKey(tenant.host());
		assertThat(api().get("/storefront/v1/store").host(tenant.host()).send().status()).isEqualTo(200);

		assertThat(OwnerSql.operatorAudits("domain.attached", domainId)).isEqualTo(1);
		assertThat(OwnerSql.operatorAudits("domain.verified", domainId)).isEqualTo(1);
		assertThat(OwnerSql.operatorAudits("domain.detached", domainId)).isEqualTo(1);
	}

	@Test
	void attachingAStoreOfAnotherTenantIs404AndSavesNothing() {
		TestTenant tenant = fixtures().tenant();
		TestTenant other = fixtures().tenant();
		String host = "shop." + tenant.slug() + ".example.com";

		Response response = attach(tenant.id(), other.storeId(), host);
		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.problemType()).isEqualTo("not-found");
		assertThat(domainStatuses(tenant.id())).doesNotContainKey(host);
		assertThat(domainStatuses(other.id())).doesNotContainKey(host);
		assertThat(OwnerSql.countAs(tenant.id(), "select count(*) from app.store_domains where host = ?", host))
			.isZero();
		assertThat(OwnerSql.countAs(other.id(), "select count(*) from app.store_domains where host = ?", host))
			.isZero();
		assertThat(OwnerSql.count("select count(*) from app.platform_audit_log where action = 'domain.attached'"
				+ " and details ->> 'host' = ?", host)).isZero();

		Response unknownStore = attach(tenant.id(), UUID.randomUUID(), host);
		assertThat(unknownStore.status()).as(unknownStore.toString()).isEqualTo(404);
		assertThat(unknownStore.problemType()).isEqualTo("not-found");
		Response unknownTenant = attach(UUID.randomUUID(), tenant.storeId(), host);
		assertThat(unknownTenant.status()).as(unknownTenant.toString()).isEqualTo(404);
		assertThat(domainStatuses(tenant.id())).doesNotContainKey(host);
	}

	@Test
	void hostAlreadyAttachedToAnotherTenantIs409() {
		TestTenant tenant = fixtures().tenant();
		TestTenant other = fixtures().tenant();
		String host = "shop." + other.slug() + ".example.com";
		assertThat(attach(other.id(), other.storeId(), host).status()).isEqualTo(201);

		Response duplicate = attach(tenant.id(), tenant.storeId(), host);
		assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
		assertThat(duplicate.problemType()).isEqualTo("duplicate");
		// Another store's platform subdomain: refused as under the platform's domain (issue 18).
		Response platformHost = attach(tenant.id(), tenant.storeId(), other.host());
		assertThat(platformHost.status()).as(platformHost.toString()).isEqualTo(422);
		assertThat(platformHost.problemType()).isEqualTo("business-rule");

		assertThat(domainStatuses(tenant.id())).containsOnlyKeys(tenant.host());
		assertThat(domainStatuses(other.id())).containsOnlyKeys(other.host(), host);
		assertThat(OwnerSql.count("select count(*) from app.platform_audit_log where action = 'domain.attached'"
				+ " and details ->> 'tenant' = ?", tenant.id().toString())).isZero();
	}

	@Test
	void dnsVerificationWithoutTxtRecordIs422AndStaysPending() {
		TestTenant tenant = fixtures().tenant();
		// .invalid never resolves (RFC 6761), so no TXT record can exist.
		String host = "shop." + tenant.slug() + ".invalid";
		Response attached = attach(tenant.id(), tenant.storeId(), host);
		assertThat(attached.status()).as(attached.toString()).isEqualTo(201);
		String domainId = attached.json().path("id").asString();

		Response response = verify(tenant.id(), domainId, "dns");
		assertThat(response.status()).as(response.toString()).isEqualTo(422);
		assertThat(response.problemType()).isEqualTo("business-rule");
		assertThat(response.json().path("detail").asString()).contains("_sokoni-challenge." + host);
		assertThat(domainStatuses(tenant.id())).containsEntry(host, "pending");
		assertThat(api().get("/storefront/v1/store").host(host).send().status()).isEqualTo(404);
		assertThat(OwnerSql.operatorAudits("domain.verified", domainId)).isZero();
	}

	@Test
	void domainOfAnotherTenantCannotBeVerifiedOrDetached() {
		TestTenant tenant = fixtures().tenant();
		TestTenant other = fixtures().tenant();
		String host = "shop." + other.slug() + ".example.com";
		String domainId = attach(other.id(), other.storeId(), host).json().path("id").asString();

		Response verified = verify(tenant.id(), domainId, "manual");
		assertThat(verified.status()).as(verified.toString()).isEqualTo(404);
		assertThat(verified.problemType()).isEqualTo("not-found");
		Response detached = api().delete("/platform/v1/tenants/" + tenant.id() + "/domains/" + domainId)
			.operator()
			.send();
		assertThat(detached.status()).as(detached.toString()).isEqualTo(404);
		assertThat(detached.problemType()).isEqualTo("not-found");
		assertThat(domainStatuses(other.id())).containsEntry(host, "pending");
	}

	@Test
	void platformSubdomainCannotBeDetached() {
		TestTenant tenant = fixtures().tenant();
		String domainId = domains(tenant.id()).path(0).path("id").asString();

		Response response = api().delete("/platform/v1/tenants/" + tenant.id() + "/domains/" + domainId)
			.operator()
			.send();
		assertThat(response.status()).as(response.toString()).isEqualTo(422);
		assertThat(response.problemType()).isEqualTo("business-rule");
		assertThat(domainStatuses(tenant.id())).containsEntry(tenant.host(), "verified");
		assertThat(api().get("/storefront/v1/store").host(tenant.host()).send().status()).isEqualTo(200);
		assertThat(OwnerSql.operatorAudits("domain.detached", domainId)).isZero();
	}

	@Test
	void invalidDomainRequestsAre400() {
		TestTenant tenant = fixtures().tenant();
		Response badHost = api().post("/platform/v1/tenants/" + tenant.id() + "/domains")
			.operator()
			.body(Map.of("storeId", tenant.storeId(), "host", "Not A Host"))
			.send();
		assertThat(badHost.status()).as(badHost.toString()).isEqualTo(400);
		assertThat(badHost.problemType()).isEqualTo("validation-failed");
		Response badMethod = verify(tenant.id(), UUID.randomUUID().toString(), "carrier-pigeon");
		assertThat(badMethod.status()).as(badMethod.toString()).isEqualTo(400);
		assertThat(badMethod.problemType()).isEqualTo("validation-failed");
		assertThat(domainStatuses(tenant.id())).containsOnlyKeys(tenant.host());
	}

	// Helpers

	private JsonNode operatorGet(UUID tenantId) {
		Response response = api().get("/platform/v1/tenants/" + tenantId).operator().send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private Response setStatus(TestTenant tenant, String action) {
		return api().post("/platform/v1/tenants/" + tenant.id() + "/" + action).operator().send();
	}

	private Response login(TestTenant tenant) {
		return api().post("/auth/v1/token")
			.body(Map.of("tenant", tenant.slug(), "email", tenant.ownerEmail(), "password", Fixtures.PASSWORD))
			.send();
	}

	private Response attach(UUID tenantId, UUID storeId, String host) {
		return api().post("/platform/v1/tenants/" + tenantId + "/domains")
			.operator()
			.body(Map.of("storeId", storeId, "host", host))
			.send();
	}

	private Response verify(UUID tenantId, String domainId, String method) {
		return api().post("/platform/v1/tenants/" + tenantId + "/domains/" + domainId + "/verify")
			.operator()
			.body(Map.of("method", method))
			.send();
	}

	private JsonNode domains(UUID tenantId) {
		Response response = api().get("/platform/v1/tenants/" + tenantId + "/domains").operator().send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	/** Host → verification status of the tenant's domains, as the operator API lists them. */
	private Map<String, String> domainStatuses(UUID tenantId) {
		Map<String, String> statuses = new LinkedHashMap<>();
		for (JsonNode domain : domains(tenantId)) {
			statuses.put(domain.path("host").asString(), domain.path("verificationStatus").asString());
		}
		return statuses;
	}

	/** Every tenant id the listing returns, following {@code next} page by page. */
	private List<UUID> listAll(String status, int limit) {
		List<UUID> ids = new ArrayList<>();
		String after = null;
		for (int pages = 0; pages < 10_000; pages++) {
			String query = "?limit=" + limit + (status == null ? "" : "&status=" + status)
					+ (after == null ? "" : "&after=" + after);
			Response page = api().get("/platform/v1/tenants" + query).operator().send();
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			JsonNode items = page.json().path("items");
			assertThat(items.size()).isLessThanOrEqualTo(limit);
			for (JsonNode item : items) {
				if (status != null) {
					assertThat(item.path("status").asString()).isEqualTo(status);
				}
				ids.add(UUID.fromString(item.path("id").asString()));
			}
			JsonNode next = page.json().path("next");
			if (next.isNull() || next.isMissingNode()) {
				return ids;
			}
			assertThat(items.size()).isEqualTo(limit);
			assertThat(next.asString()).isEqualTo(items.path(limit - 1).path("id").asString());
			after = next.asString();
		}
		throw new AssertionError("Paging never ended");
	}

	private static String uniqueSlug(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
	}

	private static Map<String, Object> newTenant(String slug, String storeSlug) {
		return Map.of("slug", slug, "name", "Tenant " + slug, "owner",
				Map.of("email", "owner@" + slug + ".example", "fullName", "Owner", "password", Fixtures.PASSWORD),
				"store", Map.of("slug", storeSlug, "name", "Store " + storeSlug));
	}

}
