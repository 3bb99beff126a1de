package io.sokoni.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A NUL character or malformed Unicode anywhere in a request (path, query, JSON string or key) is a
 * 400 at the edge: not a 409 "conflicts with existing data" from the database, and never stored
 * changed (a lone surrogate used to be saved as "?").
 */
class MalformedTextIT extends ApiTestBase {

	private TestTenant tenant;

	@BeforeEach
	void tenant() {
		tenant = fixtures().tenant();
	}

	@Test
	void nulOrBadUtf8InTheQueryIs400() {
		assertThat(api().get("/storefront/v1/search?q=kiondo").host(tenant.host()).send().status())
			.as("a plain search works").isEqualTo(200);
		for (String path : List.of("/storefront/v1/search?q=a%00b", "/storefront/v1/products?categorySlug=x%00",
				"/storefront/v1/search?q=%ED%A0%80", "/storefront/v1/search?q=%C3", "/storefront/v1/search?q%00=1")) {
			Response response = api().get(path).host(tenant.host()).send();
			assertThat(response.status()).as(path + ": " + response).isEqualTo(400);
			assertThat(response.problemType()).isEqualTo("malformed-request");
		}
	}

	@Test
	void nulOrBadUtf8InThePathIs400() {
		// Tomcat itself refuses these before any filter runs; its report is a problem too (ProblemErrorReportValve).
		for (String path : List.of("/storefront/v1/products/ab%00c", "/storefront/v1/products/%ED%A0%80",
				"/storefront/v1/products/%C3", "/admin/v1/products/%00")) {
			Response response = api().get(path).host(tenant.host()).send();
			assertThat(response.status()).as(path + ": " + response).isEqualTo(400);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(response.problemType()).isEqualTo("malformed-request");
		}
	}

	@Test
	void nulOrALoneSurrogateInJsonIs400NamingTheFieldAndSavesNothing() {
		for (String name : List.of("Duka\\u0000", "Duka \\ud800", "\\udc00Duka")) {
			Response response = api().patch("/admin/v1/stores/" + tenant.storeId())
				.bearer(tenant.ownerToken())
				.raw("{\"version\": 0, \"name\": \"" + name + "\"}")
				.send();
			assertThat(response.status()).as(name + ": " + response).isEqualTo(400);
			assertThat(response.problemType()).isEqualTo("malformed-request");
			assertThat(response.json().path("errors").findValuesAsString("field")).containsExactly("name");
		}
		Response store = api().get("/admin/v1/stores/" + tenant.storeId()).bearer(tenant.ownerToken()).send();
		assertThat(store.json().path("version").asLong()).as("nothing saved").isZero();

		Response paired = api().patch("/admin/v1/stores/" + tenant.storeId())
			.bearer(tenant.ownerToken())
			.raw("{\"version\": 0, \"name\": \"Duka \\ud83d\\ude00\"}")
			.send();
		assertThat(paired.status()).as("a well-formed pair (an emoji) is fine: " + paired).isEqualTo(200);
		assertThat(paired.json().path("name").asString()).isEqualTo("Duka \uD83D\uDE00");
	}

	@Test
	void anEmailThatPassesAtEmailButNotTheDatabaseIs400() {
		Response response = api().patch("/admin/v1/stores/" + tenant.storeId())
			.bearer(tenant.ownerToken())
			.raw("{\"version\": 0, \"contactEmail\": \"duka@localhost\"}")
			.send();
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json().path("errors").findValuesAsString("field")).containsExactly("contactEmail");
	}

}
