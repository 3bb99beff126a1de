package io.sokoni.platform.whatsapp.outbound;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.order.OrderQueries;
import io.sokoni.platform.order.OrderView;
import io.sokoni.platform.outbox.OutboxEvent;
import io.sokoni.platform.outbox.OutboxHandler;
import io.sokoni.platform.outbox.OutboxPayloads;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.whatsapp.account.NotificationSetting;
import io.sokoni.platform.whatsapp.account.NotificationSettingsService;
import io.sokoni.platform.whatsapp.account.WhatsAppAccountService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns order events into queued WhatsApp notifications (the outbox delivers at least once; the
 * notification key makes each one queued once, so a duplicated event changes nothing):
 * <pre>
 * order.placed                       order_placed      order:&lt;id&gt;:order_placed
 * order.paid                         payment_received  order:&lt;id&gt;:payment_received
 * order.payment_failed               payment_failed    order:&lt;id&gt;:payment_failed:&lt;attempt id&gt;
 * order.status_changed to dispatched dispatched        order:&lt;id&gt;:dispatched   (once per order)
 *                      to delivered  delivered         order:&lt;id&gt;:delivered
 *                      to cancelled  cancelled         order:&lt;id&gt;:cancelled
 * </pre>
 * Nothing is queued when the tenant has no WhatsApp number or the kind is off in its settings. A shopper
 * who neither ticked the WhatsApp opt-in at checkout, nor ordered on WhatsApp, nor ever wrote to the
 * number is not messaged (Meta's policy asks for opt-in): the row is kept as {@code skipped} with the
 * reason, for the merchant to see. The text and the template's parameters are fixed when queued; whether
 * the text or the template goes is decided when sending (the 24-hour window).
 */
@Component
class OrderNotifications implements OutboxHandler {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final OrderQueries orders;

	private final OutboxPayloads payloads;

	private final NotificationSettingsService settings;

	private final WhatsAppAccountService accounts;

	private final NotificationRepository notifications;

	private final NotificationSender sender;

	private final TransactionTemplate tx;

	OrderNotifications(OrderQueries orders, OutboxPayloads payloads, NotificationSettingsService settings,
			WhatsAppAccountService accounts, NotificationRepository notifications, NotificationSender sender,
			TransactionTemplate tx) {
		this.orders = orders;
		this.payloads = payloads;
		this.settings = settings;
		this.accounts = accounts;
		this.notifications = notifications;
		this.sender = sender;
		this.tx = tx;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of("order.placed", "order.paid", "order.status_changed", "order.payment_failed");
	}

	/**
	 * Every order event of every tenant comes here, and most tenants have no WhatsApp number: for them
	 * the whole batch is delivered after one read, with no transaction per event.
	 */
	@Override
	public Map<UUID, RuntimeException> handleAll(List<OutboxEvent> events) {
		if (!accounts.connected()) {
			return Map.of();
		}
		return OutboxHandler.super.handleAll(events);
	}

	@Override
	public void handle(OutboxEvent event) {
		Boolean queued = tx.execute(s -> queue(event));
		if (Boolean.TRUE.equals(queued)) {
			sender.wake();
		}
	}

	private boolean queue(OutboxEvent event) {
		String kind;
		String keySuffix = "";
		String reason = null;
		switch (event.eventType()) {
			case "order.placed" -> kind = "order_placed";
			case "order.paid" -> kind = "payment_received";
			case "order.payment_failed" -> {
				kind = "payment_failed";
				JsonNode payload = payload(event);
				keySuffix = ":" + payload.path("attemptId").asString(event.id().toString());
				reason = payload.path("reason").asString(null);
			}
			case "order.status_changed" -> {
				String to = payload(event).path("to").asString("");
				if (!Set.of("dispatched", "delivered", "cancelled").contains(to)) {
					return false;
				}
				kind = to;
			}
			default -> {
				return false;
			}
		}
		NotificationSetting setting = settings.find(kind);
		if (!setting.enabled() || !accounts.connected()) {
			return false;
		}
		OrderView order;
		try {
			order = orders.view(event.aggregateId());
		}
		catch (ApiException notFound) {
			return false;
		}
		String to = order.customer() == null ? null : order.customer().phone();
		if (to == null) {
			return false;
		}
		String key = "order:" + order.id() + ":" + kind + keySuffix;
		String status = "pending";
		String why = null;
		Optional<NotificationRepository.Thread> thread = notifications.findThread(to);
		boolean consented = order.customer().whatsappOptIn() || "whatsapp".equals(order.channel())
				|| thread.map(t -> t.lastInboundAt() != null).orElse(false);
		if (!consented) {
			status = "skipped";
			why = "the shopper did not opt in to WhatsApp messages";
		}
		// A consenting shopper's thread exists from the first notification on: the inbox shows what was sent.
		UUID threadId = consented ? notifications.thread(to, order.customer().id()).id()
				: thread.map(NotificationRepository.Thread::id).orElse(null);
		return notifications.enqueue(new NotificationRepository.Queued(key, kind, order.id(), threadId, to,
				NotificationTexts.text(kind, order, reason), setting.templateName(), setting.templateLanguage(),
				NotificationTexts.templateParameters(order), status, why)).isPresent() && status.equals("pending");
	}

	private JsonNode payload(OutboxEvent event) {
		return payloads.payload(event.id()).map(JSON::readTree).orElseGet(() -> JSON.getNodeFactory().objectNode());
	}

}
