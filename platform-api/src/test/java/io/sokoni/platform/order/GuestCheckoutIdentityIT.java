package io.sokoni.platform.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A guest checkout cannot rewrite an existing customer: anyone may type anyone's phone number, so the
 * name, email, WhatsApp consent and address typed at a later checkout stay on that order only.
 */
class GuestCheckoutIdentityIT extends ApiTestBase {

	private OrderFixtures shop;

	@BeforeEach
	void shop() {
		shop = new OrderFixtures(api(), fixtures().tenant());
	}

	@Test
	void aCheckoutWithAnExistingPhoneKeepsTheCustomerAndTheTypedDetailsOnTheOrder() {
		UUID variant = shop.variant(1_000, 10);
		Response first = shop.checkout(shop.cart(variant, 1), UUID.randomUUID().toString(),
				body("Wanjiru Kamau", "wanjiru@example.com", false, "Westlands", "Mpaka Road 12"));
		assertThat(first.status()).as(first.toString()).isEqualTo(201);
		String customerId = first.json().path("customer").path("id").asString();
		JsonNode before = customer(customerId);
		assertThat(before.path("name").asString()).isEqualTo("Wanjiru Kamau");
		assertThat(before.path("addresses").size()).isEqualTo(1);

		Response second = shop.checkout(shop.cart(variant, 1), UUID.randomUUID().toString(),
				body("Mallory", "mallory@attacker.example", true, "Parklands", "Somewhere else 1"));

		assertThat(second.status()).as(second.toString()).isEqualTo(201);
		assertThat(second.json().path("customer").path("id").asString()).isEqualTo(customerId);
		JsonNode after = customer(customerId);
		assertThat(after.path("name").asString()).isEqualTo("Wanjiru Kamau");
		assertThat(after.path("email").asString()).isEqualTo("wanjiru@example.com");
		assertThat(after.path("whatsappOptIn").asBoolean()).as("no opt-in from a stranger").isFalse();
		assertThat(after.path("cityArea").asString()).isEqualTo("Westlands");
		assertThat(after.path("addresses").size()).as("no address added").isEqualTo(1);
		assertThat(after.path("orderCount").asInt()).as("the order still counts").isEqualTo(2);

		Response order = api().get("/admin/v1/orders/" + second.json().path("id").asString())
			.bearer(shop.tenant.ownerToken())
			.send();
		assertThat(order.status()).as(order.toString()).isEqualTo(200);
		JsonNode typed = order.json().path("order").path("customer");
		assertThat(typed.path("name").asString()).isEqualTo("Mallory");
		assertThat(typed.path("email").asString()).isEqualTo("mallory@attacker.example");
		assertThat(typed.path("whatsappOptIn").asBoolean()).isTrue();
		assertThat(order.json().path("order").path("delivery").path("cityArea").asString()).isEqualTo("Parklands");
	}

	@Test
	void anEmailTheDatabaseWouldRefuseIs400NotAConflict() {
		UUID variant = shop.variant(1_000, 10);
		Response refused = shop.checkout(shop.cart(variant, 1), UUID.randomUUID().toString(),
				body("Wanjiru", "wanjiru@localhost", false, "Westlands", null));

		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().path("errors").findValuesAsString("field")).containsExactly("customer.email");
		assertThat(shop.count("select count(*) from app.orders")).isZero();
	}

	private static Map<String, Object> body(String name, String email, boolean whatsappOptIn, String area,
			String street) {
		Map<String, Object> customer = new LinkedHashMap<>();
		customer.put("phone", "0712 345 678");
		customer.put("name", name);
		customer.put("email", email);
		customer.put("whatsappOptIn", whatsappOptIn);
		Map<String, Object> delivery = new LinkedHashMap<>();
		delivery.put("cityArea", area);
		delivery.put("streetAddress", street);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("customer", customer);
		body.put("delivery", delivery);
		body.put("paymentMethod", "cod");
		return body;
	}

	private JsonNode customer(String id) {
		Response response = api().get("/admin/v1/customers/" + id).bearer(shop.tenant.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

}
