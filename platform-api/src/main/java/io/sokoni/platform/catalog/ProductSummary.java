package io.sokoni.platform.catalog;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A product as admin lists show it, without variants and images. */
public record ProductSummary(UUID id, UUID storeId, UUID categoryId, String name, String slug, String status,
		String brand, long basePriceCents, Long compareAtPriceCents, String currency, long version,
		OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
