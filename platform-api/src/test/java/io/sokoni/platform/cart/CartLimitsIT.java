package io.sokoni.platform.cart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.sokoni.platform.Hashes;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 4: what one cart can hold is bounded (items, unexpired delivery quotes, abandonment
 * reasons), with a clear 422 beyond, also when the requests race.
 */
class CartLimitsIT extends ApiTestBase {

	@Test
	void abandonmentReasonsPerCartAreCappedEvenWhenSentAtOnce() throws Exception {
		TestTenant t = fixtures().tenant();
		CartApi carts = new CartApi(api(), t.host());
		String token = carts.create();
		int senders = 12;
		CountDownLatch start = new CountDownLatch(1);
		List<Integer> statuses = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(senders)) {
			List<Future<Response>> sent = new ArrayList<>();
			for (int i = 0; i < senders; i++) {
				sent.add(pool.submit(() -> {
					start.await();
					return reason(carts, token);
				}));
			}
			start.countDown();
			for (Future<Response> f : sent) {
				statuses.add(f.get().status());
			}
		}
		assertThat(statuses).filteredOn(s -> s == 201).hasSize(CartService.MAX_ABANDONMENT_REASONS);
		assertThat(statuses).filteredOn(s -> s == 422).hasSize(senders - CartService.MAX_ABANDONMENT_REASONS);
		assertThat(count(t.id(), "checkout_abandonment_reasons", token)).isEqualTo(CartService.MAX_ABANDONMENT_REASONS);
		Response refused = reason(carts, token);
		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.problemType()).isEqualTo("business-rule");
		assertThat(refused.json().path("detail").asString()).contains("at most " + CartService.MAX_ABANDONMENT_REASONS);
	}

	@Test
	void aCartHoldsAtMostAHundredDifferentItems() {
		TestTenant t = fixtures().tenant();
		CartApi carts = new CartApi(api(), t.host());
		CatalogFixtures.Product many = new CatalogFixtures(t).product();
		for (int i = 0; i <= CartService.MAX_LINES; i++) {
			many.variant(100 + i, 50);
		}
		many.persist();
		String token = carts.create();
		for (int i = 0; i < CartService.MAX_LINES; i++) {
			carts.added(token, many.variantIds.get(i), 1);
		}
		Response refused = carts.add(token, many.variantIds.get(CartService.MAX_LINES), 1);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
		assertThat(refused.json().path("detail").asString()).contains("at most " + CartService.MAX_LINES + " different items");
		assertThat(CartApi.state(t.id(), token).items()).isEqualTo(CartService.MAX_LINES);
		// More of an item already in the cart is still fine.
		assertThat(carts.added(token, many.variantIds.get(0), 2).json().path("items").size()).isEqualTo(CartService.MAX_LINES);
	}

	@Test
	void unexpiredDeliveryQuotesPerCartAreCapped() {
		TestTenant t = fixtures().tenant();
		CartApi carts = new CartApi(api(), t.host());
		CatalogFixtures.Product p = new CatalogFixtures(t).product().variant(150000, 10);
		p.persist();
		String token = carts.create();
		carts.added(token, p.variantIds.get(0), 1);
		TenantSql.run(t.id(), jdbc -> {
			UUID zone = UUID.randomUUID();
			jdbc.update("""
					insert into app.delivery_zones (tenant_id, id, store_id, name, fee_cents, min_order_cents, eta_minutes)
					values (?, ?, ?, 'Westlands', 25000, 0, 120)""", t.id(), zone, t.storeId());
			jdbc.update("""
					insert into app.delivery_zone_areas (tenant_id, zone_id, store_id, area_key, area_name)
					values (?, ?, ?, 'kilimani', 'Kilimani')""", t.id(), zone, t.storeId());
		});
		for (int i = 0; i < CartService.MAX_QUOTES; i++) {
			assertThat(quote(carts, token).status()).isEqualTo(200);
		}
		Response refused = quote(carts, token);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
		assertThat(refused.json().path("detail").asString()).contains("at most " + CartService.MAX_QUOTES);
		assertThat(count(t.id(), "delivery_quotes", token)).isEqualTo(CartService.MAX_QUOTES);

		TenantSql.run(t.id(), jdbc -> jdbc.update("update app.delivery_quotes set expires_at = now() - interval '1 second'"));
		assertThat(quote(carts, token).status()).as("expired quotes make room").isEqualTo(200);
		assertThat(count(t.id(), "delivery_quotes", token)).as("and are deleted").isEqualTo(1);
	}

	private static Response reason(CartApi carts, String token) {
		return carts.call("POST", CartApi.path(token) + "/abandonment-reason").body(Map.of("reason", "other")).send();
	}

	private static Response quote(CartApi carts, String token) {
		return carts.call("POST", CartApi.path(token) + "/delivery-quote").body(Map.of("cityArea", "Kilimani")).send();
	}

	private static int count(UUID tenant, String table, String token) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForObject("select count(*) from app." + table
				+ " x join app.carts c on c.tenant_id = x.tenant_id and c.id = x.cart_id where c.token_hash = ?",
				Integer.class, Hashes.sha256Hex(token)));
	}

}
