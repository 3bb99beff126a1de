package io.sokoni.platform.auth;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A staff invite; the token itself is shown only once, when it is created. */
public record Invite(UUID id, String email, String role, UUID invitedBy, OffsetDateTime expiresAt,
		OffsetDateTime acceptedAt, OffsetDateTime revokedAt, OffsetDateTime createdAt) {
}
