package io.sokoni.platform.cart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Hashes;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 4: carts expired more than a day ago that never became an order are deleted, in every
 * tenant, with their items, quotes and abandonment reasons; nothing else is.
 */
class ExpiredCartPurgeIT extends ApiTestBase {

	@Test
	void longExpiredCartsGoWithTheirChildrenInEveryTenant() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		CartApi aCarts = new CartApi(api(), a.host());
		CartApi bCarts = new CartApi(api(), b.host());
		UUID aVariant = variant(a);
		UUID bVariant = variant(b);

		String old = full(a, aCarts, aVariant);
		String oldAbandoned = full(a, aCarts, aVariant);
		String oldInB = full(b, bCarts, bVariant);
		String justExpired = full(a, aCarts, aVariant);
		String live = full(a, aCarts, aVariant);
		String oldConverted = full(a, aCarts, aVariant);
		for (String token : new String[] { old, oldAbandoned, oldConverted }) {
			CartApi.updateCart(a.id(), token, "expires_at = now() - interval '25 hours'");
		}
		CartApi.updateCart(a.id(), oldAbandoned, "status = 'abandoned'");
		CartApi.updateCart(a.id(), oldConverted, "status = 'converted'");
		CartApi.updateCart(b.id(), oldInB, "expires_at = now() - interval '3 days'");
		CartApi.updateCart(a.id(), justExpired, "expires_at = now() - interval '23 hours'");
		long childrenBefore = children(a.id());

		int purged = context.getBean(ExpiredCartPurge.class).purge();

		assertThat(purged).isGreaterThanOrEqualTo(3);
		assertThat(exists(a.id(), old)).isFalse();
		assertThat(exists(a.id(), oldAbandoned)).isFalse();
		assertThat(exists(b.id(), oldInB)).isFalse();
		assertThat(exists(a.id(), justExpired)).isTrue();
		assertThat(exists(a.id(), live)).isTrue();
		assertThat(exists(a.id(), oldConverted)).as("its order refers to it").isTrue();
		assertThat(children(a.id())).as("items, quotes and reasons of the two purged carts of a")
			.isEqualTo(childrenBefore - 2 * 3);
		assertThat(children(b.id())).isZero();
		assertThat(aCarts.get(old).status()).isEqualTo(404);
		assertThat(context.getBean(ExpiredCartPurge.class).purge()).as("deleted once").isZero();
	}

	/** A cart with one item, one delivery quote and one abandonment reason. */
	private String full(TestTenant t, CartApi carts, UUID variant) {
		String token = carts.create();
		carts.added(token, variant, 1);
		TenantSql.run(t.id(), jdbc -> jdbc.update("""
				insert into app.delivery_quotes (tenant_id, id, cart_id, zone_id, city_area, subtotal_cents, fee_cents,
				    eta_minutes, rule_applied, expires_at)
				select c.tenant_id, gen_random_uuid(), c.id, z.id, 'Kilimani', 700, 100, 60, 'zone_fee', now()
				from app.carts c, app.delivery_zones z where c.token_hash = ? and z.tenant_id = c.tenant_id limit 1""",
				Hashes.sha256Hex(token)));
		assertThat(carts.call("POST", CartApi.path(token) + "/abandonment-reason").body(Map.of("reason", "other"))
			.send()
			.status()).isEqualTo(201);
		return token;
	}

	private static UUID variant(TestTenant t) {
		CatalogFixtures.Product p = new CatalogFixtures(t).product().variant(700, 50);
		p.persist();
		UUID zone = UUID.randomUUID();
		TenantSql.run(t.id(), jdbc -> jdbc.update("""
				insert into app.delivery_zones (tenant_id, id, store_id, name, fee_cents, min_order_cents, eta_minutes)
				values (?, ?, ?, 'Zone', 100, 0, 60)""", t.id(), zone, t.storeId()));
		return p.variantIds.get(0);
	}

	private static boolean exists(UUID tenant, String token) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForObject("select count(*) from app.carts where token_hash = ?",
				Integer.class, Hashes.sha256Hex(token))) == 1;
	}

	private static long children(UUID tenant) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForObject("""
				select (select count(*) from app.cart_items) + (select count(*) from app.delivery_quotes)
				     + (select count(*) from app.checkout_abandonment_reasons)""", Long.class));
	}

}
