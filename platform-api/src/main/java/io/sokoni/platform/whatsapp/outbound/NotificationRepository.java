package io.sokoni.platform.whatsapp.outbound;

import static io.sokoni.jooq.Tables.WHATSAPP_MESSAGES;
import static io.sokoni.jooq.Tables.WHATSAPP_NOTIFICATIONS;
import static io.sokoni.jooq.Tables.WHATSAPP_THREADS;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.jooq.tables.records.WhatsappNotificationsRecord;
import io.sokoni.platform.Ids;
import io.sokoni.tenant.TenantContext;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The bound tenant's queued WhatsApp messages, their threads (as far as sending needs) and sent messages. */
@Repository
class NotificationRepository {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DSLContext dsl;

	NotificationRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	/** What a queued message carries. */
	record Queued(String key, String kind, UUID orderId, UUID threadId, String toWaId, String body,
			String templateName, String templateLanguage, List<String> templateParams, String status, String lastError) {
	}

	/** Queues a message once per key: the id of the new row, empty when the key was queued before. */
	Optional<UUID> enqueue(Queued queued) {
		UUID id = Ids.next();
		return dsl.insertInto(WHATSAPP_NOTIFICATIONS)
			.set(WHATSAPP_NOTIFICATIONS.TENANT_ID, tenant())
			.set(WHATSAPP_NOTIFICATIONS.ID, id)
			.set(WHATSAPP_NOTIFICATIONS.NOTIFICATION_KEY, queued.key())
			.set(WHATSAPP_NOTIFICATIONS.KIND, queued.kind())
			.set(WHATSAPP_NOTIFICATIONS.ORDER_ID, queued.orderId())
			.set(WHATSAPP_NOTIFICATIONS.THREAD_ID, queued.threadId())
			.set(WHATSAPP_NOTIFICATIONS.TO_WA_ID, queued.toWaId())
			.set(WHATSAPP_NOTIFICATIONS.BODY, queued.body())
			.set(WHATSAPP_NOTIFICATIONS.TEMPLATE_NAME, queued.templateName())
			.set(WHATSAPP_NOTIFICATIONS.TEMPLATE_LANGUAGE, queued.templateLanguage())
			.set(WHATSAPP_NOTIFICATIONS.TEMPLATE_PARAMS,
					queued.templateParams() == null ? null : JSONB.valueOf(JSON.writeValueAsString(queued.templateParams())))
			.set(WHATSAPP_NOTIFICATIONS.STATUS, queued.status())
			.set(WHATSAPP_NOTIFICATIONS.LAST_ERROR, queued.lastError())
			.onConflict(WHATSAPP_NOTIFICATIONS.TENANT_ID, WHATSAPP_NOTIFICATIONS.NOTIFICATION_KEY)
			.doNothing()
			.returning(WHATSAPP_NOTIFICATIONS.ID)
			.fetchOptional(WHATSAPP_NOTIFICATIONS.ID);
	}

	/**
	 * Claims up to {@code limit} due rows: pending ones whose time has come, and rows another sender
	 * claimed whose lease ran out. Locked rows are skipped (another sender has them), and the status is
	 * checked again on the locked row, so two senders never claim one row. Each claim counts an attempt.
	 */
	List<WhatsappNotificationsRecord> claim(int limit, OffsetDateTime leaseUntil) {
		Condition due = WHATSAPP_NOTIFICATIONS.STATUS.eq("pending")
			.and(WHATSAPP_NOTIFICATIONS.NEXT_ATTEMPT_AT.le(DSL.currentOffsetDateTime()))
			.or(WHATSAPP_NOTIFICATIONS.STATUS.eq("sending")
				.and(WHATSAPP_NOTIFICATIONS.NEXT_ATTEMPT_AT.lt(DSL.currentOffsetDateTime())));
		var ids = DSL.select(WHATSAPP_NOTIFICATIONS.ID)
			.from(WHATSAPP_NOTIFICATIONS)
			.where(WHATSAPP_NOTIFICATIONS.TENANT_ID.eq(tenant()), due)
			.orderBy(WHATSAPP_NOTIFICATIONS.NEXT_ATTEMPT_AT)
			.limit(limit)
			.forUpdate()
			.skipLocked();
		return dsl.update(WHATSAPP_NOTIFICATIONS)
			.set(WHATSAPP_NOTIFICATIONS.STATUS, "sending")
			.set(WHATSAPP_NOTIFICATIONS.NEXT_ATTEMPT_AT, leaseUntil)
			.set(WHATSAPP_NOTIFICATIONS.ATTEMPTS, WHATSAPP_NOTIFICATIONS.ATTEMPTS.plus(1))
			.where(WHATSAPP_NOTIFICATIONS.TENANT_ID.eq(tenant()), WHATSAPP_NOTIFICATIONS.ID.in(ids), due)
			.returning()
			.fetch();
	}

	/**
	 * Finishes a row as sent: a claimed one, or a parked one whose outcome was unknown and a status update
	 * confirmed; false when it is in neither state (another sender finished it).
	 */
	boolean sent(UUID id, UUID messageId, String wamid, String sentAs) {
		return dsl.update(WHATSAPP_NOTIFICATIONS)
			.set(WHATSAPP_NOTIFICATIONS.STATUS, "sent")
			.set(WHATSAPP_NOTIFICATIONS.MESSAGE_ID, messageId)
			.set(WHATSAPP_NOTIFICATIONS.WAMID, wamid)
			.set(WHATSAPP_NOTIFICATIONS.SENT_AS, sentAs)
			.set(WHATSAPP_NOTIFICATIONS.SENT_AT, DSL.currentOffsetDateTime())
			.setNull(WHATSAPP_NOTIFICATIONS.LAST_ERROR)
			.where(WHATSAPP_NOTIFICATIONS.TENANT_ID.eq(tenant()), WHATSAPP_NOTIFICATIONS.ID.eq(id),
					WHATSAPP_NOTIFICATIONS.STATUS.in("sending", "parked"))
			.execute() == 1;
	}

	/** Moves a claimed row to a final state (skipped, parked) or back to pending at {@code next}. */
	void finish(UUID id, String status, String error, OffsetDateTime next, boolean uncountAttempt) {
		var update = dsl.update(WHATSAPP_NOTIFICATIONS)
			.set(WHATSAPP_NOTIFICATIONS.STATUS, status)
			.set(WHATSAPP_NOTIFICATIONS.LAST_ERROR, error == null ? null : error.length() > 2000 ? error.substring(0, 2000) : error)
			.set(WHATSAPP_NOTIFICATIONS.NEXT_ATTEMPT_AT, next == null ? DSL.currentOffsetDateTime() : DSL.val(next));
		if (uncountAttempt) {
			update = update.set(WHATSAPP_NOTIFICATIONS.ATTEMPTS, DSL.greatest(WHATSAPP_NOTIFICATIONS.ATTEMPTS.minus(1), DSL.inline(0)));
		}
		update.where(WHATSAPP_NOTIFICATIONS.TENANT_ID.eq(tenant()), WHATSAPP_NOTIFICATIONS.ID.eq(id),
				WHATSAPP_NOTIFICATIONS.STATUS.eq("sending"))
			.execute();
	}

	/** Puts a parked row back in line with fresh attempts; false when it is not parked. */
	boolean unpark(UUID id) {
		return dsl.update(WHATSAPP_NOTIFICATIONS)
			.set(WHATSAPP_NOTIFICATIONS.STATUS, "pending")
			.set(WHATSAPP_NOTIFICATIONS.ATTEMPTS, 0)
			.set(WHATSAPP_NOTIFICATIONS.NEXT_ATTEMPT_AT, DSL.currentOffsetDateTime())
			.where(WHATSAPP_NOTIFICATIONS.TENANT_ID.eq(tenant()), WHATSAPP_NOTIFICATIONS.ID.eq(id),
					WHATSAPP_NOTIFICATIONS.STATUS.eq("parked"))
			.execute() == 1;
	}

	/** A thread as the sender needs it. */
	record Thread(UUID id, OffsetDateTime lastInboundAt, OffsetDateTime optedOutAt) {
	}

	/** The shopper's thread, created (without any inbound message yet) when there is none. */
	Thread thread(String waId, UUID customerId) {
		dsl.insertInto(WHATSAPP_THREADS)
			.set(WHATSAPP_THREADS.TENANT_ID, tenant())
			.set(WHATSAPP_THREADS.ID, Ids.next())
			.set(WHATSAPP_THREADS.WA_ID, waId)
			.set(WHATSAPP_THREADS.CUSTOMER_ID, customerId)
			.onConflict(WHATSAPP_THREADS.TENANT_ID, WHATSAPP_THREADS.WA_ID)
			.doNothing()
			.execute();
		return findThread(waId).orElseThrow();
	}

	Optional<Thread> findThread(String waId) {
		return dsl.select(WHATSAPP_THREADS.ID, WHATSAPP_THREADS.LAST_INBOUND_AT, WHATSAPP_THREADS.OPTED_OUT_AT)
			.from(WHATSAPP_THREADS)
			.where(WHATSAPP_THREADS.TENANT_ID.eq(tenant()), WHATSAPP_THREADS.WA_ID.eq(waId))
			.fetchOptional(r -> new Thread(r.value1(), r.value2(), r.value3()));
	}

	/**
	 * Records a message Meta accepted (pending until its first status), then applies the statuses already
	 * recorded for its wamid: a status webhook can arrive before this row exists. Empty when a message with
	 * this wamid is recorded already.
	 */
	Optional<UUID> insertOutbound(UUID threadId, String wamid, String kind, String body, String templateName,
			java.util.Map<String, Object> metadata) {
		UUID id = Ids.next();
		int inserted = dsl.insertInto(WHATSAPP_MESSAGES)
			.set(WHATSAPP_MESSAGES.TENANT_ID, tenant())
			.set(WHATSAPP_MESSAGES.ID, id)
			.set(WHATSAPP_MESSAGES.THREAD_ID, threadId)
			.set(WHATSAPP_MESSAGES.DIRECTION, "outbound")
			.set(WHATSAPP_MESSAGES.WAMID, wamid)
			.set(WHATSAPP_MESSAGES.KIND, kind)
			.set(WHATSAPP_MESSAGES.BODY, body)
			.set(WHATSAPP_MESSAGES.TEMPLATE_NAME, templateName)
			.set(WHATSAPP_MESSAGES.METADATA, JSONB.valueOf(JSON.writeValueAsString(metadata)))
			.set(WHATSAPP_MESSAGES.STATUS, "pending")
			.set(WHATSAPP_MESSAGES.SENT_AT, DSL.currentOffsetDateTime())
			.onConflict(WHATSAPP_MESSAGES.TENANT_ID, WHATSAPP_MESSAGES.WAMID)
			.where(WHATSAPP_MESSAGES.WAMID.isNotNull())
			.doNothing()
			.execute();
		if (inserted == 0) {
			return Optional.empty();
		}
		// Statuses that arrived before Meta's answer was stored (the webhook can be faster) apply now.
		io.sokoni.platform.whatsapp.MessageStatuses.refresh(dsl, tenant(), wamid).execute();
		dsl.update(WHATSAPP_THREADS)
			.set(WHATSAPP_THREADS.LAST_MESSAGE_AT, DSL.currentOffsetDateTime())
			.set(WHATSAPP_THREADS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(WHATSAPP_THREADS.TENANT_ID.eq(tenant()), WHATSAPP_THREADS.ID.eq(threadId))
			.execute();
		return Optional.of(id);
	}

	void linkThread(UUID notificationId, UUID threadId) {
		dsl.update(WHATSAPP_NOTIFICATIONS)
			.set(WHATSAPP_NOTIFICATIONS.THREAD_ID, threadId)
			.where(WHATSAPP_NOTIFICATIONS.TENANT_ID.eq(tenant()), WHATSAPP_NOTIFICATIONS.ID.eq(notificationId),
					WHATSAPP_NOTIFICATIONS.THREAD_ID.isNull())
			.execute();
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
