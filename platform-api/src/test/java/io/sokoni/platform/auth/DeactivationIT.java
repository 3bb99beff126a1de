package io.sokoni.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.Test;

class DeactivationIT extends ApiTestBase {

	@Test
	void deactivatedStaffLoseAccessBeforeTheirTokenExpires() {
		TestTenant tenant = fixtures().tenant();
		String staffToken = fixtures().staffMember(tenant, "staff");
		Response me = api().get("/admin/v1/me").bearer(staffToken).send();
		assertThat(me.status()).isEqualTo(200);
		String staffId = me.json().path("id").asString();

		Response deactivated = api().post("/admin/v1/staff/" + staffId + "/deactivate").bearer(tenant.ownerToken()).send();
		assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
		assertThat(deactivated.json().path("status").asString()).isEqualTo("deactivated");

		Response refused = api().get("/admin/v1/stores").bearer(staffToken).send();
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.problemType()).isEqualTo("unauthenticated");
		assertThat(api().get("/admin/v1/stores").bearer(tenant.ownerToken()).send().status()).isEqualTo(200);
	}

	@Test
	void demotedOwnerLosesOwnerRightsBeforeTheTokenExpires() {
		TestTenant tenant = fixtures().tenant();
		String secondOwner = fixtures().staffMember(tenant, "owner");
		String secondId = api().get("/admin/v1/me").bearer(secondOwner).send().json().path("id").asString();

		Response demoted = api().patch("/admin/v1/staff/" + secondId)
			.bearer(tenant.ownerToken())
			.body(java.util.Map.of("role", "viewer"))
			.send();
		assertThat(demoted.status()).as(demoted.toString()).isEqualTo(200);

		Response stale = api().patch("/admin/v1/stores/" + tenant.storeId())
			.bearer(secondOwner)
			.body(java.util.Map.of("version", 0, "name", "Taken over"))
			.send();
		assertThat(stale.status()).isEqualTo(401);
		assertThat(api().get("/admin/v1/stores/" + tenant.storeId()).bearer(tenant.ownerToken()).send().json()
			.path("name").asString()).isNotEqualTo("Taken over");
		String asViewer = fixtures().login(tenant.slug(), api().get("/admin/v1/staff/" + secondId)
			.bearer(tenant.ownerToken()).send().json().path("email").asString(), io.sokoni.platform.support.Fixtures.PASSWORD);
		assertThat(api().get("/admin/v1/stores").bearer(asViewer).send().status()).isEqualTo(200);
	}

}
