package io.sokoni.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document states the real success statuses and the problem answers. */
class OpenApiDocumentIT extends ApiTestBase {

	@Test
	void createsAreDocumentedWithTheirStatusAndEveryOperationWithItsProblems() {
		// The operator credential is sent in case the document is not public.
		Response response = api().get("/v3/api-docs").operator().send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode paths = response.json().path("paths");

		JsonNode createProduct = paths.path("/admin/v1/products").path("post").path("responses");
		assertThat(createProduct.has("201")).as(createProduct.toString()).isTrue();
		assertThat(createProduct.has("200")).as("a create does not answer 200").isFalse();
		assertThat(createProduct.path("400").path("content").path("application/problem+json").path("schema")
			.path("$ref").asString()).isEqualTo("#/components/schemas/Problem");
		assertThat(createProduct.has("401")).isTrue();
		assertThat(createProduct.has("422")).isTrue();

		JsonNode startImport = paths.path("/admin/v1/catalog/imports").path("post").path("responses");
		assertThat(startImport.has("202")).as(startImport.toString()).isTrue();

		JsonNode checkout = paths.path("/storefront/v1/carts/{token}/checkout").path("post").path("responses");
		assertThat(checkout.has("201")).as(checkout.toString()).isTrue();
		assertThat(checkout.has("409")).isTrue();
		assertThat(checkout.has("429")).isTrue();
		assertThat(checkout.has("401")).as("the storefront needs no credential").isFalse();

		// The payment endpoints: refunds and cash collections create (201), a new M-Pesa prompt is accepted (202).
		JsonNode refund = paths.path("/admin/v1/orders/{id}/refunds").path("post").path("responses");
		assertThat(refund.has("201")).as(refund.toString()).isTrue();
		assertThat(refund.has("422")).isTrue();
		JsonNode cash = paths.path("/admin/v1/orders/{id}/cash-collection").path("post").path("responses");
		assertThat(cash.has("201")).as(cash.toString()).isTrue();
		assertThat(cash.has("409")).isTrue();
		JsonNode retry = paths.path("/storefront/v1/carts/{token}/order/payment/retry").path("post").path("responses");
		assertThat(retry.has("202")).as(retry.toString()).isTrue();
		assertThat(retry.has("429")).isTrue();

		// WhatsApp: a merchant reply is queued (202); disconnecting answers 204; the test message can be refused (422).
		JsonNode reply = paths.path("/admin/v1/whatsapp/threads/{id}/replies").path("post").path("responses");
		assertThat(reply.has("202")).as(reply.toString()).isTrue();
		assertThat(reply.has("422")).isTrue();
		assertThat(reply.has("404")).isTrue();
		JsonNode disconnect = paths.path("/admin/v1/whatsapp/account").path("delete").path("responses");
		assertThat(disconnect.has("204")).as(disconnect.toString()).isTrue();
		JsonNode connect = paths.path("/admin/v1/whatsapp/account").path("put").path("responses");
		assertThat(connect.has("409")).as(connect.toString()).isTrue();
		assertThat(paths.path("/admin/v1/whatsapp/account/test").path("post").path("responses").has("422")).isTrue();

		// Insight and SEO: storefront events are accepted (202, 429 over the limits); an SEO page is created (201)
		// and deleted (204); a tenant moves back to the shared database.
		JsonNode events = paths.path("/storefront/v1/events").path("post").path("responses");
		assertThat(events.has("202")).as(events.toString()).isTrue();
		assertThat(events.has("429")).isTrue();
		assertThat(paths.path("/admin/v1/seo/pages").path("post").path("responses").has("201")).isTrue();
		assertThat(paths.path("/admin/v1/seo/pages/{id}").path("delete").path("responses").has("204")).isTrue();
		assertThat(paths.path("/platform/v1/tenants/{id}/database").path("delete").path("responses").has("200"))
			.isTrue();

		JsonNode problem = response.json().path("components").path("schemas").path("Problem");
		assertThat(problem.path("properties").has("type")).isTrue();
		assertThat(problem.path("properties").has("errors")).isTrue();
	}

}
