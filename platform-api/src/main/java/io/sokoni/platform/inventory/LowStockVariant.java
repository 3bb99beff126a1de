package io.sokoni.platform.inventory;

import java.util.UUID;

/** A variant whose stock available across active locations is at or below its low-stock threshold. */
public record LowStockVariant(UUID variantId, UUID productId, String productName, String variantName, String sku,
		int lowStockThreshold, long onHand, long reserved, long available) {
}
