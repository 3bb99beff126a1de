package io.sokoni.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 18 item 21: {@code SOKONI_CATALOG_CACHE_SIZE=0} switches the storefront cache off for real:
 * a change no event announces (written straight into the table) shows on the very next request. With
 * the cache on, those answers would be served from it for up to the TTL (30 s).
 */
@DirtiesContext // a context of its own: closed after, so its pools do not hold database connections meanwhile
class StorefrontCacheOffIT extends ApiTestBase {

	@DynamicPropertySource
	static void cacheOff(DynamicPropertyRegistry registry) {
		registry.add("sokoni.catalog.storefront-cache-size", () -> "0");
	}

	@Test
	void everyRequestReadsTheDatabase() {
		TestTenant tenant = fixtures().tenant();
		CatalogFixtures catalog = new CatalogFixtures(tenant);
		CatalogFixtures.Product product = catalog.product().name("Kikoi");
		product.persist();
		for (int round = 1; round <= 20; round++) {
			String name = "Kikoi " + round;
			TenantSql.run(tenant.id(), jdbc -> jdbc.update("update app.products set name = ?", name));
			assertThat(api().get("/storefront/v1/products").host(tenant.host()).send().json().path("items").path(0)
				.path("name").asString()).as("round %d", round).isEqualTo(name);
			assertThat(api().get("/storefront/v1/products/" + product.slug()).host(tenant.host()).send().json()
				.path("name").asString()).isEqualTo(name);
		}
	}

}
