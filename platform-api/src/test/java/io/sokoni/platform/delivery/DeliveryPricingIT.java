package io.sokoni.platform.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.UUID;

import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** DeliveryPricing.quote over zones set up through the admin API. */
class DeliveryPricingIT extends ApiTestBase {

	private TestTenant tenant;

	private DeliveryFixtures delivery;

	@BeforeEach
	void tenantWithZones() {
		tenant = fixtures().tenant();
		delivery = new DeliveryFixtures(api());
	}

	@Test
	void listedAreaPaysTheZoneFeeBelowTheThresholdAndNothingFromIt() {
		JsonNode west = delivery.zone(tenant, "West", List.of("Kilimani", "Lavington"), z -> {
			z.put("feeCents", 25000);
			z.put("minOrderCents", 100000);
			z.put("freeDeliveryThresholdCents", 500000);
			z.put("etaMinutes", 120);
		});
		UUID westId = UUID.fromString(west.path("id").asString());

		DeliveryQuote fee = quote(tenant, "Kilimani", 499999);
		assertThat(fee).isEqualTo(new DeliveryQuote(westId, "West", "Kilimani", 25000, 120, "zone_fee", 100000,
				500000L));

		DeliveryQuote free = quote(tenant, "Kilimani", 500000);
		assertThat(free).isEqualTo(new DeliveryQuote(westId, "West", "Kilimani", 0, 120, "free_over_threshold",
				100000, 500000L));

		assertThat(quote(tenant, "Lavington", 100000).ruleApplied()).as("exactly the minimum is enough")
			.isEqualTo("zone_fee");
	}

	@Test
	void areaIsMatchedWhateverItsCaseAndSpacing() {
		delivery.zone(tenant, "South", "Karen", "South   C", "Ngong Road");
		assertThat(quote(tenant, "  KAREN ", 1000).cityArea()).isEqualTo("Karen");
		assertThat(quote(tenant, "south c", 1000).cityArea()).isEqualTo("South C");
		assertThat(quote(tenant, "ngong\t  road", 1000).zoneName()).isEqualTo("South");
	}

	@Test
	void unlistedAreaFallsBackToTheActiveDefaultZone() {
		delivery.zone(tenant, "West", "Kilimani");
		JsonNode fallback = delivery.zone(tenant, "Rest of Nairobi", List.of("Nairobi"), z -> {
			z.put("isDefault", true);
			z.put("feeCents", 40000);
			z.put("freeDeliveryThresholdCents", 1000000);
			z.put("etaMinutes", 240);
		});
		UUID fallbackId = UUID.fromString(fallback.path("id").asString());

		assertThat(quote(tenant, "  Ruaka  ", 20000)).isEqualTo(new DeliveryQuote(fallbackId, "Rest of Nairobi",
				"Ruaka", 40000, 240, "default_zone_fee", 0, 1000000L));
		assertThat(quote(tenant, "Ruaka", 1000000).ruleApplied()).isEqualTo("default_zone_free_over_threshold");
		assertThat(quote(tenant, "Ruaka", 1000000).feeCents()).isZero();
		assertThat(quote(tenant, "Kilimani", 20000).ruleApplied()).as("a listed area keeps its zone")
			.isEqualTo("zone_fee");
		assertThat(quote(tenant, "nairobi", 20000).ruleApplied()).as("the default zone's own areas are listed")
			.isEqualTo("zone_fee");
	}

	@Test
	void inactiveZonesAreIgnored() {
		JsonNode west = delivery.zone(tenant, "West", "Kilimani");
		JsonNode fallback = delivery.zone(tenant, "Rest", List.of("Nairobi"), z -> z.put("isDefault", true));
		api().post("/admin/v1/delivery-zones/" + west.path("id").asString() + "/deactivate")
			.bearer(tenant.ownerToken())
			.send();
		DeliveryQuote viaDefault = quote(tenant, "Kilimani", 1000);
		assertThat(viaDefault.zoneName()).isEqualTo("Rest");
		assertThat(viaDefault.ruleApplied()).isEqualTo("default_zone_fee");

		api().post("/admin/v1/delivery-zones/" + fallback.path("id").asString() + "/deactivate")
			.bearer(tenant.ownerToken())
			.send();
		assertThat(failure(tenant, "Kilimani", 1000).type()).isEqualTo(ProblemType.AREA_NOT_SERVED);
	}

	@Test
	void areaNoZoneServesIs422NamingIt() {
		delivery.zone(tenant, "West", "Kilimani");
		ApiException failure = failure(tenant, " Karen ", 1000);
		assertThat(failure.type()).isEqualTo(ProblemType.AREA_NOT_SERVED);
		assertThat(failure.getMessage()).isEqualTo("No delivery zone of this store serves Karen");

		TestTenant empty = fixtures().tenant();
		assertThat(failure(empty, "Karen", 1000).type()).as("a store without zones serves nothing")
			.isEqualTo(ProblemType.AREA_NOT_SERVED);
	}

	@Test
	void subtotalUnderTheMinimumIs422SayingTheMinimum() {
		delivery.zone(tenant, "West", List.of("Kilimani"), z -> z.put("minOrderCents", 150050));
		delivery.zone(tenant, "Rest", List.of("Nairobi"), z -> {
			z.put("isDefault", true);
			z.put("minOrderCents", 200000);
		});
		ApiException listed = failure(tenant, "kilimani", 150049);
		assertThat(listed.type()).isEqualTo(ProblemType.BELOW_MINIMUM_ORDER);
		assertThat(listed.getMessage()).contains("KES 1,500.50").contains("kilimani");
		assertThat(listed.properties()).containsEntry("minOrderCents", 150050L).containsEntry("shortfallCents", 1L);

		ApiException viaDefault = failure(tenant, "Ruaka", 199999);
		assertThat(viaDefault.type()).isEqualTo(ProblemType.BELOW_MINIMUM_ORDER);
		assertThat(viaDefault.getMessage()).contains("KES 2,000");
	}

	@Test
	void anotherStoresZonesNeverPriceThisStore() {
		UUID otherStore = DeliveryFixtures.store(tenant);
		delivery.zone(tenant, "Other store's", List.of("Karen"), z -> {
			z.put("storeId", otherStore);
			z.put("isDefault", true);
		});
		assertThat(failure(tenant, "Karen", 1000).type()).isEqualTo(ProblemType.AREA_NOT_SERVED);
		assertThat(TenantContext.callAs(TenantId.of(tenant.id()),
				() -> context.getBean(DeliveryPricing.class).quote(otherStore, "Karen", 1000).zoneName()))
			.isEqualTo("Other store's");
	}

	private DeliveryQuote quote(TestTenant t, String area, long subtotal) {
		return TenantContext.callAs(TenantId.of(t.id()),
				() -> context.getBean(DeliveryPricing.class).quote(t.storeId(), area, subtotal));
	}

	private ApiException failure(TestTenant t, String area, long subtotal) {
		return catchThrowableOfType(ApiException.class, () -> quote(t, area, subtotal));
	}

}
