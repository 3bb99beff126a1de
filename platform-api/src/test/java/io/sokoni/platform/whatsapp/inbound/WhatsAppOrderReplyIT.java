package io.sokoni.platform.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.whatsapp.standin.GraphStandIn;
import org.junit.jupiter.api.Test;

/**
 * The whole loop on one machine, as in the README's demo: a connected number, a catalog order posted by
 * the Graph stand-in, the cart, its reply sent by the notification sender to the stand-in, and the
 * stand-in's sent/delivered/read statuses recorded on the reply.
 */
class WhatsAppOrderReplyIT extends WhatsAppInboundTestBase {

	@Test
	void aCatalogOrderArrivesAsACartAndItsReplyGoesOut() {
		OrderFixtures shop = new OrderFixtures(api(), fixtures().tenant());
		UUID tenant = shop.tenant.id();
		String number = String.valueOf(100_000_000_000_000L + UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L
				+ 1_000_000_000L);
		Response connected = api().put("/admin/v1/whatsapp/account")
			.bearer(shop.tenant.ownerToken())
			.body(Map.of("phoneNumberId", number, "wabaId", "102290129340398", "displayNumber", "0722 000 111",
					"accessToken", "EAAGdemo" + UUID.randomUUID().toString().replace("-", "")))
			.send();
		assertThat(connected.status()).as(connected.toString()).isEqualTo(200);
		UUID flour = shop.variant(18_000, 10);
		String from = shopper();

		Response posted = api().post("/graph-standin/simulate/messages")
			.body(Map.of("phoneNumberId", number, "from", from, "name", "Akinyi", "type", "order", "items",
					List.of(Map.of("retailerId", WhatsAppCatalogOrderIT.sku(tenant, flour), "quantity", 2, "price", 1.0))))
			.send();
		assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
		String order = posted.json().path("wamid").asString();

		// The sender's round trip to the stand-in (this same application) can be slow on a loaded machine.
		await("the reply sent", java.time.Duration.ofSeconds(60), () -> count(tenant, "select count(*) from app.whatsapp_notifications "
				+ "where notification_key = ? and status = 'sent' and wamid is not null", "cart_reply:" + order) == 1);
		String replyWamid = (String) rows(tenant, "select wamid from app.whatsapp_notifications where notification_key = ?",
				"cart_reply:" + order).get(0).get("wamid");
		assertThat(context.getBean(GraphStandIn.class).accepted())
			.anySatisfy(a -> {
				assertThat(a.wamid()).isEqualTo(replyWamid);
				assertThat(a.to()).isEqualTo(from);
				assertThat(a.type()).isEqualTo("text");
			});
		assertThat(count(tenant, "select count(*) from app.cart_items ci join app.carts c on c.tenant_id = ci.tenant_id "
				+ "and c.id = ci.cart_id where c.channel = 'whatsapp' and ci.quantity = 2 and ci.unit_price_cents = 18000"))
			.isEqualTo(1);
		await("the stand-in's statuses on the reply", java.time.Duration.ofSeconds(60), () -> count(tenant, "select count(*) from app.whatsapp_messages "
				+ "where wamid = ? and direction = 'outbound' and status = 'read'", replyWamid) == 1);
	}

}
