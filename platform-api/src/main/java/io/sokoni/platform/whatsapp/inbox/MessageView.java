package io.sokoni.platform.whatsapp.inbox;

import java.time.OffsetDateTime;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** One message of a thread, either way, with its delivery status (outbound) and Meta's error code. */
public record MessageView(UUID id, String direction, String wamid, String kind, String body, String templateName,
		JsonNode metadata, String status, Integer errorCode, OffsetDateTime createdAt, OffsetDateTime sentAt,
		OffsetDateTime deliveredAt, OffsetDateTime readAt, OffsetDateTime failedAt) {
}
