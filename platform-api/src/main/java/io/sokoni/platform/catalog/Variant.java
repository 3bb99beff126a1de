package io.sokoni.platform.catalog;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** A sellable variant of a product: its SKU, price and attributes such as size, colour or model. */
public record Variant(UUID id, UUID productId, String name, String sku, String barcode, Map<String, String> attributes,
		long priceCents, Long costCents, int lowStockThreshold, boolean active, int position,
		OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
