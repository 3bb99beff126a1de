package io.sokoni.platform.inventory;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One entry of the stock journal: what changed, why, by whom, and the level it produced. */
public record InventoryMovement(UUID id, UUID variantId, UUID locationId, String reason, int onHandChange,
		int reservedChange, int onHandAfter, int reservedAfter, String referenceType, String referenceId,
		String note, String actorType, String actorId, OffsetDateTime createdAt) {
}
