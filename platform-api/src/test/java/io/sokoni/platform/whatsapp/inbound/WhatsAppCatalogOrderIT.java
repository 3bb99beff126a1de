package io.sokoni.platform.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.whatsapp.standin.StandInWebhooks;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Catalog {@code order} messages become carts on the whatsapp channel: re-priced from Sokoni's catalog,
 * capped by sellable stock, unknown and unavailable items listed in the reply; once per message however
 * often Meta delivers it; checked out through the ordinary checkout, channel kept.
 */
class WhatsAppCatalogOrderIT extends WhatsAppInboundTestBase {

	private static final Pattern LINK = Pattern.compile("https://([^/\\s]+)/checkout\\?cart=([A-Za-z0-9_-]{43})");

	@Test
	void anOrderBecomesAWhatsAppCartPricedFromTheCatalogAndCheckedOutAsAWhatsAppOrder() {
		TestTenant tenant = fixtures().tenant();
		OrderFixtures shop = new OrderFixtures(api(), tenant);
		String number = registerNumber(tenant.id());
		UUID flour = shop.variant(18_000, 10);
		UUID sugar = shop.variant(25_050, 3);
		UUID archived = shop.variant(9_900, 10);
		new CatalogFixtures(tenant).setStatus(productOf(tenant.id(), archived), "archived");
		String from = shopper();
		String wamid = StandInWebhooks.newWamid();

		postSigned(StandInWebhooks.message(number, from, "Akinyi", wamid, "order",
				order(sku(tenant.id(), flour), "2", sku(tenant.id(), sugar), "5", "NO-SUCH-SKU", "1",
						sku(tenant.id(), archived), "1")));

		await("the reply queued", () -> count(tenant.id(),
				"select count(*) from app.whatsapp_notifications where notification_key = ?", "cart_reply:" + wamid) == 1);
		Map<String, Object> cart = rows(tenant.id(), """
				select c.id, c.channel, c.status, c.customer_id, t.customer_id as thread_customer
				from app.whatsapp_threads t join app.carts c on c.tenant_id = t.tenant_id and c.id = t.cart_id
				where t.wa_id = ?""", "+" + from).get(0);
		assertThat(cart.get("channel")).isEqualTo("whatsapp");
		assertThat(cart.get("customer_id")).isNotNull().isEqualTo(cart.get("thread_customer"));
		List<Map<String, Object>> items = rows(tenant.id(),
				"select variant_id, quantity, unit_price_cents from app.cart_items where cart_id = ? order by unit_price_cents",
				cart.get("id"));
		assertThat(items).hasSize(2);
		assertThat(items.get(0)).containsEntry("variant_id", flour).containsEntry("quantity", 2)
			.containsEntry("unit_price_cents", 18_000L);
		assertThat(items.get(1)).as("capped by the stock of 3").containsEntry("variant_id", sugar)
			.containsEntry("quantity", 3).containsEntry("unit_price_cents", 25_050L);

		Map<String, Object> reply = rows(tenant.id(),
				"select kind, status, to_wa_id, thread_id, body from app.whatsapp_notifications where notification_key = ?",
				"cart_reply:" + wamid).get(0);
		assertThat(reply).containsEntry("kind", "cart_reply").containsEntry("to_wa_id", "+" + from);
		// No number is connected here, so the sender skips it (WhatsAppOrderReplyIT sends one).
		assertThat(reply.get("status")).isIn("pending", "skipped");
		String text = (String) reply.get("body");
		assertThat(text).contains("Akinyi", "KES 360.00", "KES 751.50", "Subtotal: KES 1,111.50", "NO-SUCH-SKU",
				"not in our catalogue", "no longer sold", "only 3 available (you asked for 5)");
		Matcher link = LINK.matcher(text);
		assertThat(link.find()).as(text).isTrue();
		assertThat(link.group(1)).isEqualTo(tenant.host());
		Map<String, Object> metadata = rows(tenant.id(),
				"select metadata::text as m from app.whatsapp_messages where wamid = ? and kind = 'order'", wamid).get(0);
		assertThat((String) metadata.get("m")).contains(cart.get("id").toString(), "not in our catalogue");

		// The link's token is the storefront's cart: the ordinary checkout keeps the WhatsApp channel.
		Response cartView = api().get("/storefront/v1/carts/" + link.group(2)).host(tenant.host()).send();
		assertThat(cartView.status()).as(cartView.toString()).isEqualTo(200);
		assertThat(cartView.json().path("channel").asString()).isEqualTo("whatsapp");
		Response placed = shop.checkout(link.group(2), UUID.randomUUID().toString(),
				OrderFixtures.checkoutBody("cod", "+" + from, "Westlands"));
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		assertThat(rows(tenant.id(), "select channel, customer_id from app.orders where cart_id = ?", cart.get("id")).get(0))
			.containsEntry("channel", "whatsapp")
			.as("the WhatsApp shopper and the checkout customer are one").containsEntry("customer_id", cart.get("customer_id"));
	}

	@Test
	void theSameOrderDeliveredFiveTimesAtOnceMakesOneMessageOneCartOneReply() throws Exception {
		TestTenant tenant = fixtures().tenant();
		OrderFixtures shop = new OrderFixtures(api(), tenant);
		String number = registerNumber(tenant.id());
		UUID flour = shop.variant(18_000, 10);
		String from = shopper();
		String wamid = StandInWebhooks.newWamid();
		ObjectNode delivery = StandInWebhooks.message(number, from, "Akinyi", wamid, "order",
				order(sku(tenant.id(), flour), "1"));
		CyclicBarrier start = new CyclicBarrier(5);
		List<CompletableFuture<Answer>> answers = new ArrayList<>();
		try (var threads = Executors.newFixedThreadPool(5)) {
			for (int i = 0; i < 5; i++) {
				answers.add(CompletableFuture.supplyAsync(() -> {
					try {
						start.await();
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
					return postSigned(delivery);
				}, threads));
			}
		}
		assertThat(answers).allSatisfy(a -> assertThat(a.join().status()).isEqualTo(200));
		await("all five processed", () -> deliveries(
				"select 1 from app.whatsapp_webhook_deliveries where body like ? and processed_at is not null",
				"%" + wamid + "%").size() == 5);
		assertThat(count(tenant.id(), "select count(*) from app.whatsapp_messages where wamid = ?", wamid)).isEqualTo(1);
		assertThat(count(tenant.id(), "select count(*) from app.carts where channel = 'whatsapp'")).isEqualTo(1);
		assertThat(count(tenant.id(), "select count(*) from app.whatsapp_notifications")).isEqualTo(1);
		assertThat(count(tenant.id(), "select unread_count from app.whatsapp_threads where wa_id = ?", "+" + from))
			.isEqualTo(1);
	}

	@Test
	void anOrderOfNothingSellableMakesNoCartButStillAnswers() {
		TestTenant tenant = fixtures().tenant();
		OrderFixtures shop = new OrderFixtures(api(), tenant);
		String number = registerNumber(tenant.id());
		UUID soldOut = shop.variant(5_000, 0);
		String wamid = StandInWebhooks.newWamid();
		postSigned(StandInWebhooks.message(number, shopper(), null, wamid, "order",
				order(sku(tenant.id(), soldOut), "2", "GHOST-1", "1")));
		await("the reply queued", () -> count(tenant.id(),
				"select count(*) from app.whatsapp_notifications where notification_key = ?", "cart_reply:" + wamid) == 1);
		assertThat(count(tenant.id(), "select count(*) from app.carts")).isZero();
		String text = (String) rows(tenant.id(), "select body from app.whatsapp_notifications").get(0).get("body");
		assertThat(text).contains("none of the items", "out of stock", "GHOST-1").doesNotContain("checkout?cart=");
	}

	static String sku(UUID tenant, UUID variant) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForObject("select sku from app.product_variants where id = ?",
				String.class, variant));
	}

	static UUID productOf(UUID tenant, UUID variant) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForObject(
				"select product_id from app.product_variants where id = ?", UUID.class, variant));
	}

}
