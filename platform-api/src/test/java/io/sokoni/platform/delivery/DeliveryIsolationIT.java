package io.sokoni.platform.delivery;

import static io.sokoni.platform.delivery.DeliveryFixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Tenant A can neither see nor change tenant B's zones, partners or deliveries through any endpoint, and
 * B's zones never price A's deliveries. (Creating deliveries goes through the order lifecycle and is
 * covered in DeliveryDispatchIT.)
 */
class DeliveryIsolationIT extends ApiTestBase {

	private TestTenant a;

	private TestTenant b;

	private JsonNode bZone;

	private JsonNode bPartner;

	private UUID bOrder;

	private UUID bDelivery;

	private UUID aDelivery;

	@BeforeEach
	void twoTenants() {
		DeliveryFixtures delivery = new DeliveryFixtures(api());
		a = fixtures().tenant();
		b = fixtures().tenant();
		delivery.zone(a, "A West", "Kilimani");
		bZone = delivery.zone(b, "B everywhere", List.of("Karen", "Westlands"), z -> z.put("isDefault", true));
		delivery.partner(a, "A riders", p -> {
		});
		bPartner = delivery.partner(b, "B riders", p -> p.put("config", Map.of("apiKey", "b-secret-key-123456")));
		bOrder = DeliveryFixtures.order(b, "packing");
		bDelivery = DeliveryFixtures.delivery(b, bOrder, "pending");
		aDelivery = DeliveryFixtures.delivery(a, DeliveryFixtures.order(a, "packing"), "pending");
	}

	@Test
	void foreignZonesAreNotFound() {
		String path = "/admin/v1/delivery-zones/" + bZone.path("id").asString();
		assertNotFound(api().get(path));
		assertNotFound(api().patch(path).body(Map.of("version", 0, "name", "Taken", "cityAreas", List.of("Kilimani"))));
		assertNotFound(api().post(path + "/deactivate"));
		assertNotFound(api().post(path + "/activate"));
		assertNotFound(api().delete(path));
		assertNotFound(api().post("/admin/v1/delivery-zones")
			.body(DeliveryFixtures.zoneRequest(b, "Hijack", "Runda")));

		JsonNode own = ownerOfB(path);
		assertThat(own.path("name").asString()).isEqualTo("B everywhere");
		assertThat(own.path("version").asLong()).isZero();
		assertThat(own.path("isActive").asBoolean()).isTrue();
		assertThat(DeliveryZoneIT.texts(own.path("cityAreas"))).containsExactly("Karen", "Westlands");
	}

	@Test
	void foreignPartnersAreNotFound() {
		String path = "/admin/v1/delivery-partners/" + bPartner.path("id").asString();
		assertNotFound(api().get(path));
		assertNotFound(api().patch(path).body(Map.of("version", 0, "name", "Taken", "config", Map.of())));
		assertNotFound(api().post(path + "/deactivate"));
		assertNotFound(api().post(path + "/activate"));
		assertNotFound(api().post("/admin/v1/delivery-partners")
			.body(Map.of("storeId", b.storeId(), "name", "Hijack", "provider", "manual")));

		JsonNode own = ownerOfB(path);
		assertThat(own.path("name").asString()).isEqualTo("B riders");
		assertThat(own.path("version").asLong()).isZero();
		assertThat(own.path("isActive").asBoolean()).isTrue();
	}

	@Test
	void foreignDeliveriesAreNotFound() {
		String path = "/admin/v1/deliveries/" + bDelivery;
		assertNotFound(api().get(path));
		assertNotFound(api().patch(path).body(Map.of("version", 0, "trackingCode", "STOLEN")));
		assertNotFound(api().post(path + "/status").body(Map.of("status", "accepted")));
		assertNotFound(api().post(path + "/status").body(Map.of("status", "failed", "failureReason", "x")));
		// A's own delivery cannot be handed to B's partner.
		assertNotFound(api().patch("/admin/v1/deliveries/" + aDelivery)
			.body(Map.of("version", 0, "partnerId", bPartner.path("id").asString())));

		JsonNode own = ownerOfB(path);
		assertThat(own.path("status").asString()).isEqualTo("pending");
		assertThat(own.path("trackingCode").asString()).isEqualTo("TRK-1");
		assertThat(own.path("version").asLong()).isZero();
		assertThat(DeliveryFixtures.orderStatus(b, bOrder)).isEqualTo("packing");
		assertThat(api().get("/admin/v1/deliveries/" + aDelivery).bearer(a.ownerToken()).send().json()
			.path("partnerId").isNull()).isTrue();
	}

	@Test
	void listsNeverShowAnotherTenantsRows() {
		assertThat(asA("/admin/v1/delivery-zones").path("items").size()).isEqualTo(1);
		assertThat(asA("/admin/v1/delivery-zones").toString()).doesNotContain(bZone.path("id").asString());
		assertThat(asA("/admin/v1/delivery-zones?storeId=" + b.storeId()).path("items").size()).isZero();
		assertThat(asA("/admin/v1/delivery-partners").path("items").size()).isEqualTo(1);
		assertThat(asA("/admin/v1/delivery-partners").toString()).doesNotContain(bPartner.path("id").asString());
		assertThat(asA("/admin/v1/delivery-partners?storeId=" + b.storeId()).path("items").size()).isZero();
		// another tenant's order is as unknown as one that does not exist: 404, as for its payments
		assertThat(api().get("/admin/v1/orders/" + bOrder + "/deliveries").bearer(a.ownerToken()).send().status())
			.isEqualTo(404);
		assertThat(api().get("/admin/v1/orders/" + UUID.randomUUID() + "/deliveries").bearer(a.ownerToken()).send()
			.status()).isEqualTo(404);
		assertThat(ids(api().get("/admin/v1/orders/" + bOrder + "/deliveries").bearer(b.ownerToken()).send()))
			.containsExactly(bDelivery.toString());
	}

	@Test
	void anotherTenantsZonesNeverPriceThisTenant() {
		DeliveryPricing pricing = context.getBean(DeliveryPricing.class);
		for (UUID store : List.of(a.storeId(), b.storeId())) {
			for (String area : List.of("Karen", "Westlands", "Runda")) {
				ApiException failure = catchThrowableOfType(ApiException.class,
						() -> TenantContext.callAs(TenantId.of(a.id()), () -> pricing.quote(store, area, 100000)));
				assertThat(failure).as(store + " " + area).isNotNull();
				assertThat(failure.type()).isEqualTo(ProblemType.AREA_NOT_SERVED);
			}
		}
		assertThat(TenantContext.callAs(TenantId.of(a.id()), () -> pricing.quote(a.storeId(), "Kilimani", 100000))
			.zoneName()).isEqualTo("A West");
		assertThat(TenantContext.callAs(TenantId.of(b.id()), () -> pricing.quote(b.storeId(), "Runda", 100000))
			.zoneName()).as("B's own default zone still prices B").isEqualTo("B everywhere");
	}

	private JsonNode asA(String path) {
		Response response = api().get(path).bearer(a.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private JsonNode ownerOfB(String path) {
		Response response = api().get(path).bearer(b.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private void assertNotFound(Api.Call call) {
		Response response = call.bearer(a.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.problemType()).isEqualTo("not-found");
	}

}
