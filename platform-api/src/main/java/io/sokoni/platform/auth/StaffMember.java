package io.sokoni.platform.auth;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A tenant user as the admin API shows it (never the password hash or MFA secret). */
public record StaffMember(UUID id, String email, String phone, String fullName, String role, String status,
		OffsetDateTime lastLoginAt, OffsetDateTime createdAt) {
}
