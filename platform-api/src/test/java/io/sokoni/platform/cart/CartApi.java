package io.sokoni.platform.cart;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Hashes;
import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.TenantSql;

/** Storefront cart calls for one store host, and direct looks at (and pushes to) cart rows. */
final class CartApi {

	private final Api api;

	private final String host;

	CartApi(Api api, String host) {
		this.api = api;
		this.host = host;
	}

	/** A new web cart; returns its token. */
	String create() {
		Response created = api.post("/storefront/v1/carts").host(host).send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("token").asString();
	}

	Response get(String token) {
		return api.get(path(token)).host(host).send();
	}

	Response add(String token, UUID variantId, int quantity) {
		return api.post(path(token) + "/items")
			.host(host)
			.body(Map.of("variantId", variantId, "quantity", quantity))
			.send();
	}

	/** Adds and expects success. */
	Response added(String token, UUID variantId, int quantity) {
		Response response = add(token, variantId, quantity);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response;
	}

	Response change(String token, UUID variantId, int quantity) {
		return api.patch(path(token) + "/items/" + variantId).host(host).body(Map.of("quantity", quantity)).send();
	}

	Response remove(String token, UUID variantId) {
		return api.delete(path(token) + "/items/" + variantId).host(host).send();
	}

	Api.Call call(String method, String subpath) {
		Api.Call call = switch (method) {
			case "GET" -> api.get(subpath);
			case "POST" -> api.post(subpath);
			case "PUT" -> api.put(subpath);
			case "PATCH" -> api.patch(subpath);
			case "DELETE" -> api.delete(subpath);
			default -> throw new IllegalArgumentException(method);
		};
		return call.host(host);
	}

	static String path(String token) {
		return "/storefront/v1/carts/" + token;
	}

	/** The cart row of a token: status, version, coupon, area and item count. */
	record CartState(UUID id, String status, long version, String couponCode, String cityArea, int items,
			int quantity, OffsetDateTime lastActivityAt, OffsetDateTime expiresAt) {
	}

	static CartState state(UUID tenant, String token) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForObject("""
				select c.id, c.status, c.version, c.coupon_code, c.city_area, c.last_activity_at, c.expires_at,
				       (select count(*) from app.cart_items i where i.tenant_id = c.tenant_id and i.cart_id = c.id) items,
				       (select coalesce(sum(quantity), 0) from app.cart_items i
				         where i.tenant_id = c.tenant_id and i.cart_id = c.id) quantity
				from app.carts c where c.token_hash = ?""",
				(rs, n) -> new CartState(rs.getObject("id", UUID.class), rs.getString("status"), rs.getLong("version"),
						rs.getString("coupon_code"), rs.getString("city_area"), rs.getInt("items"), rs.getInt("quantity"),
						rs.getObject("last_activity_at", OffsetDateTime.class),
						rs.getObject("expires_at", OffsetDateTime.class)),
				Hashes.sha256Hex(token)));
	}

	/** Runs an update on the token's cart row, e.g. to age or expire it. */
	static void updateCart(UUID tenant, String token, String set) {
		TenantSql.run(tenant, jdbc -> assertThat(
				jdbc.update("update app.carts set " + set + " where token_hash = ?", Hashes.sha256Hex(token)))
			.isEqualTo(1));
	}

}
