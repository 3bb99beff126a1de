package io.sokoni.platform.auth;

import static io.sokoni.platform.auth.AdminIsolationIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.OwnerJdbc;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Roles nest (owner includes staff includes viewer): viewers read, staff cannot manage staff, owners
 * manage everything, and a tenant always keeps at least one active owner.
 */
class RolesIT extends ApiTestBase {

	@Test
	void viewerCanReadTheStoreButNotChangeIt() {
		TestTenant tenant = fixtures().tenant();
		String viewer = fixtures().staffMember(tenant, "viewer");

		Response list = api().get("/admin/v1/stores").bearer(viewer).send();
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		Response read = api().get("/admin/v1/stores/" + tenant.storeId()).bearer(viewer).send();
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(api().get("/admin/v1/staff").bearer(viewer).send().status()).isEqualTo(200);

		Response update = api().patch("/admin/v1/stores/" + tenant.storeId())
			.bearer(viewer)
			.body(Map.of("version", 0, "name", "Renamed by viewer", "live", false))
			.send();
		assertProblem(update, 403, "forbidden");

		JsonNode store = store(tenant);
		assertThat(store.path("name").asString()).isEqualTo("Store " + tenant.slug());
		assertThat(store.path("version").asLong()).isZero();
		assertThat(store.path("live").asBoolean()).isTrue();
	}

	@Test
	void staffCannotChangeTheStore() {
		TestTenant tenant = fixtures().tenant();
		String staff = fixtures().staffMember(tenant, "staff");

		assertProblem(api().patch("/admin/v1/stores/" + tenant.storeId())
			.bearer(staff)
			.body(Map.of("version", 0, "name", "Renamed by staff"))
			.send(), 403, "forbidden");
		assertThat(store(tenant).path("version").asLong()).isZero();
	}

	@Test
	void staffAndViewersCannotInvite() {
		TestTenant tenant = fixtures().tenant();
		for (String role : List.of("staff", "viewer")) {
			String token = fixtures().staffMember(tenant, role);
			String email = "by-" + role + "@" + tenant.slug() + ".example";

			assertProblem(api().post("/admin/v1/staff/invites")
				.bearer(token)
				.body(Map.of("email", email, "role", "owner"))
				.send(), 403, "forbidden");
			assertProblem(api().get("/admin/v1/staff/invites").bearer(token).send(), 403, "forbidden");

			assertThat(invites(tenant)).noneMatch(i -> email.equals(i.path("email").asString()));
		}
	}

	@Test
	void staffCannotChangeRolesOrDeactivate() {
		TestTenant tenant = fixtures().tenant();
		Member staff = member(tenant, "staff");
		Member viewer = member(tenant, "viewer");

		// Not even their own role: promoting oneself is the obvious escalation.
		assertProblem(api().patch("/admin/v1/staff/" + staff.id())
			.bearer(staff.token())
			.body(Map.of("role", "owner"))
			.send(), 403, "forbidden");
		assertProblem(api().patch("/admin/v1/staff/" + viewer.id())
			.bearer(staff.token())
			.body(Map.of("role", "staff"))
			.send(), 403, "forbidden");
		assertProblem(api().post("/admin/v1/staff/" + viewer.id() + "/deactivate").bearer(staff.token()).send(), 403,
				"forbidden");
		assertProblem(api().patch("/admin/v1/staff/" + tenant.ownerId())
			.bearer(viewer.token())
			.body(Map.of("role", "viewer"))
			.send(), 403, "forbidden");

		assertThat(staffMember(tenant, staff.id()).path("role").asString()).isEqualTo("staff");
		assertThat(staffMember(tenant, viewer.id()).path("role").asString()).isEqualTo("viewer");
		assertThat(staffMember(tenant, viewer.id()).path("status").asString()).isEqualTo("active");
		assertThat(staffMember(tenant, tenant.ownerId()).path("role").asString()).isEqualTo("owner");
	}

	@Test
	void ownerCanInviteChangeRolesAndDeactivate() {
		TestTenant tenant = fixtures().tenant();
		Member member = member(tenant, "staff");

		Response demoted = api().patch("/admin/v1/staff/" + member.id())
			.bearer(tenant.ownerToken())
			.body(Map.of("role", "viewer"))
			.send();
		assertThat(demoted.status()).as(demoted.toString()).isEqualTo(200);
		assertThat(demoted.json().path("role").asString()).isEqualTo("viewer");
		assertThat(staffMember(tenant, member.id()).path("role").asString()).isEqualTo("viewer");

		// A new sign-in carries the new role, and the role is enforced.
		String email = staffMember(tenant, member.id()).path("email").asString();
		String viewerToken = fixtures().login(tenant.slug(), email, Fixtures.PASSWORD);
		assertProblem(api().patch("/admin/v1/stores/" + tenant.storeId())
			.bearer(viewerToken)
			.body(Map.of("version", 0, "name", "x"))
			.send(), 403, "forbidden");

		Response deactivated = api().post("/admin/v1/staff/" + member.id() + "/deactivate")
			.bearer(tenant.ownerToken())
			.send();
		assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
		assertThat(staffMember(tenant, member.id()).path("status").asString()).isEqualTo("deactivated");
	}

	@Test
	void ownerCanPromoteToOwner() {
		TestTenant tenant = fixtures().tenant();
		Member member = member(tenant, "viewer");

		Response promoted = api().patch("/admin/v1/staff/" + member.id())
			.bearer(tenant.ownerToken())
			.body(Map.of("role", "owner"))
			.send();
		assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
		String email = promoted.json().path("email").asString();
		String ownerToken = fixtures().login(tenant.slug(), email, Fixtures.PASSWORD);
		Response update = api().patch("/admin/v1/stores/" + tenant.storeId())
			.bearer(ownerToken)
			.body(Map.of("version", 0, "name", "Renamed by second owner"))
			.send();
		assertThat(update.status()).as(update.toString()).isEqualTo(200);
	}

	@Test
	void lastActiveOwnerCannotBeDemoted() {
		TestTenant tenant = fixtures().tenant();

		Response demoted = api().patch("/admin/v1/staff/" + tenant.ownerId())
			.bearer(tenant.ownerToken())
			.body(Map.of("role", "staff"))
			.send();
		assertProblem(demoted, 422, "business-rule");

		JsonNode owner = staffMember(tenant, tenant.ownerId());
		assertThat(owner.path("role").asString()).isEqualTo("owner");
		assertThat(owner.path("status").asString()).isEqualTo("active");
	}

	@Test
	void ownerCanStepDownWhileAnotherOwnerRemains() {
		TestTenant tenant = fixtures().tenant();
		Member second = member(tenant, "owner");

		Response demoted = api().patch("/admin/v1/staff/" + tenant.ownerId())
			.bearer(tenant.ownerToken())
			.body(Map.of("role", "staff"))
			.send();
		assertThat(demoted.status()).as(demoted.toString()).isEqualTo(200);

		// Now the second owner is the last one.
		assertProblem(api().patch("/admin/v1/staff/" + second.id())
			.bearer(second.token())
			.body(Map.of("role", "viewer"))
			.send(), 422, "business-rule");
		assertThat(activeOwners(tenant)).containsExactly(second.id().toString());
	}

	@Test
	void ownersDeactivatingEachOtherAtOnceLeaveOneActiveOwner() throws Exception {
		TestTenant tenant = fixtures().tenant();
		Member second = member(tenant, "owner");

		List<Response> responses = concurrently(
				() -> api().post("/admin/v1/staff/" + second.id() + "/deactivate").bearer(tenant.ownerToken()).send(),
				() -> api().post("/admin/v1/staff/" + tenant.ownerId() + "/deactivate").bearer(second.token()).send());

		// The loser is refused either by the last-owner rule (both checks raced) or, when the winner had
		// already committed, because its own account is no longer active.
		assertThat(responses).extracting(Response::status).containsOnlyOnce(200);
		Response refused = responses.stream().filter(r -> r.status() != 200).findFirst().orElseThrow();
		if (refused.status() == 422) {
			assertProblem(refused, 422, "business-rule");
		}
		else {
			assertProblem(refused, 401, "unauthenticated");
		}
		assertThat(activeOwners(tenant)).hasSize(1);
	}

	@Test
	void ownersDemotingEachOtherAtOnceLeaveOneOwner() throws Exception {
		TestTenant tenant = fixtures().tenant();
		Member second = member(tenant, "owner");

		List<Response> responses = concurrently(
				() -> api().patch("/admin/v1/staff/" + second.id())
					.bearer(tenant.ownerToken())
					.body(Map.of("role", "staff"))
					.send(),
				() -> api().patch("/admin/v1/staff/" + tenant.ownerId())
					.bearer(second.token())
					.body(Map.of("role", "staff"))
					.send());

		// The loser is refused by the last-owner rule, or (winner already committed) because its token's
		// owner role is no longer its role.
		assertThat(responses).extracting(Response::status).containsOnlyOnce(200);
		Response refused = responses.stream().filter(r -> r.status() != 200).findFirst().orElseThrow();
		if (refused.status() == 422) {
			assertProblem(refused, 422, "business-rule");
		}
		else {
			assertProblem(refused, 401, "unauthenticated");
		}
		assertThat(activeOwners(tenant)).hasSize(1);
	}

	@Test
	void lastActiveOwnerCannotBeDeactivatedByAnotherOwnerSession() {
		TestTenant tenant = fixtures().tenant();
		Member second = member(tenant, "owner");
		Response first = api().post("/admin/v1/staff/" + second.id() + "/deactivate")
			.bearer(tenant.ownerToken())
			.send();
		assertThat(first.status()).as(first.toString()).isEqualTo(200);

		// The deactivated owner's token, issued before the deactivation, no longer acts at all.
		Response refused = api().post("/admin/v1/staff/" + tenant.ownerId() + "/deactivate")
			.bearer(second.token())
			.send();
		assertProblem(refused, 401, "unauthenticated");
		assertThat(activeOwners(tenant)).containsExactly(tenant.ownerId().toString());
	}

	@Test
	void youCannotDeactivateYourself() {
		TestTenant tenant = fixtures().tenant();
		// A second owner, so only the self rule can refuse it.
		member(tenant, "owner");
		Member staff = member(tenant, "staff");

		Response self = api().post("/admin/v1/staff/" + tenant.ownerId() + "/deactivate")
			.bearer(tenant.ownerToken())
			.send();
		assertProblem(self, 422, "business-rule");
		assertThat(self.json().path("detail").asString()).containsIgnoringCase("yourself");
		assertThat(staffMember(tenant, tenant.ownerId()).path("status").asString()).isEqualTo("active");

		// Staff are refused by role before the self rule applies.
		assertProblem(api().post("/admin/v1/staff/" + staff.id() + "/deactivate").bearer(staff.token()).send(), 403,
				"forbidden");
		assertThat(staffMember(tenant, staff.id()).path("status").asString()).isEqualTo("active");
	}

	@Test
	void soleOwnerCannotDeactivateThemselves() {
		TestTenant tenant = fixtures().tenant();

		assertProblem(api().post("/admin/v1/staff/" + tenant.ownerId() + "/deactivate")
			.bearer(tenant.ownerToken())
			.send(), 422, "business-rule");
		assertThat(activeOwners(tenant)).containsExactly(tenant.ownerId().toString());
	}

	/** A signed-in user of the tenant. */
	private record Member(UUID id, String token) {
	}

	private Member member(TestTenant tenant, String role) {
		String token = fixtures().staffMember(tenant, role);
		Response me = api().get("/admin/v1/me").bearer(token).send();
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.json().path("role").asString()).isEqualTo(role);
		return new Member(UUID.fromString(me.json().path("id").asString()), token);
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

	private List<JsonNode> invites(TestTenant tenant) {
		Response response = api().get("/admin/v1/staff/invites").bearer(tenant.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<JsonNode> invites = new ArrayList<>();
		response.json().forEach(invites::add);
		return invites;
	}

	/** Ids of the tenant's active owners, read from the database (a token may no longer be usable). */
	private static List<String> activeOwners(TestTenant tenant) {
		return OwnerJdbc.inTenant(tenant.id(), c -> {
			List<String> owners = new ArrayList<>();
			try (var rs = c.createStatement()
				.executeQuery("select id from app.users where role = 'owner' and status = 'active' order by id")) {
				while (rs.next()) {
					owners.add(rs.getString(1));
				}
			}
			return owners;
		});
	}

	/** Runs two requests as close to simultaneously as the client allows. */
	private static List<Response> concurrently(Supplier<Response> first, Supplier<Response> second)
			throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Response>> futures = new ArrayList<>();
			for (Supplier<Response> request : List.of(first, second)) {
				futures.add(executor.submit(() -> {
					start.await();
					return request.get();
				}));
			}
			start.countDown();
			List<Response> responses = new ArrayList<>();
			for (Future<Response> future : futures) {
				responses.add(future.get(30, TimeUnit.SECONDS));
			}
			return responses;
		}
	}

}
