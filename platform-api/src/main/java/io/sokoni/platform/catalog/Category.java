package io.sokoni.platform.catalog;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A category of the current tenant; {@code parentId} is null for a top-level category. */
public record Category(UUID id, UUID parentId, String name, String slug, int position, boolean active, long version,
		OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
