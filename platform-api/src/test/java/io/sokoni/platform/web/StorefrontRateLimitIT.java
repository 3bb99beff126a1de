package io.sokoni.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Issue 18 item 4 over HTTP: an anonymous client creating carts in a loop is stopped with 429. */
@DirtiesContext // a context of its own: closed after, so its pools do not hold database connections meanwhile
class StorefrontRateLimitIT extends ApiTestBase {

	@DynamicPropertySource
	static void smallLimits(DynamicPropertyRegistry registry) {
		registry.add("sokoni.rate-limit.enabled", () -> "true");
		registry.add("sokoni.rate-limit.client-writes", () -> "5");
		registry.add("sokoni.rate-limit.client-reads", () -> "50");
	}

	@Test
	void cartCreationFromOneAddressIsLimitedAndAnsweredWithRetryAfter() {
		TestTenant tenant = fixtures().tenant();
		int created = 0;
		Response last = null;
		for (int i = 0; i < 20; i++) {
			last = api().post("/storefront/v1/carts").host(tenant.host()).send();
			if (last.status() != 201) {
				break;
			}
			created++;
		}
		assertThat(created).isEqualTo(5);
		assertThat(last.status()).isEqualTo(429);
		assertThat(last.problemType()).isEqualTo("too-many-requests");
		assertThat(last.header("Retry-After")).matches("[1-9][0-9]*");
		assertThat(last.header("Content-Type")).startsWith("application/problem+json");
		assertThat(api().get("/storefront/v1/store").host(tenant.host()).send().status())
			.as("reads have their own, larger bucket").isEqualTo(200);
		assertThat(io.sokoni.platform.support.TenantSql.<Integer>call(tenant.id(),
				jdbc -> jdbc.queryForObject("select count(*) from app.carts", Integer.class))).isEqualTo(5);
	}

}
