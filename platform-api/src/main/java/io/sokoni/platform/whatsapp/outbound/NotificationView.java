package io.sokoni.platform.whatsapp.outbound;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A queued WhatsApp message as the merchant sees it: what it is for, where it stands (pending, sending,
 * sent, parked, skipped), how often it was tried, when it is tried next (pending only), Meta's last error,
 * and the wamid once sent.
 */
public record NotificationView(UUID id, String notificationKey, String kind, UUID orderId, UUID threadId,
		String toWaId, String status, int attempts, OffsetDateTime nextAttemptAt, String lastError, String sentAs,
		String templateName, String wamid, UUID messageId, OffsetDateTime createdAt, OffsetDateTime sentAt) {
}
