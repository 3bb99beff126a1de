package io.sokoni.tenant;

import java.util.UUID;

/**
 * A database in the registry ({@code app.db_connections}). Credentials are secret references, never
 * passwords.
 */
public record RegisteredDatabase(UUID id, String name, String kind, String jdbcUrl, String runtimeUsername,
		String runtimeSecretRef, String ownerUsername, String ownerSecretRef, int maxPoolSize) {

	public boolean dedicated() {
		return "dedicated".equals(kind);
	}

}
