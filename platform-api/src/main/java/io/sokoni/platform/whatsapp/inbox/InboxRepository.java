package io.sokoni.platform.whatsapp.inbox;

import static io.sokoni.jooq.Tables.WHATSAPP_MESSAGES;
import static io.sokoni.jooq.Tables.WHATSAPP_THREADS;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.jooq.tables.records.WhatsappMessagesRecord;
import io.sokoni.jooq.tables.records.WhatsappThreadsRecord;
import io.sokoni.tenant.TenantContext;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The bound tenant's threads and messages, as the inbox reads and changes them. */
@Repository
class InboxRepository {

	static final Duration WINDOW = Duration.ofHours(24);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A thread's latest activity: its last message, else its creation. */
	static final Field<OffsetDateTime> ACTIVITY = DSL.coalesce(WHATSAPP_THREADS.LAST_MESSAGE_AT,
			WHATSAPP_THREADS.CREATED_AT);

	private final DSLContext dsl;

	InboxRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	/** Threads by latest activity, newest first, after the (activity, id) cursor when given. */
	List<ThreadView> threads(String status, boolean unreadOnly, OffsetDateTime beforeActivity, UUID beforeId, int limit) {
		Condition filter = WHATSAPP_THREADS.TENANT_ID.eq(tenant());
		if (status != null) {
			filter = filter.and(WHATSAPP_THREADS.STATUS.eq(status));
		}
		if (unreadOnly) {
			filter = filter.and(WHATSAPP_THREADS.UNREAD_COUNT.gt(0));
		}
		if (beforeActivity != null) {
			filter = filter.and(DSL.row(ACTIVITY, WHATSAPP_THREADS.ID).lt(beforeActivity, beforeId));
		}
		return dsl.selectFrom(WHATSAPP_THREADS)
			.where(filter)
			.orderBy(ACTIVITY.desc(), WHATSAPP_THREADS.ID.desc())
			.limit(limit)
			.fetch(InboxRepository::view);
	}

	Optional<WhatsappThreadsRecord> thread(UUID id) {
		return dsl.selectFrom(WHATSAPP_THREADS)
			.where(WHATSAPP_THREADS.TENANT_ID.eq(tenant()), WHATSAPP_THREADS.ID.eq(id))
			.fetchOptional();
	}

	Optional<WhatsappThreadsRecord> lockThread(UUID id) {
		return dsl.selectFrom(WHATSAPP_THREADS)
			.where(WHATSAPP_THREADS.TENANT_ID.eq(tenant()), WHATSAPP_THREADS.ID.eq(id))
			.forUpdate()
			.fetchOptional();
	}

	/** A thread's messages, newest first, older than the message {@code before} when given. */
	List<MessageView> messages(UUID threadId, UUID before, int limit) {
		Condition filter = WHATSAPP_MESSAGES.TENANT_ID.eq(tenant()).and(WHATSAPP_MESSAGES.THREAD_ID.eq(threadId));
		if (before != null) {
			var cursor = DSL.select(WHATSAPP_MESSAGES.CREATED_AT, WHATSAPP_MESSAGES.ID)
				.from(WHATSAPP_MESSAGES)
				.where(WHATSAPP_MESSAGES.TENANT_ID.eq(tenant()), WHATSAPP_MESSAGES.THREAD_ID.eq(threadId),
						WHATSAPP_MESSAGES.ID.eq(before));
			filter = filter.and(DSL.row(WHATSAPP_MESSAGES.CREATED_AT, WHATSAPP_MESSAGES.ID).lt(cursor));
		}
		return dsl.selectFrom(WHATSAPP_MESSAGES)
			.where(filter)
			.orderBy(WHATSAPP_MESSAGES.CREATED_AT.desc(), WHATSAPP_MESSAGES.ID.desc())
			.limit(limit)
			.fetch(InboxRepository::view);
	}

	boolean messageExists(UUID threadId, UUID messageId) {
		return dsl.fetchExists(WHATSAPP_MESSAGES, WHATSAPP_MESSAGES.TENANT_ID.eq(tenant()),
				WHATSAPP_MESSAGES.THREAD_ID.eq(threadId), WHATSAPP_MESSAGES.ID.eq(messageId));
	}

	ThreadView setStatus(UUID id, String status) {
		return dsl.update(WHATSAPP_THREADS)
			.set(WHATSAPP_THREADS.STATUS, status)
			.set(WHATSAPP_THREADS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(WHATSAPP_THREADS.TENANT_ID.eq(tenant()), WHATSAPP_THREADS.ID.eq(id))
			.returning()
			.fetchSingle(InboxRepository::view);
	}

	ThreadView markRead(UUID id) {
		return dsl.update(WHATSAPP_THREADS)
			.set(WHATSAPP_THREADS.UNREAD_COUNT, 0)
			.where(WHATSAPP_THREADS.TENANT_ID.eq(tenant()), WHATSAPP_THREADS.ID.eq(id))
			.returning()
			.fetchSingle(InboxRepository::view);
	}

	static ThreadView view(WhatsappThreadsRecord r) {
		OffsetDateTime until = r.getLastInboundAt() == null ? null : r.getLastInboundAt().plus(WINDOW);
		if (until != null && until.isBefore(OffsetDateTime.now())) {
			until = null;
		}
		return new ThreadView(r.getId(), r.getWaId(), r.getProfileName(), r.getCustomerId(), r.getCartId(),
				r.getStatus(), r.getUnreadCount(), r.getLastInboundAt(), r.getLastMessageAt(), until,
				r.getOptedOutAt() != null, r.getOptedOutAt(), r.getCreatedAt());
	}

	private static MessageView view(WhatsappMessagesRecord r) {
		return new MessageView(r.getId(), r.getDirection(), r.getWamid(), r.getKind(), r.getBody(), r.getTemplateName(),
				r.getMetadata() == null ? null : JSON.readTree(r.getMetadata().data()), r.getStatus(), r.getErrorCode(),
				r.getCreatedAt(), r.getSentAt(), r.getDeliveredAt(), r.getReadAt(), r.getFailedAt());
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
