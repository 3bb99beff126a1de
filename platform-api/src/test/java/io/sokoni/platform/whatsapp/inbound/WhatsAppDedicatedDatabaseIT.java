package io.sokoni.platform.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.sokoni.db.ScratchDatabase;
import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TestDatabase;
import io.sokoni.platform.whatsapp.standin.StandInWebhooks;
import org.junit.jupiter.api.Test;

/**
 * A tenant on a dedicated database: its phone number stays in the control database and names it, its
 * threads, messages, cart and reply live in its own database.
 */
class WhatsAppDedicatedDatabaseIT extends WhatsAppInboundTestBase {

	@Test
	void deliveriesForATenantOnADedicatedDatabaseLandThere() throws Exception {
		ScratchDatabase scratch = TestDatabase.get().orElseThrow();
		String siblingUrl = scratch.jdbcUrl(TestDatabase.createSibling("wa" + UUID.randomUUID().toString().substring(0, 8)));
		Map<String, Object> database = new HashMap<>(Map.of("name", "ded-" + UUID.randomUUID().toString().substring(0, 10),
				"jdbcUrl", siblingUrl, "runtimeUsername", scratch.roles().runtime(), "ownerUsername", scratch.roles().owner()));
		Response registered = api().post("/platform/v1/databases").operator().body(database).send();
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		TestTenant tenant = fixtures().tenant();
		OrderFixtures shop = new OrderFixtures(api(), tenant);
		UUID flour = shop.variant(18_000, 10);
		String sku = WhatsAppCatalogOrderIT.sku(tenant.id(), flour);
		String number = registerNumber(tenant.id());
		Response moved = api().put("/platform/v1/tenants/" + tenant.id() + "/database")
			.operator()
			.body(Map.of("databaseId", registered.json().path("id").asString()))
			.send();
		assertThat(moved.status()).as(moved.toString()).isEqualTo(200);

		String from = shopper();
		String text = StandInWebhooks.newWamid();
		String ordered = StandInWebhooks.newWamid();
		postSigned(textDelivery(number, from, text, "Habari"));
		postSigned(StandInWebhooks.message(number, from, "Akinyi", ordered, "order", order(sku, "2")));

		await("the reply queued in the dedicated database", () -> count(siblingUrl, tenant.id(),
				"select count(*) from app.whatsapp_notifications where notification_key = ?", "cart_reply:" + ordered) == 1);
		assertThat(count(siblingUrl, tenant.id(), "select count(*) from app.whatsapp_messages")).isEqualTo(2);
		assertThat(count(siblingUrl, tenant.id(), "select count(*) from app.carts where channel = 'whatsapp'")).isEqualTo(1);
		assertThat(count(tenant.id(), "select count(*) from app.whatsapp_messages")).as("nothing in the shared one").isZero();
		assertThat(count(tenant.id(), "select count(*) from app.whatsapp_phone_numbers where phone_number_id = ?", number))
			.as("the number stays in the control database").isEqualTo(1);
	}

}
