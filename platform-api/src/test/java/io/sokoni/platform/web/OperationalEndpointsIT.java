package io.sokoni.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 5: metrics, health details and the API documents are the operator's; public health
 * says UP or DOWN and nothing else.
 */
class OperationalEndpointsIT extends ApiTestBase {

	@Test
	void metricsAndApiDocsNeedTheOperatorToken() {
		TestTenant tenant = fixtures().tenant();
		for (String path : List.of("/actuator/prometheus", "/actuator", "/actuator/health/db", "/actuator/info",
				"/v3/api-docs", "/swagger-ui.html", "/swagger-ui/index.html")) {
			Response anonymous = api().get(path).send();
			assertThat(anonymous.status()).as(path + " " + anonymous).isEqualTo(401);
			assertThat(anonymous.problemType()).isEqualTo("unauthenticated");
			assertThat(api().get(path).bearer(tenant.ownerToken()).send().status()).as(path + " with a merchant token")
				.isEqualTo(401);
			assertThat(api().get(path).bearer("not-the-operator-token-0123456789").send().status()).isEqualTo(401);
		}
		Response scrape = api().get("/actuator/prometheus").operator().send();
		assertThat(scrape.status()).isEqualTo(200);
		assertThat(scrape.body()).contains("jvm_memory_used_bytes");
		Response docs = api().get("/v3/api-docs").operator().send();
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.json().path("openapi").asString()).isNotBlank();
	}

	@Test
	void publicHealthSaysOnlyUpOrDown() {
		Response health = api().get("/actuator/health").send();
		assertThat(health.status()).isEqualTo(200);
		List<String> fields = new ArrayList<>();
		health.json().propertyNames().forEach(fields::add);
		assertThat(fields).containsExactly("status");
		assertThat(health.json().path("status").asString()).isEqualTo("UP");
		assertThat(health.body()).doesNotContain("diskSpace", "outbox", "path");
	}

	@Test
	void theOperatorSeesHealthDetails() {
		Response health = api().get("/actuator/health").operator().send();
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().path("components").path("db").path("status").asString()).isEqualTo("UP");
		assertThat(health.json().path("components").path("db").path("details").path("databases").path("shared")
			.asString()).isEqualTo("UP");
		assertThat(health.json().path("components").has("outbox")).isTrue();
	}

}
