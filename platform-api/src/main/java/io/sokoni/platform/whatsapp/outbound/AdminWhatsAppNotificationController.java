package io.sokoni.platform.whatsapp.outbound;

import java.util.UUID;

import io.sokoni.platform.web.Page;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The messages Sokoni sent or will send on the tenant's WhatsApp number: viewers read them (parked ones
 * with Meta's error), staff put a parked one back in line.
 */
@RestController
@RequestMapping("/admin/v1/whatsapp/notifications")
@Tag(name = "Admin: WhatsApp notifications")
@SecurityRequirement(name = "bearer")
@PreAuthorize("hasRole('VIEWER')")
@Validated
class AdminWhatsAppNotificationController {

	private final NotificationService notifications;

	AdminWhatsAppNotificationController(NotificationService notifications) {
		this.notifications = notifications;
	}

	/** Newest first; pass {@code next} back as {@code after}. */
	@GetMapping
	Page<NotificationView> list(
			@RequestParam(required = false) @Pattern(regexp = "pending|sending|sent|parked|skipped",
					message = "must be pending, sending, sent, parked or skipped") String status,
			@RequestParam(required = false) UUID orderId, @RequestParam(required = false) UUID threadId,
			@RequestParam(required = false) UUID after,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
		return Page.of(notifications.list(status, orderId, threadId, after, limit), limit, NotificationView::id);
	}

	@GetMapping("/{id}")
	NotificationView get(@PathVariable UUID id) {
		return notifications.get(id);
	}

	@PostMapping("/{id}/retry")
	@PreAuthorize("hasRole('STAFF')")
	NotificationView retry(@PathVariable UUID id) {
		return notifications.retry(id);
	}

}
