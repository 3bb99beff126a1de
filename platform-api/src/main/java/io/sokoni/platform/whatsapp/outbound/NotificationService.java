package io.sokoni.platform.whatsapp.outbound;

import static io.sokoni.jooq.Tables.WHATSAPP_NOTIFICATIONS;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.jooq.tables.records.WhatsappNotificationsRecord;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.TenantContext;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The bound tenant's queued WhatsApp messages: listed (newest first, keyset), a parked one put back in
 * line, and merchant replies queued for the sender.
 */
@Service
public class NotificationService {

	private final DSLContext dsl;

	private final NotificationRepository notifications;

	private final NotificationSender sender;

	private final AuditTrail audit;

	NotificationService(DSLContext dsl, NotificationRepository notifications, NotificationSender sender,
			AuditTrail audit) {
		this.dsl = dsl;
		this.notifications = notifications;
		this.sender = sender;
		this.audit = audit;
	}

	@Transactional(readOnly = true)
	public List<NotificationView> list(String status, UUID orderId, UUID threadId, UUID after, int limit) {
		Condition filter = WHATSAPP_NOTIFICATIONS.TENANT_ID.eq(TenantContext.require().value());
		if (status != null) {
			filter = filter.and(WHATSAPP_NOTIFICATIONS.STATUS.eq(status));
		}
		if (orderId != null) {
			filter = filter.and(WHATSAPP_NOTIFICATIONS.ORDER_ID.eq(orderId));
		}
		if (threadId != null) {
			filter = filter.and(WHATSAPP_NOTIFICATIONS.THREAD_ID.eq(threadId));
		}
		if (after != null) {
			// Ids are UUIDv7: their order is the order of creation.
			filter = filter.and(WHATSAPP_NOTIFICATIONS.ID.lt(after));
		}
		return dsl.selectFrom(WHATSAPP_NOTIFICATIONS)
			.where(filter)
			.orderBy(WHATSAPP_NOTIFICATIONS.ID.desc())
			.limit(limit)
			.fetch(NotificationService::view);
	}

	@Transactional(readOnly = true)
	public NotificationView get(UUID id) {
		return find(id).map(NotificationService::view).orElseThrow(() -> ApiException.notFound("WhatsApp notification"));
	}

	/** A parked message back in line with fresh attempts (409 when it is not parked). */
	@Transactional
	public NotificationView retry(UUID id) {
		WhatsappNotificationsRecord row = find(id).orElseThrow(() -> ApiException.notFound("WhatsApp notification"));
		if (!notifications.unpark(id)) {
			throw new ApiException(ProblemType.CONFLICT, "Only a parked message can be retried; this one is " + row.getStatus(),
					Map.of("status", row.getStatus()));
		}
		audit.record("whatsapp_notification.retried", "whatsapp_notification", id, Map.of("key", row.getNotificationKey()));
		wakeAfterCommit();
		return get(id);
	}

	/** A queued reply, and whether this call queued it (false: the Idempotency-Key was used before). */
	public record QueuedReply(NotificationView notification, boolean created) {
	}

	/**
	 * Queues a merchant's reply on a thread (the caller checked the thread and the window): a text, a
	 * template (name, language, body parameters), or both (the text inside the window, the template
	 * outside it). With an idempotency key the reply is queued once per thread and key: the same key
	 * again answers the reply first queued with it. Joins the caller's transaction; the sender is woken
	 * after the commit.
	 */
	@Transactional
	public QueuedReply queueReply(UUID threadId, String toWaId, String text, String templateName,
			String templateLanguage, List<String> templateParams, String idempotencyKey) {
		String key = idempotencyKey == null ? "reply:" + UUID.randomUUID() : "reply:" + threadId + ":" + idempotencyKey;
		java.util.Optional<UUID> id = notifications.enqueue(new NotificationRepository.Queued(key, "reply", null, threadId,
				toWaId, text, templateName, templateLanguage, templateName == null ? null : templateParams, "pending",
				null));
		if (id.isEmpty()) {
			return new QueuedReply(dsl.selectFrom(WHATSAPP_NOTIFICATIONS)
				.where(WHATSAPP_NOTIFICATIONS.TENANT_ID.eq(TenantContext.require().value()),
						WHATSAPP_NOTIFICATIONS.NOTIFICATION_KEY.eq(key))
				.fetchSingle(NotificationService::view), false);
		}
		wakeAfterCommit();
		return new QueuedReply(get(id.get()), true);
	}

	private void wakeAfterCommit() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					sender.wake();
				}
			});
		}
		else {
			sender.wake();
		}
	}

	private java.util.Optional<WhatsappNotificationsRecord> find(UUID id) {
		return dsl.selectFrom(WHATSAPP_NOTIFICATIONS)
			.where(WHATSAPP_NOTIFICATIONS.TENANT_ID.eq(TenantContext.require().value()), WHATSAPP_NOTIFICATIONS.ID.eq(id))
			.fetchOptional();
	}

	private static NotificationView view(WhatsappNotificationsRecord r) {
		return new NotificationView(r.getId(), r.getNotificationKey(), r.getKind(), r.getOrderId(), r.getThreadId(),
				r.getToWaId(), r.getStatus(), r.getAttempts(),
				// For a row being sent next_attempt_at is its lease; for a final one it means nothing.
				"pending".equals(r.getStatus()) ? r.getNextAttemptAt() : null, r.getLastError(), r.getSentAs(),
				r.getTemplateName(), r.getWamid(), r.getMessageId(), r.getCreatedAt(), r.getSentAt());
	}

}
