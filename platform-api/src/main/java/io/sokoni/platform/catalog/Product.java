package io.sokoni.platform.catalog;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A product of the current tenant with its variants and images (positions ascending). */
public record Product(UUID id, UUID storeId, UUID categoryId, String name, String slug, String description,
		String status, String brand, long basePriceCents, Long compareAtPriceCents, Long costCents, String currency,
		Integer weightGrams, String seoTitle, String seoDescription, long version, OffsetDateTime createdAt,
		OffsetDateTime updatedAt, List<Variant> variants, List<ProductImage> images) {
}
