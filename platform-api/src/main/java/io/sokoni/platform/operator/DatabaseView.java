package io.sokoni.platform.operator;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A registered database (secret references only, never passwords). */
public record DatabaseView(UUID id, String name, String kind, String jdbcUrl, String runtimeUsername,
		String runtimeSecretRef, String ownerUsername, String ownerSecretRef, int maxPoolSize, String status,
		String schemaVersion, OffsetDateTime createdAt) {
}
