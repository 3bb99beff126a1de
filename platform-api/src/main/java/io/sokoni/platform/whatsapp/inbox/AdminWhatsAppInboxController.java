package io.sokoni.platform.whatsapp.inbox;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.Page;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems;
import io.sokoni.platform.whatsapp.outbound.NotificationView;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The merchant's WhatsApp inbox: viewers read it; staff reply, close, reopen and mark threads read. */
@RestController
@RequestMapping("/admin/v1/whatsapp/threads")
@Tag(name = "Admin: WhatsApp inbox")
@SecurityRequirement(name = "bearer")
@PreAuthorize("hasRole('VIEWER')")
@Validated
class AdminWhatsAppInboxController {

	private final InboxService inbox;

	AdminWhatsAppInboxController(InboxService inbox) {
		this.inbox = inbox;
	}

	/** Threads by latest activity, newest first; pass {@code next} back as {@code after}. */
	@GetMapping
	Page<ThreadView> threads(
			@RequestParam(required = false) @Pattern(regexp = "open|closed", message = "must be open or closed") String status,
			@RequestParam(defaultValue = "false") boolean unread, @RequestParam(required = false) String after,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		OffsetDateTime beforeActivity = null;
		UUID beforeId = null;
		if (after != null) {
			int slash = after.lastIndexOf('/');
			try {
				beforeActivity = OffsetDateTime.parse(after.substring(0, Math.max(slash, 0)));
				beforeId = UUID.fromString(after.substring(slash + 1));
			}
			catch (DateTimeParseException | IllegalArgumentException ex) {
				throw new ApiException(ProblemType.VALIDATION_FAILED, "after must be the next value of a previous page",
						Map.of("errors", List.of(new Problems.FieldProblem("after", "is not a page cursor"))));
			}
		}
		return Page.of(inbox.threads(status, unread, beforeActivity, beforeId, limit), limit,
				t -> (t.lastMessageAt() != null ? t.lastMessageAt() : t.createdAt()) + "/" + t.id());
	}

	@GetMapping("/{id}")
	ThreadView thread(@PathVariable UUID id) {
		return inbox.thread(id);
	}

	/** Newest first; pass {@code next} (a message id) back as {@code before} for older ones. */
	@GetMapping("/{id}/messages")
	Page<MessageView> messages(@PathVariable UUID id, @RequestParam(required = false) UUID before,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
		return Page.of(inbox.messages(id, before, limit), limit, MessageView::id);
	}

	/**
	 * Queues a reply (202): the answer is the queued message; it goes within seconds. With an
	 * Idempotency-Key, sending the same request again answers the reply queued first (sent once).
	 */
	@PostMapping("/{id}/replies")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@PreAuthorize("hasRole('STAFF')")
	NotificationView reply(@PathVariable UUID id,
			@RequestHeader(name = "Idempotency-Key", required = false) @Size(min = 1, max = 200) @Pattern(
					regexp = "[\\x21-\\x7E]+", message = "must be printable ASCII without spaces") String idempotencyKey,
			@Valid @RequestBody ReplyRequest request) {
		return inbox.reply(id, request, idempotencyKey);
	}

	@PostMapping("/{id}/close")
	@PreAuthorize("hasRole('STAFF')")
	ThreadView close(@PathVariable UUID id) {
		return inbox.setStatus(id, "closed");
	}

	@PostMapping("/{id}/reopen")
	@PreAuthorize("hasRole('STAFF')")
	ThreadView reopen(@PathVariable UUID id) {
		return inbox.setStatus(id, "open");
	}

	@PostMapping("/{id}/read")
	@PreAuthorize("hasRole('STAFF')")
	ThreadView read(@PathVariable UUID id) {
		return inbox.markRead(id);
	}

}
