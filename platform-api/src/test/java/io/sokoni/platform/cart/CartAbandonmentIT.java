package io.sokoni.platform.cart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.Test;

/** The abandonment job, run by hand: which carts it marks, across tenants, and what brings one back. */
class CartAbandonmentIT extends ApiTestBase {

	@Test
	void idleOpenCartsWithItemsAreMarkedAbandonedInEveryTenant() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		CartApi aCarts = new CartApi(api(), a.host());
		CartApi bCarts = new CartApi(api(), b.host());
		UUID aVariant = variant(a);
		UUID bVariant = variant(b);

		String idle = withItem(aCarts, aVariant);
		String idleEmpty = aCarts.create();
		String recent = withItem(aCarts, aVariant);
		String converted = withItem(aCarts, aVariant);
		String expired = withItem(aCarts, aVariant);
		String idleInB = withItem(bCarts, bVariant);
		for (String token : new String[] { idle, idleEmpty, converted, expired }) {
			CartApi.updateCart(a.id(), token, "last_activity_at = now() - interval '25 hours'");
		}
		CartApi.updateCart(a.id(), recent, "last_activity_at = now() - interval '23 hours'");
		CartApi.updateCart(a.id(), converted, "status = 'converted'");
		CartApi.updateCart(a.id(), expired, "expires_at = now() - interval '1 minute'");
		CartApi.updateCart(b.id(), idleInB, "last_activity_at = now() - interval '2 days'");

		context.getBean(CartAbandonmentJob.class).markAbandoned();

		assertThat(CartApi.state(a.id(), idle).status()).isEqualTo("abandoned");
		assertThat(CartApi.state(b.id(), idleInB).status()).isEqualTo("abandoned");
		assertThat(CartApi.state(a.id(), idleEmpty).status()).as("nothing in it to abandon").isEqualTo("open");
		assertThat(CartApi.state(a.id(), recent).status()).isEqualTo("open");
		assertThat(CartApi.state(a.id(), converted).status()).isEqualTo("converted");
		assertThat(CartApi.state(a.id(), expired).status()).as("an expired cart is over, not abandoned")
			.isEqualTo("open");
		assertThat(abandonedAtSet(a.id(), idle)).isTrue();

		long version = CartApi.state(a.id(), idle).version();
		context.getBean(CartAbandonmentJob.class).markAbandoned();
		assertThat(CartApi.state(a.id(), idle).version()).as("marked once").isEqualTo(version);
	}

	@Test
	void anAbandonedCartTouchedAgainIsOpenAgain() {
		TestTenant t = fixtures().tenant();
		CartApi carts = new CartApi(api(), t.host());
		UUID variant = variant(t);
		String token = withItem(carts, variant);
		CartApi.updateCart(t.id(), token, "last_activity_at = now() - interval '30 hours'");
		context.getBean(CartAbandonmentJob.class).markAbandoned();
		assertThat(carts.get(token).json().path("status").asString()).isEqualTo("abandoned");

		assertThat(carts.added(token, variant, 1).json().path("status").asString()).isEqualTo("open");
		assertThat(CartApi.state(t.id(), token).status()).isEqualTo("open");
		context.getBean(CartAbandonmentJob.class).markAbandoned();
		assertThat(CartApi.state(t.id(), token).status()).as("active again, not idle").isEqualTo("open");
	}

	private static boolean abandonedAtSet(UUID tenant, String token) {
		return io.sokoni.platform.support.TenantSql.call(tenant, jdbc -> jdbc.queryForObject(
				"select abandoned_at > now() - interval '1 minute' from app.carts where token_hash = ?", Boolean.class,
				io.sokoni.platform.Hashes.sha256Hex(token)));
	}

	private static UUID variant(TestTenant tenant) {
		CatalogFixtures.Product p = new CatalogFixtures(tenant).product().variant(700, 50);
		p.persist();
		return p.variantIds.get(0);
	}

	private static String withItem(CartApi carts, UUID variant) {
		String token = carts.create();
		carts.added(token, variant, 1);
		return token;
	}

}
