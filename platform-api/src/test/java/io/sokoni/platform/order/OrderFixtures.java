package io.sokoni.platform.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;

/** A store ready to sell: a delivery zone, products in stock, carts filled through the storefront API. */
public final class OrderFixtures {

	public static final long FEE = 20_000;

	private final Api api;

	public final TestTenant tenant;

	public final CatalogFixtures catalog;

	public OrderFixtures(Api api, TestTenant tenant) {
		this.api = api;
		this.tenant = tenant;
		this.catalog = new CatalogFixtures(tenant);
		zone("Westlands", FEE, 0, List.of("Westlands", "Parklands"));
	}

	private OrderFixtures(Api api, OrderFixtures same) {
		this.api = api;
		this.tenant = same.tenant;
		this.catalog = same.catalog;
	}

	/** The same store, its carts and checkouts sent to another instance of the application. */
	public OrderFixtures through(Api other) {
		return new OrderFixtures(other, this);
	}

	/** An active delivery zone of the tenant's store serving these areas. */
	public UUID zone(String name, long feeCents, long minOrderCents, List<String> areas) {
		UUID id = Ids.next();
		TenantSql.run(tenant.id(), jdbc -> {
			jdbc.update("""
					insert into app.delivery_zones (tenant_id, id, store_id, name, fee_cents, min_order_cents, eta_minutes)
					values (?, ?, ?, ?, ?, ?, 90)""", tenant.id(), id, tenant.storeId(), name, feeCents, minOrderCents);
			for (String area : areas) {
				jdbc.update("""
						insert into app.delivery_zone_areas (tenant_id, zone_id, store_id, area_key, area_name)
						values (?, ?, ?, ?, ?)""", tenant.id(), id, tenant.storeId(), area.toLowerCase(), area);
			}
		});
		return id;
	}

	/** A variant of a new active product with this price and stock. */
	public UUID variant(long priceCents, int onHand) {
		CatalogFixtures.Product product = catalog.product().variant(priceCents, onHand);
		product.persist();
		return product.variantIds.get(0);
	}

	/** A new cart holding these (variant, quantity) lines; returns its token. */
	public String cart(Map<UUID, Integer> lines) {
		Response created = api.post("/storefront/v1/carts").host(tenant.host()).body(Map.of()).send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String token = created.json().path("token").asString();
		lines.forEach((variant, quantity) -> {
			Response added = api.post("/storefront/v1/carts/" + token + "/items")
				.host(tenant.host())
				.body(Map.of("variantId", variant, "quantity", quantity))
				.send();
			assertThat(added.status()).as(added.toString()).isIn(200, 201);
		});
		return token;
	}

	public String cart(UUID variant, int quantity) {
		return cart(Map.of(variant, quantity));
	}

	public static Map<String, Object> checkoutBody(String paymentMethod, String phone, String area) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("customer", Map.of("phone", phone, "name", "Wanjiru Kamau"));
		body.put("delivery", Map.of("cityArea", area, "streetAddress", "Mpaka Road 12"));
		body.put("paymentMethod", paymentMethod);
		return body;
	}

	public Response checkout(String token, String key, Map<String, Object> body) {
		var call = api.post("/storefront/v1/carts/" + token + "/checkout").host(tenant.host()).body(body);
		if (key != null) {
			call.header("Idempotency-Key", key);
		}
		return call.send();
	}

	public Response checkout(String token, String paymentMethod) {
		return checkout(token, UUID.randomUUID().toString(), checkoutBody(paymentMethod, "0712 345 678", "Westlands"));
	}

	/** A placed order's id. */
	public UUID order(UUID variant, int quantity, String paymentMethod) {
		Response placed = checkout(cart(variant, quantity), paymentMethod);
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		return UUID.fromString(placed.json().path("id").asString());
	}

	/** On hand and reserved of a variant over all its locations. */
	public int[] stock(UUID variant) {
		return TenantSql.call(tenant.id(), jdbc -> jdbc.queryForObject(
				"select coalesce(sum(on_hand), 0), coalesce(sum(reserved), 0) from app.inventory_levels where variant_id = ?",
				(rs, n) -> new int[] { rs.getInt(1), rs.getInt(2) }, variant));
	}

	public long count(String sql, Object... args) {
		return TenantSql.call(tenant.id(), jdbc -> jdbc.queryForObject(sql, Long.class, args));
	}

}
