package io.sokoni.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.Test;

class StorefrontStoreIT extends ApiTestBase {

	@Test
	void storeIsServedByItsPlatformSubdomain() {
		TestTenant tenant = fixtures().tenant();
		Response response = api().get("/storefront/v1/store").host(tenant.host()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().path("slug").asString()).isEqualTo(tenant.slug());
		assertThat(response.json().path("contactPhone").asString()).isEqualTo("+254722000111");
		assertThat(response.header("Cache-Control")).contains("max-age=60");
	}

	@Test
	void hostOfOneTenantNeverShowsAnother() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		assertThat(api().get("/storefront/v1/store").host(a.host()).send().json().path("slug").asString())
			.isEqualTo(a.slug());
		assertThat(api().get("/storefront/v1/store").host(b.host()).send().json().path("slug").asString())
			.isEqualTo(b.slug());
	}

	@Test
	void hostMatchingIsCaseAndPortInsensitive() {
		TestTenant tenant = fixtures().tenant();
		Response response = api().get("/storefront/v1/store").host(tenant.host().toUpperCase() + ":8080").send();
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("slug").asString()).isEqualTo(tenant.slug());
	}

	@Test
	void unknownHostIs404AndLearnsNothing() {
		Response response = api().get("/storefront/v1/store").host("nobody.sokoni.test").send();
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.problemType()).isEqualTo("unknown-host");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void storeThatIsNotLiveIs404() {
		TestTenant tenant = fixtures().tenant();
		Response update = api().patch("/admin/v1/stores/" + tenant.storeId())
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "live", false))
			.send();
		assertThat(update.status()).as(update.toString()).isEqualTo(200);
		assertThat(api().get("/storefront/v1/store").host(tenant.host()).send().status()).isEqualTo(404);
	}

	/**
	 * Every new store is at version 0: an ETag of the version alone let one store's If-None-Match get
	 * a 304 for another's profile.
	 */
	@Test
	void oneStoresEtagNeverMatchesAnothersProfile() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		Response first = api().get("/storefront/v1/store").host(a.host()).send();
		String etag = first.header("ETag");
		assertThat(etag).isNotBlank();

		Response same = api().get("/storefront/v1/store").host(a.host()).header("If-None-Match", etag).send();
		assertThat(same.status()).isEqualTo(304);
		Response other = api().get("/storefront/v1/store").host(b.host()).header("If-None-Match", etag).send();
		assertThat(other.status()).as(other.toString()).isEqualTo(200);
		assertThat(other.json().path("slug").asString()).isEqualTo(b.slug());
		assertThat(other.header("ETag")).isNotEqualTo(etag);
	}

	@Test
	void theEtagChangesWithTheProfile() {
		TestTenant tenant = fixtures().tenant();
		String before = api().get("/storefront/v1/store").host(tenant.host()).send().header("ETag");
		Response update = api().patch("/admin/v1/stores/" + tenant.storeId())
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "name", "Renamed store"))
			.send();
		assertThat(update.status()).as(update.toString()).isEqualTo(200);
		Response after = api().get("/storefront/v1/store").host(tenant.host()).header("If-None-Match", before).send();
		assertThat(after.status()).isEqualTo(200);
		assertThat(after.json().path("name").asString()).isEqualTo("Renamed store");
	}

}
