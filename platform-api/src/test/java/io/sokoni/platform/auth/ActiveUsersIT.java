package io.sokoni.platform.auth;

import static io.sokoni.platform.auth.AdminIsolationIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.sokoni.platform.database.ChangeNotices;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.Test;

/**
 * The active-user check is per (tenant, user) and follows changes made on other instances.
 */
class ActiveUsersIT extends ApiTestBase {

	/**
	 * A validly signed token naming tenant B with tenant A's owner id is not an owner of B, even right
	 * after A's owner was checked and cached (Sokoni never signs such a token; the check must not rely
	 * on that).
	 */
	@Test
	void aUserIdIsNotActiveInAnotherTenant() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		assertThat(api().get("/admin/v1/me").bearer(a.ownerToken()).send().status()).isEqualTo(200);

		String forged = context.getBean(TokenService.class)
			.issue(TenantId.of(b.id()), a.ownerId(), a.ownerEmail(), Role.OWNER, 0)
			.value();
		assertProblem(api().get("/admin/v1/stores").bearer(forged).send(), 401, "unauthenticated");
	}

	/**
	 * Another instance demoted the user (here: behind this instance's back, then its notice): this
	 * instance drops its cached standing when told, not 5 s later.
	 */
	@Test
	void anotherInstancesNoticeDropsTheCachedStanding() {
		TestTenant tenant = fixtures().tenant();
		String secondOwner = fixtures().staffMember(tenant, "owner");
		String secondId = api().get("/admin/v1/me").bearer(secondOwner).send().json().path("id").asString();

		TenantSql.run(tenant.id(),
				jdbc -> jdbc.update("update app.users set role = 'viewer' where id = ?::uuid", secondId));
		// Long enough for the cache (5 s) to serve the old role the whole time were it not told.
		assertThat(api().get("/admin/v1/stores").bearer(secondOwner).send().status()).as("still cached").isEqualTo(200);
		TenantSql.run(null, jdbc -> jdbc.queryForList("select pg_notify(?, ?)", ChangeNotices.CHANNEL,
				"another-instance:" + ActiveUsers.TOPIC + ":" + tenant.id() + ":" + secondId));

		await().atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> api().get("/admin/v1/stores").bearer(secondOwner).send().status() == 401);
	}

	@Test
	void deactivationEndsTheTokenEvenIfTheStatusWereRestored() {
		TestTenant tenant = fixtures().tenant();
		String staffToken = fixtures().staffMember(tenant, "staff");
		String staffId = api().get("/admin/v1/me").bearer(staffToken).send().json().path("id").asString();
		Response deactivated = api().post("/admin/v1/staff/" + staffId + "/deactivate")
			.bearer(tenant.ownerToken())
			.send();
		assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);

		// Reactivated behind the application's back (there is no endpoint for it yet): the old token
		// stays dead, its version is behind.
		TenantSql.run(tenant.id(),
				jdbc -> jdbc.update("update app.users set status = 'active' where id = ?::uuid", staffId));
		TenantSql.run(null, jdbc -> jdbc.queryForList("select pg_notify(?, ?)", ChangeNotices.CHANNEL,
				"another-instance:" + ActiveUsers.TOPIC + ":" + tenant.id() + ":" + staffId));
		assertProblem(api().get("/admin/v1/stores").bearer(staffToken).send(), 401, "unauthenticated");
		assertThat(api().get("/admin/v1/staff/" + staffId).bearer(tenant.ownerToken()).send().json()
			.path("status").asString()).isEqualTo("active");
	}

}
