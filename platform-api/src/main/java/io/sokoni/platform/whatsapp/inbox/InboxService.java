package io.sokoni.platform.whatsapp.inbox;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.jooq.tables.records.WhatsappThreadsRecord;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.whatsapp.account.WhatsAppAccountService;
import io.sokoni.platform.whatsapp.outbound.NotificationService;
import io.sokoni.platform.whatsapp.outbound.NotificationView;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The merchant inbox of the bound tenant. A reply is queued for the sender (it goes within seconds;
 * its progress is the returned notification): a text only inside the 24-hour window (else 422
 * {@code whatsapp-window-closed}, unless a template is named), never to a shopper who opted out (422
 * {@code whatsapp-opted-out}). Another tenant's thread is 404, like an unknown one.
 */
@Service
public class InboxService {

	private final InboxRepository inbox;

	private final NotificationService notifications;

	private final WhatsAppAccountService accounts;

	private final AuditTrail audit;

	InboxService(InboxRepository inbox, NotificationService notifications, WhatsAppAccountService accounts,
			AuditTrail audit) {
		this.inbox = inbox;
		this.notifications = notifications;
		this.accounts = accounts;
		this.audit = audit;
	}

	@Transactional(readOnly = true)
	public List<ThreadView> threads(String status, boolean unreadOnly, OffsetDateTime beforeActivity, UUID beforeId,
			int limit) {
		return inbox.threads(status, unreadOnly, beforeActivity, beforeId, limit);
	}

	@Transactional(readOnly = true)
	public ThreadView thread(UUID id) {
		return InboxRepository.view(find(id));
	}

	@Transactional(readOnly = true)
	public List<MessageView> messages(UUID threadId, UUID before, int limit) {
		find(threadId);
		if (before != null && !inbox.messageExists(threadId, before)) {
			throw ApiException.notFound("Message");
		}
		return inbox.messages(threadId, before, limit);
	}

	@Transactional
	public NotificationView reply(UUID threadId, ReplyRequest request, String idempotencyKey) {
		if (request.text() == null && request.template() == null) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "A reply needs a text, a template, or both",
					Map.of("errors", List.of(new io.sokoni.platform.web.Problems.FieldProblem("text",
							"a text or a template is required"))));
		}
		WhatsappThreadsRecord thread = inbox.lockThread(threadId).orElseThrow(() -> ApiException.notFound("Thread"));
		if (!accounts.connected()) {
			throw new ApiException(ProblemType.BUSINESS_RULE, "No WhatsApp number is connected: connect one first");
		}
		if (thread.getOptedOutAt() != null) {
			throw new ApiException(ProblemType.WHATSAPP_OPTED_OUT,
					"This shopper opted out of WhatsApp messages (STOP); they must write START first",
					Map.of("optedOutAt", thread.getOptedOutAt()));
		}
		boolean windowOpen = thread.getLastInboundAt() != null
				&& thread.getLastInboundAt().isAfter(OffsetDateTime.now().minus(InboxRepository.WINDOW));
		if (!windowOpen && request.template() == null) {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("lastInboundAt", thread.getLastInboundAt());
			throw new ApiException(ProblemType.WHATSAPP_WINDOW_CLOSED, thread.getLastInboundAt() == null
					? "This shopper has not written to the number, so only an approved template can be sent: name one"
					: "More than 24 hours have passed since the shopper's last message: only an approved template can be sent now; name one",
					properties);
		}
		ReplyRequest.Template template = request.template();
		NotificationService.QueuedReply reply = notifications.queueReply(thread.getId(), thread.getWaId(), request.text(),
				template == null ? null : template.name(), template == null ? null : template.language(),
				template == null || template.parameters() == null ? List.of() : template.parameters(), idempotencyKey);
		NotificationView queued = reply.notification();
		if (!reply.created()) {
			return queued;
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("threadId", thread.getId());
		details.put("notificationId", queued.id());
		details.put("template", template == null ? null : template.name());
		audit.record("whatsapp_thread.replied", "whatsapp_thread", thread.getId(), details);
		return queued;
	}

	@Transactional
	public ThreadView setStatus(UUID threadId, String status) {
		WhatsappThreadsRecord thread = inbox.lockThread(threadId).orElseThrow(() -> ApiException.notFound("Thread"));
		if (!thread.getStatus().equals(status)) {
			audit.record("whatsapp_thread." + (status.equals("closed") ? "closed" : "reopened"), "whatsapp_thread", threadId,
					Map.of());
		}
		return inbox.setStatus(threadId, status);
	}

	@Transactional
	public ThreadView markRead(UUID threadId) {
		find(threadId);
		return inbox.markRead(threadId);
	}

	private WhatsappThreadsRecord find(UUID id) {
		return inbox.thread(id).orElseThrow(() -> ApiException.notFound("Thread"));
	}

}
