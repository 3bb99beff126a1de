package io.sokoni.platform.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LocationIT extends ApiTestBase {

	@Test
	void locationIsCreatedReadUpdatedDeactivatedAndActivated() {
		TestTenant tenant = fixtures().tenant();
		Response created = api().post("/admin/v1/locations")
			.bearer(tenant.ownerToken())
			.body(Map.of("storeId", tenant.storeId(), "code", "WH-1", "name", "Industrial Area warehouse", "area",
					"Industrial Area"))
			.send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode body = created.json();
		String id = body.path("id").asString();
		assertThat(body.path("storeId").asString()).isEqualTo(tenant.storeId().toString());
		assertThat(body.path("code").asString()).isEqualTo("WH-1");
		assertThat(body.path("area").asString()).isEqualTo("Industrial Area");
		assertThat(body.path("status").asString()).isEqualTo("active");

		Response got = api().get("/admin/v1/locations/" + id).bearer(tenant.ownerToken()).send();
		assertThat(got.status()).isEqualTo(200);
		assertThat(got.json().path("name").asString()).isEqualTo("Industrial Area warehouse");

		Response updated = api().patch("/admin/v1/locations/" + id)
			.bearer(tenant.ownerToken())
			.body(Map.of("name", "Main warehouse", "code", "WH-MAIN"))
			.send();
		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.json().path("name").asString()).isEqualTo("Main warehouse");
		assertThat(updated.json().path("code").asString()).isEqualTo("WH-MAIN");
		assertThat(updated.json().path("area").asString()).as("absent fields stay").isEqualTo("Industrial Area");

		Response deactivated = api().post("/admin/v1/locations/" + id + "/deactivate").bearer(tenant.ownerToken()).send();
		assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
		assertThat(deactivated.json().path("status").asString()).isEqualTo("inactive");
		assertThat(ids(api().get("/admin/v1/locations?status=inactive").bearer(tenant.ownerToken()).send()))
			.containsExactly(id);
		assertThat(ids(api().get("/admin/v1/locations?status=active").bearer(tenant.ownerToken()).send())).isEmpty();

		Response activated = api().post("/admin/v1/locations/" + id + "/activate").bearer(tenant.ownerToken()).send();
		assertThat(activated.json().path("status").asString()).isEqualTo("active");
	}

	@Test
	void duplicateCodeInTheSameStoreIs409Duplicate() {
		TestTenant tenant = fixtures().tenant();
		StockFixtures stock = new StockFixtures(api());
		UUID otherStore = stock.store(tenant);
		Map<String, Object> location = Map.of("storeId", tenant.storeId(), "code", "SHOP", "name", "Shop");
		assertThat(api().post("/admin/v1/locations").bearer(tenant.ownerToken()).body(location).send().status())
			.isEqualTo(201);

		Response duplicate = api().post("/admin/v1/locations").bearer(tenant.ownerToken()).body(location).send();
		assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
		assertThat(duplicate.problemType()).isEqualTo("duplicate");
		assertThat(duplicate.json().path("detail").asString())
			.isEqualTo("A location with this code already exists in this store");

		Response sameCodeOtherStore = api().post("/admin/v1/locations")
			.bearer(tenant.ownerToken())
			.body(Map.of("storeId", otherStore, "code", "SHOP", "name", "Shop"))
			.send();
		assertThat(sameCodeOtherStore.status()).as("codes are unique per store").isEqualTo(201);

		String second = api().post("/admin/v1/locations")
			.bearer(tenant.ownerToken())
			.body(Map.of("storeId", tenant.storeId(), "code", "STALL", "name", "Stall"))
			.send()
			.json()
			.path("id")
			.asString();
		Response renamed = api().patch("/admin/v1/locations/" + second)
			.bearer(tenant.ownerToken())
			.body(Map.of("code", "SHOP"))
			.send();
		assertThat(renamed.status()).isEqualTo(409);
		assertThat(renamed.problemType()).isEqualTo("duplicate");
		assertThat(api().get("/admin/v1/locations/" + second).bearer(tenant.ownerToken()).send().json().path("code")
			.asString()).isEqualTo("STALL");
	}

	@Test
	void storeOfAnotherTenantOrUnknownIs404AndNothingIsCreated() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		for (UUID storeId : List.of(b.storeId(), UUID.randomUUID())) {
			Response response = api().post("/admin/v1/locations")
				.bearer(a.ownerToken())
				.body(Map.of("storeId", storeId, "code", "X1", "name", "Somewhere"))
				.send();
			assertThat(response.status()).as(response.toString()).isEqualTo(404);
			assertThat(response.problemType()).isEqualTo("not-found");
		}
		assertThat(ids(api().get("/admin/v1/locations").bearer(a.ownerToken()).send())).isEmpty();
		assertThat(ids(api().get("/admin/v1/locations").bearer(b.ownerToken()).send())).isEmpty();
	}

	@Test
	void invalidInputIs400WithFieldErrors() {
		TestTenant tenant = fixtures().tenant();
		Response response = api().post("/admin/v1/locations")
			.bearer(tenant.ownerToken())
			.body(Map.of("code", "-bad code", "name", " "))
			.send();
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.problemType()).isEqualTo("validation-failed");
		List<String> fields = new ArrayList<>();
		response.json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
		assertThat(fields).contains("storeId", "code", "name");

		Response tooLong = api().post("/admin/v1/locations")
			.bearer(tenant.ownerToken())
			.body(Map.of("storeId", tenant.storeId(), "code", "A".repeat(33), "name", "Shop"))
			.send();
		assertThat(tooLong.status()).isEqualTo(400);

		Response blankRename = api().patch("/admin/v1/locations/" + new StockFixtures(api()).location(tenant))
			.bearer(tenant.ownerToken())
			.body(Map.of("name", "   "))
			.send();
		assertThat(blankRename.status()).as(blankRename.toString()).isEqualTo(400);

		Response badStatus = api().get("/admin/v1/locations?status=closed").bearer(tenant.ownerToken()).send();
		assertThat(badStatus.status()).isEqualTo(400);
		assertThat(api().get("/admin/v1/locations?limit=1000").bearer(tenant.ownerToken()).send().status())
			.isEqualTo(400);
	}

	@Test
	void unknownLocationIs404() {
		TestTenant tenant = fixtures().tenant();
		String path = "/admin/v1/locations/" + UUID.randomUUID();
		assertThat(api().get(path).bearer(tenant.ownerToken()).send().status()).isEqualTo(404);
		assertThat(api().patch(path).bearer(tenant.ownerToken()).body(Map.of("name", "X")).send().status())
			.isEqualTo(404);
		assertThat(api().post(path + "/deactivate").bearer(tenant.ownerToken()).send().status()).isEqualTo(404);
	}

	@Test
	void viewerReadsButOnlyStaffAndOwnersChange() {
		TestTenant tenant = fixtures().tenant();
		String viewer = fixtures().staffMember(tenant, "viewer");
		String staff = fixtures().staffMember(tenant, "staff");
		UUID location = new StockFixtures(api()).location(tenant);

		assertThat(api().get("/admin/v1/locations/" + location).bearer(viewer).send().status()).isEqualTo(200);
		Response denied = api().post("/admin/v1/locations")
			.bearer(viewer)
			.body(Map.of("storeId", tenant.storeId(), "code", "V1", "name", "Viewer's"))
			.send();
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.problemType()).isEqualTo("forbidden");
		assertThat(api().post("/admin/v1/locations/" + location + "/deactivate").bearer(viewer).send().status())
			.isEqualTo(403);
		assertThat(api().get("/admin/v1/locations/" + location).bearer(viewer).send().json().path("status").asString())
			.isEqualTo("active");

		Response byStaff = api().post("/admin/v1/locations")
			.bearer(staff)
			.body(Map.of("storeId", tenant.storeId(), "code", "S1", "name", "Staff's"))
			.send();
		assertThat(byStaff.status()).isEqualTo(201);
		assertThat(api().get("/admin/v1/locations").send().status()).as("no token").isEqualTo(401);
	}

	@Test
	void listIsKeysetPaged() {
		TestTenant tenant = fixtures().tenant();
		StockFixtures stock = new StockFixtures(api());
		List<String> created = List.of(stock.location(tenant).toString(), stock.location(tenant).toString(),
				stock.location(tenant).toString());

		Response first = api().get("/admin/v1/locations?limit=2").bearer(tenant.ownerToken()).send();
		assertThat(ids(first)).containsExactlyElementsOf(created.subList(0, 2));
		String next = first.json().path("next").asString();
		assertThat(next).isEqualTo(created.get(1));

		Response second = api().get("/admin/v1/locations?limit=2&after=" + next).bearer(tenant.ownerToken()).send();
		assertThat(ids(second)).containsExactly(created.get(2));
		assertThat(second.json().path("next").isNull()).isTrue();
	}

	static List<String> ids(Response page) {
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		page.json().path("items").forEach(item -> ids.add(item.path("id").asString()));
		return ids;
	}

}
