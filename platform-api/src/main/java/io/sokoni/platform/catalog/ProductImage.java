package io.sokoni.platform.catalog;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An image of a product, optionally of one of its variants. */
public record ProductImage(UUID id, UUID productId, UUID variantId, String url, int position, String altText,
		OffsetDateTime createdAt) {
}
