package io.sokoni.platform.discount;

import java.util.UUID;

/** One cart line as discounts see it; {@code categoryId} is the product's category (may be null). */
public record DiscountLine(UUID productId, UUID variantId, UUID categoryId, int quantity, long unitPriceCents) {
}
