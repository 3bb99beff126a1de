package io.sokoni.platform.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.whatsapp.standin.GraphStandIn;
import io.sokoni.platform.whatsapp.standin.StandInSendListener;

/**
 * Outbound WhatsApp tests against the Graph stand-in served by the application itself (the shared
 * WhatsApp test context). Shoppers get
 * numbers of their own (random Kenyan mobiles) unless a test needs one of the stand-in's error numbers;
 * what the stand-in accepted is matched by the notification id Sokoni sends as biz_opaque_callback_data.
 */
public abstract class WhatsAppTestBase extends WhatsAppContextBase {

	public static final String OUTSIDE_WINDOW = "+254799131047";

	public static final String THROTTLED_ONCE = "+254799130430";

	public static final String FAILS = "+254799000500";

	public static final String FAILS_TWICE = "+254799000501";

	public static final String UNDELIVERABLE = "+254799131026";

	public static final String HANGS = "+254799000504";

	/** A random Kenyan mobile number, +254 7xx xxx xxx, not one of the stand-in's special numbers. */
	public static String shopperPhone() {
		return "+2547" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
	}

	public static String phoneNumberId() {
		return String.valueOf(100_000_000_000_000L + ThreadLocalRandom.current().nextLong(800_000_000_000_000L));
	}

	public Response connect(TestTenant tenant, String phoneNumberId) {
		return api().put("/admin/v1/whatsapp/account")
			.bearer(tenant.ownerToken())
			.body(Map.of("phoneNumberId", phoneNumberId, "wabaId", "102290129340398", "displayNumber", "0722 000 111",
					"accessToken", "EAAGtest" + UUID.randomUUID().toString().replace("-", "") + "Z9x1"))
			.send();
	}

	/** Turns these kinds on, each with template {@code <kind>_tpl} (en) when {@code templates}. */
	public void enable(TestTenant tenant, boolean templates, String... kinds) {
		List<Map<String, Object>> settings = new ArrayList<>();
		for (String kind : kinds) {
			Map<String, Object> setting = new LinkedHashMap<>();
			setting.put("kind", kind);
			setting.put("enabled", true);
			if (templates) {
				setting.put("templateName", kind + "_tpl");
				setting.put("templateLanguage", "en");
			}
			settings.add(setting);
		}
		Response saved = api().put("/admin/v1/whatsapp/notification-settings")
			.bearer(tenant.ownerToken())
			.body(Map.of("settings", settings))
			.send();
		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
	}

	/** A connected shop with a delivery zone, every notification kind on with a template. */
	public OrderFixtures whatsappShop() {
		TestTenant tenant = fixtures().tenant();
		Response connected = connect(tenant, phoneNumberId());
		assertThat(connected.status()).as(connected.toString()).isEqualTo(200);
		enable(tenant, true, "order_placed", "payment_received", "payment_failed", "dispatched", "delivered", "cancelled");
		return new OrderFixtures(api(), tenant);
	}

	/** A cash-on-delivery order of one unit by a shopper with this phone, WhatsApp opt-in ticked. */
	public UUID codOrder(OrderFixtures shop, String phone, boolean optIn) {
		UUID variant = shop.variant(125_000, 20);
		Map<String, Object> body = OrderFixtures.checkoutBody("cod", phone, "Westlands");
		body.put("customer", Map.of("phone", phone, "name", "Wanjiru Kamau", "whatsappOptIn", optIn));
		Response placed = shop.checkout(shop.cart(variant, 1), UUID.randomUUID().toString(), body);
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		return UUID.fromString(placed.json().path("id").asString());
	}

	/** The shopper wrote to the number {@code ago} ago (opens the 24-hour window when recent). */
	public static UUID shopperWrote(UUID tenant, String phone, Duration ago) {
		return TenantSql.call(tenant, jdbc -> {
			jdbc.update("""
					insert into app.whatsapp_threads (tenant_id, id, wa_id, last_inbound_at, last_message_at)
					values (?, ?, ?, now() - ?::interval, now() - ?::interval)
					on conflict (tenant_id, wa_id) do update set last_inbound_at = excluded.last_inbound_at""", tenant,
					UUID.randomUUID(), phone, ago.toSeconds() + " seconds", ago.toSeconds() + " seconds");
			return jdbc.queryForObject("select id from app.whatsapp_threads where wa_id = ?", UUID.class, phone);
		});
	}

	public Response move(OrderFixtures shop, UUID order, String status) {
		Response moved = api().post("/admin/v1/orders/" + order + "/status")
			.bearer(shop.tenant.ownerToken())
			.body(Map.of("status", status))
			.send();
		assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
		return moved;
	}

	/** The tenant's notification of this key, as stored. */
	public static Map<String, Object> notification(UUID tenant, String key) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForList(
				"select id, kind, status, attempts, sent_as, wamid, message_id, last_error, thread_id from app.whatsapp_notifications "
						+ "where notification_key = ?", key))
			.stream()
			.findFirst()
			.orElse(null);
	}

	public static long count(UUID tenant, String sql, Object... args) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForObject(sql, Long.class, args));
	}

	/**
	 * What the stand-in accepted for one notification (its id travels as biz_opaque_callback_data,
	 * {@code <id>:text} or {@code <id>:template}).
	 */
	public List<StandInSendListener.Accepted> accepted(Object notificationId) {
		return context.getBean(GraphStandIn.class)
			.accepted()
			.stream()
			.filter(m -> m.bizOpaqueCallbackData() != null
					&& m.bizOpaqueCallbackData().startsWith(notificationId + ":"))
			.toList();
	}

	/** Waits until the notification of this key is in a final state (sent, parked, skipped). */
	public Map<String, Object> settled(UUID tenant, String key) {
		await("notification " + key + " settled", () -> {
			Map<String, Object> row = notification(tenant, key);
			return row != null && List.of("sent", "parked", "skipped").contains(row.get("status"));
		});
		return notification(tenant, key);
	}

	public static void await(String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited for: " + what).isLessThan(deadline);
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
