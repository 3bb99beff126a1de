package io.sokoni.platform.cart;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Delivery quotes for a cart, priced by the delivery feature's zones (seeded here with SQL). */
class CartDeliveryQuoteIT extends ApiTestBase {

	private TestTenant t;

	private CartApi carts;

	private String token;

	@BeforeEach
	void cartWithZones() {
		t = fixtures().tenant();
		carts = new CartApi(api(), t.host());
		CatalogFixtures.Product p = new CatalogFixtures(t).product().variant(150000, 10);
		p.persist();
		token = carts.create();
		carts.added(token, p.variantIds.get(0), 2);
		UUID zone = UUID.randomUUID();
		TenantSql.run(t.id(), jdbc -> {
			jdbc.update("""
					insert into app.delivery_zones (tenant_id, id, store_id, name, fee_cents, min_order_cents,
					    free_delivery_threshold_cents, eta_minutes)
					values (?, ?, ?, 'Westlands', 25000, 100000, 500000, 120)""", t.id(), zone, t.storeId());
			jdbc.update("""
					insert into app.delivery_zone_areas (tenant_id, zone_id, store_id, area_key, area_name)
					values (?, ?, ?, 'kilimani', 'Kilimani')""", t.id(), zone, t.storeId());
		});
	}

	@Test
	void aQuoteIsPricedRecordedAndHonouredForFifteenMinutes() {
		Response response = carts.call("POST", CartApi.path(token) + "/delivery-quote")
			.body(Map.of("cityArea", "  KILIMANI "))
			.send();

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode quote = response.json();
		assertThat(quote.path("feeCents").asLong()).isEqualTo(25000);
		assertThat(quote.path("etaMinutes").asInt()).isEqualTo(120);
		assertThat(quote.path("ruleApplied").asString()).isEqualTo("zone_fee");
		assertThat(quote.path("subtotalCents").asLong()).isEqualTo(300000);
		assertThat(OffsetDateTime.parse(quote.path("expiresAt").asString()))
			.isCloseTo(OffsetDateTime.now().plusMinutes(15), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
		CartApi.CartState cart = CartApi.state(t.id(), token);
		assertThat(cart.cityArea()).isEqualTo("KILIMANI");

		CartService service = context.getBean(CartService.class);
		var valid = TenantContext.callAs(TenantId.of(t.id()), () -> service.validQuote(cart.id(), "kilimani", 300000));
		assertThat(valid).isPresent();
		assertThat(valid.get().feeCents()).isEqualTo(25000);
	}

	@Test
	void anAreaNoZoneServesIsAClearAnswerAndRecordsNothing() {
		Response response = carts.call("POST", CartApi.path(token) + "/delivery-quote")
			.body(Map.of("cityArea", "Mombasa"))
			.send();

		assertThat(response.status()).as(response.toString()).isEqualTo(422);
		assertThat(response.problemType()).isEqualTo("area-not-served");
		assertThat(TenantSql.<Object>call(t.id(),
				jdbc -> jdbc.queryForObject("select count(*) from app.delivery_quotes", Integer.class))).isEqualTo(0);
	}

}
