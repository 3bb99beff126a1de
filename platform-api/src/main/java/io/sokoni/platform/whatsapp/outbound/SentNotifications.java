package io.sokoni.platform.whatsapp.outbound;

import static io.sokoni.jooq.Tables.WHATSAPP_NOTIFICATIONS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.jooq.tables.records.WhatsappNotificationsRecord;
import io.sokoni.platform.whatsapp.MessageStatuses;
import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records that Meta accepted a notification: its outbound message, and the notification marked sent with
 * the wamid. Two paths lead here, in the bound tenant's transaction:
 * <ul>
 * <li>the sender storing Meta's answer to its send;</li>
 * <li>a status webhook whose {@code biz_opaque_callback_data} (what every send carries: the notification
 * id and whether the text or the template went) names a notification whose answer was never stored: the
 * sender died between Meta's answer and its commit, or gave up waiting for the answer (parked as
 * "outcome unknown"). Without this, the sender would send it again once its lease ran out.</li>
 * </ul>
 * Whichever comes second changes nothing (the wamid is unique per tenant).
 */
@Component
public class SentNotifications {

	private static final Logger log = LoggerFactory.getLogger(SentNotifications.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final NotificationRepository notifications;

	private final DSLContext dsl;

	SentNotifications(NotificationRepository notifications, DSLContext dsl) {
		this.notifications = notifications;
		this.dsl = dsl;
	}

	/** What a send of this notification carries as biz_opaque_callback_data. */
	static String callbackData(UUID notificationId, String sentAs) {
		return notificationId + ":" + sentAs;
	}

	/** A status update naming a message: its wamid and the callback data Meta echoed. */
	public record Echo(String wamid, String callbackData) {
	}

	/**
	 * Confirms, from status updates, the notifications whose send answer was never stored (one read when
	 * there are none, the usual case).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void confirm(List<Echo> echoes) {
		Map<UUID, Echo> byNotification = new LinkedHashMap<>();
		for (Echo echo : echoes) {
			parse(echo.callbackData()).ifPresent(id -> byNotification.putIfAbsent(id, echo));
		}
		if (byNotification.isEmpty()) {
			return;
		}
		List<WhatsappNotificationsRecord> unconfirmed = dsl.selectFrom(WHATSAPP_NOTIFICATIONS)
			.where(WHATSAPP_NOTIFICATIONS.TENANT_ID.eq(TenantContext.require().value()),
					WHATSAPP_NOTIFICATIONS.ID.in(byNotification.keySet()),
					WHATSAPP_NOTIFICATIONS.STATUS.in("sending", "parked"), WHATSAPP_NOTIFICATIONS.WAMID.isNull())
			.forUpdate()
			.fetch();
		for (WhatsappNotificationsRecord row : unconfirmed) {
			Echo echo = byNotification.get(row.getId());
			String sentAs = echo.callbackData().endsWith(":template") ? "template" : "text";
			UUID threadId = row.getThreadId() != null ? row.getThreadId()
					: notifications.thread(row.getToWaId(), null).id();
			if (record(row, threadId, echo.wamid(), sentAs)) {
				log.info("WhatsApp notification {} confirmed as sent ({}) by a status update: its send answer "
						+ "was never stored", row.getId(), echo.wamid());
			}
		}
		// The lock above waited for a transaction recording the same send (the sender, or another status
		// delivery) to commit; its message row may not have been visible when this transaction applied
		// its statuses, so they are applied again now that it is.
		MessageStatuses.refreshAll(dsl, TenantContext.require().value(),
				byNotification.values().stream().map(Echo::wamid).toList()).execute();
	}

	/**
	 * Stores the outbound message and marks the notification sent; false when this wamid was recorded
	 * already (the other path came first).
	 */
	boolean record(WhatsappNotificationsRecord row, UUID threadId, String wamid, String sentAs) {
		boolean template = sentAs.equals("template");
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("notificationId", row.getId().toString());
		metadata.put("notificationKind", row.getKind());
		if (template) {
			metadata.put("templateLanguage", row.getTemplateLanguage());
			metadata.put("templateParams", templateParameters(row));
		}
		Optional<UUID> messageId = notifications.insertOutbound(threadId, wamid, sentAs,
				template ? null : row.getBody(), template ? row.getTemplateName() : null, metadata);
		if (messageId.isEmpty()) {
			return false;
		}
		if (!notifications.sent(row.getId(), messageId.get(), wamid, sentAs)) {
			// Our lease ran out and another sender took the row: the sent message is recorded regardless.
			log.warn("WhatsApp notification {} was sent ({}) after its lease ran out", row.getId(), wamid);
		}
		return true;
	}

	/** The template's body parameters, fixed when the notification was queued. */
	static List<String> templateParameters(WhatsappNotificationsRecord row) {
		if (row.getTemplateParams() == null) {
			return List.of();
		}
		List<String> values = new ArrayList<>();
		JSON.readTree(row.getTemplateParams().data()).forEach(node -> values.add(node.asString()));
		return values;
	}

	private static Optional<UUID> parse(String callbackData) {
		if (callbackData == null || !(callbackData.endsWith(":text") || callbackData.endsWith(":template"))) {
			return Optional.empty(); // not ours, or a send of another kind
		}
		try {
			return Optional.of(UUID.fromString(callbackData.substring(0, callbackData.indexOf(':'))));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
