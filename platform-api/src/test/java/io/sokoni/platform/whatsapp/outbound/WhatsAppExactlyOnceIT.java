package io.sokoni.platform.whatsapp.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.outbox.OutboxEvent;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.whatsapp.WhatsAppTestBase;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.Test;

/**
 * At least once from the outbox, exactly once toward Meta: the same order event delivered several times
 * at once queues one notification, and senders racing over the same due rows (two called here, plus the
 * application's own) send each row once.
 */
class WhatsAppExactlyOnceIT extends WhatsAppTestBase {

	@Test
	void aDuplicatedOutboxEventQueuesAndSendsOneNotification() throws Exception {
		OrderFixtures shop = whatsappShop();
		String phone = shopperPhone();
		shopperWrote(shop.tenant.id(), phone, Duration.ofMinutes(2));
		UUID order = codOrder(shop, phone, true);
		String key = "order:" + order + ":order_placed";
		settled(shop.tenant.id(), key);
		UUID eventId = TenantSql.call(shop.tenant.id(), jdbc -> jdbc.queryForObject(
				"select id from app.outbox_events where aggregate_id = ? and event_type = 'order.placed'", UUID.class, order));
		OrderNotifications handler = context.getBean(OrderNotifications.class);
		OutboxEvent event = new OutboxEvent(TenantId.of(shop.tenant.id()), eventId, "order", order, "order.placed", 0);
		// The same event again, five times at once (a relay's lease ran out while another delivered it).
		try (ExecutorService pool = Executors.newFixedThreadPool(5)) {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> runs = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				runs.add(pool.submit(() -> {
					start.await();
					TenantContext.runAs(TenantId.of(shop.tenant.id()), () -> handler.handle(event));
					return null;
				}));
			}
			start.countDown();
			for (Future<?> run : runs) {
				run.get();
			}
		}
		context.getBean(NotificationSender.class).sendDue();

		assertThat(count(shop.tenant.id(), "select count(*) from app.whatsapp_notifications where order_id = ?", order))
			.isEqualTo(1);
		Map<String, Object> row = notification(shop.tenant.id(), key);
		assertThat(row.get("status")).isEqualTo("sent");
		assertThat(accepted(row.get("id"))).hasSize(1);
		assertThat(count(shop.tenant.id(), "select count(*) from app.whatsapp_messages where direction = 'outbound' "
				+ "and metadata ->> 'notificationId' = ?", row.get("id").toString())).isEqualTo(1);
	}

	@Test
	void racingSendersSendEveryRowOnce() throws Exception {
		OrderFixtures shop = whatsappShop();
		NotificationSender sender = context.getBean(NotificationSender.class);
		int rows = 60;
		List<UUID> ids = new ArrayList<>();
		// Queued in one transaction (as a burst of cart replies would be), due at once.
		TenantSql.run(shop.tenant.id(), jdbc -> {
			for (int i = 0; i < rows; i++) {
				String phone = shopperPhone();
				UUID thread = UUID.randomUUID();
				jdbc.update("insert into app.whatsapp_threads (tenant_id, id, wa_id, last_inbound_at) values (?, ?, ?, now())",
						shop.tenant.id(), thread, phone);
				UUID id = UUID.randomUUID();
				ids.add(id);
				jdbc.update("""
						insert into app.whatsapp_notifications (tenant_id, id, notification_key, kind, thread_id, to_wa_id, body)
						values (?, ?, ?, 'cart_reply', ?, ?, 'Your cart is ready')""", shop.tenant.id(), id,
						"cart_reply:wamid.race" + id, thread, phone);
			}
		});
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
			List<Future<Integer>> runs = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				runs.add(pool.submit((Callable<Integer>) () -> {
					start.await();
					return sender.sendDue();
				}));
			}
			start.countDown();
			for (Future<Integer> run : runs) {
				run.get();
			}
		}
		await("all sent", () -> count(shop.tenant.id(),
				"select count(*) from app.whatsapp_notifications where kind = 'cart_reply' and status = 'sent'") == rows);
		for (UUID id : ids) {
			assertThat(accepted(id)).as("sent once: " + id).hasSize(1);
		}
		assertThat(count(shop.tenant.id(), "select count(*) from app.whatsapp_notifications where attempts <> 1"))
			.as("each row claimed once").isZero();
	}

}
