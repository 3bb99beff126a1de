package io.sokoni.platform.delivery;

import static io.sokoni.platform.delivery.DeliveryFixtures.auditCount;
import static io.sokoni.platform.delivery.DeliveryFixtures.fields;
import static io.sokoni.platform.delivery.DeliveryFixtures.ids;
import static io.sokoni.platform.delivery.DeliveryFixtures.zoneRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DeliveryZoneIT extends ApiTestBase {

	private static final String ZONES = "/admin/v1/delivery-zones";

	@Test
	void zoneIsCreatedReadUpdatedDeactivatedActivatedAndDeleted() {
		TestTenant tenant = fixtures().tenant();
		Map<String, Object> request = zoneRequest(tenant, "Westlands", "Westlands", "  Parklands  ", "Spring Valley");
		request.put("minOrderCents", 50000);
		request.put("freeDeliveryThresholdCents", 500000);
		Response created = api().post(ZONES).bearer(tenant.ownerToken()).body(request).send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode zone = created.json();
		String id = zone.path("id").asString();
		assertThat(created.header("Location")).isEqualTo(ZONES + "/" + id);
		assertThat(zone.path("storeId").asString()).isEqualTo(tenant.storeId().toString());
		assertThat(zone.path("name").asString()).isEqualTo("Westlands");
		assertThat(texts(zone.path("cityAreas"))).containsExactly("Parklands", "Spring Valley", "Westlands");
		assertThat(zone.path("feeCents").asLong()).isEqualTo(20000);
		assertThat(zone.path("minOrderCents").asLong()).isEqualTo(50000);
		assertThat(zone.path("freeDeliveryThresholdCents").asLong()).isEqualTo(500000);
		assertThat(zone.path("etaMinutes").asInt()).isEqualTo(90);
		assertThat(zone.path("isDefault").asBoolean()).isFalse();
		assertThat(zone.path("isActive").asBoolean()).isTrue();
		assertThat(zone.path("version").asLong()).isZero();
		assertThat(areaKeys(tenant, UUID.fromString(id))).containsExactly("parklands", "spring valley", "westlands");

		Response got = api().get(ZONES + "/" + id).bearer(tenant.ownerToken()).send();
		assertThat(got.status()).isEqualTo(200);
		assertThat(got.json().path("name").asString()).isEqualTo("Westlands");

		Response updated = api().patch(ZONES + "/" + id)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "name", "Westlands & Parklands", "feeCents", 25000, "cityAreas",
					List.of("Parklands", "Highridge")))
			.send();
		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.json().path("name").asString()).isEqualTo("Westlands & Parklands");
		assertThat(updated.json().path("feeCents").asLong()).isEqualTo(25000);
		assertThat(updated.json().path("minOrderCents").asLong()).as("absent fields stay").isEqualTo(50000);
		assertThat(updated.json().path("freeDeliveryThresholdCents").asLong()).isEqualTo(500000);
		assertThat(texts(updated.json().path("cityAreas"))).containsExactly("Highridge", "Parklands");
		assertThat(updated.json().path("version").asLong()).isEqualTo(1);
		assertThat(areaKeys(tenant, UUID.fromString(id))).containsExactly("highridge", "parklands");

		Map<String, Object> clear = Map.of("version", 1, "removeFreeDeliveryThreshold", true);
		Response conflicting = api().patch(ZONES + "/" + id)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 1, "removeFreeDeliveryThreshold", true, "freeDeliveryThresholdCents", 5))
			.send();
		assertThat(conflicting.status()).as(conflicting.toString()).isEqualTo(400);
		Response cleared = api().patch(ZONES + "/" + id).bearer(tenant.ownerToken()).body(clear).send();
		assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
		assertThat(cleared.json().path("freeDeliveryThresholdCents").isNull()).isTrue();
		assertThat(cleared.json().path("feeCents").asLong()).isEqualTo(25000);

		Response deactivated = api().post(ZONES + "/" + id + "/deactivate").bearer(tenant.ownerToken()).send();
		assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
		assertThat(deactivated.json().path("isActive").asBoolean()).isFalse();
		assertThat(ids(api().get(ZONES + "?status=inactive").bearer(tenant.ownerToken()).send())).containsExactly(id);
		assertThat(ids(api().get(ZONES + "?status=active").bearer(tenant.ownerToken()).send())).isEmpty();
		Response activated = api().post(ZONES + "/" + id + "/activate").bearer(tenant.ownerToken()).send();
		assertThat(activated.json().path("isActive").asBoolean()).isTrue();

		Response deleted = api().delete(ZONES + "/" + id).bearer(tenant.ownerToken()).send();
		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
		assertThat(api().get(ZONES + "/" + id).bearer(tenant.ownerToken()).send().status()).isEqualTo(404);
		assertThat(areaKeys(tenant, UUID.fromString(id))).isEmpty();

		for (String action : List.of("delivery_zone.created", "delivery_zone.updated", "delivery_zone.deactivated",
				"delivery_zone.activated", "delivery_zone.deleted")) {
			assertThat(auditCount(tenant, action)).as(action).isPositive();
		}
	}

	@Test
	void staleVersionIs409AndChangesNothing() {
		TestTenant tenant = fixtures().tenant();
		String id = new DeliveryFixtures(api()).zone(tenant, "CBD", "CBD").path("id").asString();
		assertThat(api().patch(ZONES + "/" + id).bearer(tenant.ownerToken()).body(Map.of("version", 0, "feeCents", 1))
			.send()
			.status()).isEqualTo(200);
		Response stale = api().patch(ZONES + "/" + id)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "feeCents", 2, "cityAreas", List.of("Upper Hill")))
			.send();
		assertThat(stale.status()).as(stale.toString()).isEqualTo(409);
		assertThat(stale.problemType()).isEqualTo("stale-version");
		JsonNode zone = api().get(ZONES + "/" + id).bearer(tenant.ownerToken()).send().json();
		assertThat(zone.path("feeCents").asLong()).isEqualTo(1);
		assertThat(texts(zone.path("cityAreas"))).containsExactly("CBD");
	}

	@Test
	void areaServedByAnotherZoneIs409NamingItAndNothingIsSaved() {
		TestTenant tenant = fixtures().tenant();
		DeliveryFixtures delivery = new DeliveryFixtures(api());
		String west = delivery.zone(tenant, "West", "Kilimani", "Lavington").path("id").asString();

		Response clash = api().post(ZONES)
			.bearer(tenant.ownerToken())
			.body(zoneRequest(tenant, "South", "Karen", "  LAVINGTON "))
			.send();
		assertThat(clash.status()).as(clash.toString()).isEqualTo(409);
		assertThat(clash.problemType()).isEqualTo("duplicate");
		assertThat(clash.json().path("detail").asString()).contains("Lavington").contains("\"West\"");
		assertThat(ids(api().get(ZONES).bearer(tenant.ownerToken()).send())).as("no zone without its areas")
			.containsExactly(west);

		String south = delivery.zone(tenant, "South", "Karen").path("id").asString();
		Response moved = api().patch(ZONES + "/" + south)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "name", "South-West", "cityAreas", List.of("Karen", "kilimani")))
			.send();
		assertThat(moved.status()).as(moved.toString()).isEqualTo(409);
		assertThat(moved.json().path("detail").asString()).contains("Kilimani");
		JsonNode unchanged = api().get(ZONES + "/" + south).bearer(tenant.ownerToken()).send().json();
		assertThat(unchanged.path("name").asString()).isEqualTo("South");
		assertThat(texts(unchanged.path("cityAreas"))).containsExactly("Karen");
		assertThat(unchanged.path("version").asLong()).isZero();

		// A zone may keep its own areas when its list is rewritten, and another store may list the same area.
		Response relisted = api().patch(ZONES + "/" + west)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "cityAreas", List.of("kilimani", "Lavington", "Kileleshwa")))
			.send();
		assertThat(relisted.status()).as(relisted.toString()).isEqualTo(200);
	}

	@Test
	void onlyOneDefaultZonePerStore() {
		TestTenant tenant = fixtures().tenant();
		DeliveryFixtures delivery = new DeliveryFixtures(api());
		delivery.zone(tenant, "Everywhere else", List.of("Nairobi"), z -> z.put("isDefault", true));
		Map<String, Object> second = zoneRequest(tenant, "Outskirts", "Ruiru");
		second.put("isDefault", true);
		Response duplicate = api().post(ZONES).bearer(tenant.ownerToken()).body(second).send();
		assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
		assertThat(duplicate.json().path("detail").asString())
			.isEqualTo("This store already has a default delivery zone");

		String outskirts = delivery.zone(tenant, "Outskirts", "Ruiru").path("id").asString();
		Response promoted = api().patch(ZONES + "/" + outskirts)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "isDefault", true))
			.send();
		assertThat(promoted.status()).as(promoted.toString()).isEqualTo(409);
		assertThat(api().get(ZONES + "/" + outskirts).bearer(tenant.ownerToken()).send().json().path("isDefault")
			.asBoolean()).isFalse();
	}

	@Test
	void duplicateNameInTheStoreIs409() {
		TestTenant tenant = fixtures().tenant();
		new DeliveryFixtures(api()).zone(tenant, "CBD", "CBD");
		Response duplicate = api().post(ZONES).bearer(tenant.ownerToken()).body(zoneRequest(tenant, "CBD", "Ngara"))
			.send();
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.json().path("detail").asString())
			.isEqualTo("A delivery zone with this name already exists in this store");
	}

	@Test
	void invalidInputIs400WithFieldErrorsAndSavesNothing() {
		TestTenant tenant = fixtures().tenant();
		Map<String, Object> bad = new HashMap<>();
		bad.put("name", " ");
		bad.put("cityAreas", List.of());
		bad.put("feeCents", -1);
		bad.put("minOrderCents", -5);
		bad.put("freeDeliveryThresholdCents", -1);
		bad.put("etaMinutes", 0);
		Response response = api().post(ZONES).bearer(tenant.ownerToken()).body(bad).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.problemType()).isEqualTo("validation-failed");
		assertThat(fields(response)).contains("storeId", "name", "cityAreas", "feeCents", "minOrderCents",
				"freeDeliveryThresholdCents", "etaMinutes");

		Map<String, Object> twice = zoneRequest(tenant, "Twice", "Karen", "karen ");
		Response listedTwice = api().post(ZONES).bearer(tenant.ownerToken()).body(twice).send();
		assertThat(listedTwice.status()).as(listedTwice.toString()).isEqualTo(400);
		assertThat(listedTwice.json().path("errors").get(0).path("message").asString()).contains("listed twice");

		Response badName = api().post(ZONES).bearer(tenant.ownerToken())
			.body(zoneRequest(tenant, "Odd", "Karen", "<script>"))
			.send();
		assertThat(badName.status()).as(badName.toString()).isEqualTo(400);
		assertThat(fields(badName)).containsExactly("cityAreas[1]");

		List<String> tooMany = IntStream.rangeClosed(1, 201).mapToObj(i -> "Area " + i).toList();
		assertThat(api().post(ZONES).bearer(tenant.ownerToken())
			.body(zoneRequest(tenant, "Big", tooMany.toArray(String[]::new)))
			.send()
			.status()).isEqualTo(400);
		Map<String, Object> longEta = zoneRequest(tenant, "Slow", "Kitengela");
		longEta.put("etaMinutes", 43201);
		assertThat(api().post(ZONES).bearer(tenant.ownerToken()).body(longEta).send().status()).isEqualTo(400);
		assertThat(api().post(ZONES).bearer(tenant.ownerToken()).raw("{\"storeId\": 12").send().status())
			.isEqualTo(400);
		assertThat(ids(api().get(ZONES).bearer(tenant.ownerToken()).send())).isEmpty();

		String id = new DeliveryFixtures(api()).zone(tenant, "CBD", "CBD").path("id").asString();
		Response noVersion = api().patch(ZONES + "/" + id).bearer(tenant.ownerToken()).body(Map.of("feeCents", 1))
			.send();
		assertThat(noVersion.status()).isEqualTo(400);
		assertThat(fields(noVersion)).containsExactly("version");
		Response emptyAreas = api().patch(ZONES + "/" + id)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "cityAreas", List.of(), "name", "  "))
			.send();
		assertThat(emptyAreas.status()).isEqualTo(400);
		assertThat(fields(emptyAreas)).contains("cityAreas", "name");
		Response negativeThreshold = api().patch(ZONES + "/" + id)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "freeDeliveryThresholdCents", -1))
			.send();
		assertThat(negativeThreshold.status()).as(negativeThreshold.toString()).isEqualTo(400);
		assertThat(api().get(ZONES + "?status=closed").bearer(tenant.ownerToken()).send().status()).isEqualTo(400);
		assertThat(api().get(ZONES + "?limit=101").bearer(tenant.ownerToken()).send().status()).isEqualTo(400);
		assertThat(api().get(ZONES + "/" + id).bearer(tenant.ownerToken()).send().json().path("version").asLong())
			.isZero();
	}

	@Test
	void unknownZoneOrStoreIs404() {
		TestTenant tenant = fixtures().tenant();
		String path = ZONES + "/" + UUID.randomUUID();
		assertThat(api().get(path).bearer(tenant.ownerToken()).send().status()).isEqualTo(404);
		assertThat(api().patch(path).bearer(tenant.ownerToken()).body(Map.of("version", 0)).send().status())
			.isEqualTo(404);
		assertThat(api().post(path + "/deactivate").bearer(tenant.ownerToken()).send().status()).isEqualTo(404);
		assertThat(api().delete(path).bearer(tenant.ownerToken()).send().status()).isEqualTo(404);
		Map<String, Object> unknownStore = zoneRequest(tenant, "X", "Karen");
		unknownStore.put("storeId", UUID.randomUUID());
		Response response = api().post(ZONES).bearer(tenant.ownerToken()).body(unknownStore).send();
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.problemType()).isEqualTo("not-found");
	}

	@Test
	void viewerReadsButOnlyStaffAndOwnersChange() {
		TestTenant tenant = fixtures().tenant();
		String viewer = fixtures().staffMember(tenant, "viewer");
		String staff = fixtures().staffMember(tenant, "staff");
		String id = new DeliveryFixtures(api()).zone(tenant, "CBD", "CBD").path("id").asString();

		assertThat(api().get(ZONES + "/" + id).bearer(viewer).send().status()).isEqualTo(200);
		assertThat(api().post(ZONES).bearer(viewer).body(zoneRequest(tenant, "V", "Karen")).send().status())
			.isEqualTo(403);
		assertThat(api().patch(ZONES + "/" + id).bearer(viewer).body(Map.of("version", 0, "feeCents", 1)).send()
			.status()).isEqualTo(403);
		assertThat(api().post(ZONES + "/" + id + "/deactivate").bearer(viewer).send().status()).isEqualTo(403);
		assertThat(api().delete(ZONES + "/" + id).bearer(viewer).send().status()).isEqualTo(403);
		assertThat(api().get(ZONES + "/" + id).bearer(viewer).send().json().path("version").asLong()).isZero();

		assertThat(api().post(ZONES).bearer(staff).body(zoneRequest(tenant, "S", "Karen")).send().status())
			.isEqualTo(201);
		assertThat(api().get(ZONES).send().status()).as("no token").isEqualTo(401);
	}

	@Test
	void listIsKeysetPagedAndFilteredByStore() {
		TestTenant tenant = fixtures().tenant();
		DeliveryFixtures delivery = new DeliveryFixtures(api());
		List<String> created = new ArrayList<>();
		for (String area : List.of("Karen", "Langata", "Embakasi")) {
			created.add(delivery.zone(tenant, "Zone " + area, area).path("id").asString());
		}
		Response first = api().get(ZONES + "?limit=2&storeId=" + tenant.storeId()).bearer(tenant.ownerToken()).send();
		assertThat(ids(first)).containsExactlyElementsOf(created.subList(0, 2));
		String next = first.json().path("next").asString();
		Response second = api().get(ZONES + "?limit=2&storeId=" + tenant.storeId() + "&after=" + next)
			.bearer(tenant.ownerToken())
			.send();
		assertThat(ids(second)).containsExactly(created.get(2));
		assertThat(second.json().path("next").isNull()).isTrue();
		assertThat(ids(api().get(ZONES + "?storeId=" + UUID.randomUUID()).bearer(tenant.ownerToken()).send()))
			.isEmpty();
	}

	static List<String> texts(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach(v -> values.add(v.asString()));
		return values;
	}

	static List<String> areaKeys(TestTenant tenant, UUID zoneId) {
		List<String> keys = TenantSql.call(tenant.id(), jdbc -> jdbc.queryForList(
				"select area_key from app.delivery_zone_areas where tenant_id = ? and zone_id = ?", String.class,
				tenant.id(), zoneId));
		List<String> sorted = new ArrayList<>(keys);
		Collections.sort(sorted);
		return sorted;
	}

}
