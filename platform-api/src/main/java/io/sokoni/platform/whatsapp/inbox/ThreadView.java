package io.sokoni.platform.whatsapp.inbox;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A conversation with one shopper. {@code windowOpenUntil}: free-form replies are possible until then
 * (24 hours after the shopper's last message; null when they never wrote or it has passed).
 */
public record ThreadView(UUID id, String waId, String profileName, UUID customerId, UUID cartId, String status,
		int unreadCount, OffsetDateTime lastInboundAt, OffsetDateTime lastMessageAt, OffsetDateTime windowOpenUntil,
		boolean optedOut, OffsetDateTime optedOutAt, OffsetDateTime createdAt) {
}
