package io.sokoni.platform.inventory;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Stock of one variant at one location: on hand, reserved for open orders, and available (on hand
 * minus reserved). {@code updatedAt} is null when no stock was ever recorded for the pair.
 */
public record InventoryLevel(UUID variantId, UUID productId, String sku, UUID locationId, String locationCode,
		int onHand, int reserved, int available, OffsetDateTime updatedAt) {

	static InventoryLevel of(UUID variantId, UUID productId, String sku, UUID locationId, String locationCode,
			int onHand, int reserved, OffsetDateTime updatedAt) {
		return new InventoryLevel(variantId, productId, sku, locationId, locationCode, onHand, reserved,
				onHand - reserved, updatedAt);
	}

	/** The paging key: the (variant, location) pair this level sorts by, as {@code variantId.locationId}. */
	String cursor() {
		return variantId + "." + locationId;
	}

}
