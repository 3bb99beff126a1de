package io.sokoni.platform.whatsapp.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.sokoni.db.ScratchDatabase;
import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.support.TestDatabase;
import io.sokoni.platform.whatsapp.WhatsAppTestBase;
import org.junit.jupiter.api.Test;

/**
 * A tenant on a dedicated database: its phone-number id stays claimed in the control database, its
 * notifications are queued and sent from its own database (the sender finds them there), and its inbox
 * reads them there.
 */
class WhatsAppDedicatedDatabaseIT extends WhatsAppTestBase {

	@Test
	void aTenantOnADedicatedDatabaseIsNotifiedFromIt() throws Exception {
		ScratchDatabase scratch = TestDatabase.get().orElseThrow();
		String siblingUrl = scratch.jdbcUrl(TestDatabase.createSibling("wa" + UUID.randomUUID().toString().substring(0, 8)));
		Map<String, Object> database = new HashMap<>(Map.of("name", "ded-" + UUID.randomUUID().toString().substring(0, 10),
				"jdbcUrl", siblingUrl, "runtimeUsername", scratch.roles().runtime(), "ownerUsername", scratch.roles().owner()));
		Response registered = api().post("/platform/v1/databases").operator().body(database).send();
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		OrderFixtures shop = whatsappShop();
		UUID variant = shop.variant(125_000, 10);
		Response moved = api().put("/platform/v1/tenants/" + shop.tenant.id() + "/database")
			.operator()
			.body(Map.of("databaseId", registered.json().path("id").asString()))
			.send();
		assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
		String phone = shopperPhone();
		TenantSql.call(siblingUrl, shop.tenant.id(), jdbc -> jdbc.update(
				"insert into app.whatsapp_threads (tenant_id, id, wa_id, last_inbound_at) values (?, ?, ?, now())",
				shop.tenant.id(), UUID.randomUUID(), phone));
		Map<String, Object> body = OrderFixtures.checkoutBody("cod", phone, "Westlands");
		body.put("customer", Map.of("phone", phone, "name", "Wanjiru Kamau", "whatsappOptIn", true));
		Response placed = shop.checkout(shop.cart(variant, 1), UUID.randomUUID().toString(), body);
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		UUID order = UUID.fromString(placed.json().path("id").asString());

		String key = "order:" + order + ":order_placed";
		await("sent from the dedicated database", () -> "sent".equals(TenantSql.call(siblingUrl, shop.tenant.id(),
				jdbc -> jdbc.queryForList("select status from app.whatsapp_notifications where notification_key = ?",
						String.class, key)).stream().findFirst().orElse(null)));
		String id = TenantSql.call(siblingUrl, shop.tenant.id(), jdbc -> jdbc.queryForObject(
				"select id::text from app.whatsapp_notifications where notification_key = ?", String.class, key));
		assertThat(accepted(id)).hasSize(1);
		assertThat(count(shop.tenant.id(), "select count(*) from app.whatsapp_notifications")).as("nothing shared").isZero();
		long claimed = TenantSql.call(shop.tenant.id(), jdbc -> jdbc.queryForObject(
				"select count(*) from app.whatsapp_phone_numbers where tenant_id = ?", Long.class, shop.tenant.id()));
		assertThat(claimed)
			.as("the number stays claimed in the control database").isEqualTo(1);

		Response threads = api().get("/admin/v1/whatsapp/threads").bearer(shop.tenant.ownerToken()).send();
		assertThat(threads.status()).as(threads.toString()).isEqualTo(200);
		assertThat(threads.json().path("items")).hasSize(1);
		Response messages = api()
			.get("/admin/v1/whatsapp/threads/" + threads.json().path("items").path(0).path("id").asString() + "/messages")
			.bearer(shop.tenant.ownerToken())
			.send();
		assertThat(messages.json().path("items").path(0).path("direction").asString()).isEqualTo("outbound");
		Response test = api().post("/admin/v1/whatsapp/account/test")
			.bearer(shop.tenant.ownerToken())
			.body(Map.of("to", phone))
			.send();
		assertThat(test.status()).as(test.toString()).isEqualTo(200);
	}

}
