package io.sokoni.platform.inventory;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A place of a store where stock is kept (shop, warehouse, stall); status active or inactive. */
public record Location(UUID id, UUID storeId, String code, String name, String area, String status,
		OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
