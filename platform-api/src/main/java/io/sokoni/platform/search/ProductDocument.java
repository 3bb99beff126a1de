package io.sokoni.platform.search;

import java.util.List;
import java.util.UUID;

/**
 * A product as indexed in Meilisearch (fields snake_case on the wire). Carries its tenant, store and
 * status so every search can be restricted to them; {@code categoryIds} holds the product's category and
 * its ancestors, so filtering by a parent category finds products of its subcategories.
 */
record ProductDocument(UUID id, UUID tenantId, UUID storeId, String status, String name, String slug, String brand,
		String description, UUID categoryId, List<UUID> categoryIds, List<String> categoryNames,
		List<String> variantSkus, long priceCents, String currency, boolean inStock, String imageUrl,
		long createdAt) {

	boolean active() {
		return "active".equals(status);
	}

}
