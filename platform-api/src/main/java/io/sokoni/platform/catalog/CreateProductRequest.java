package io.sokoni.platform.catalog;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.web.Cents;
import io.sokoni.platform.web.Patterns;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A new product with its variants and images, saved in one transaction. The same shape is one element
 * of a JSON catalog import. Money is in cents of {@code currency}, which must be the store's.
 */
public record CreateProductRequest(@NotNull UUID storeId, @NotBlank @Size(max = 300) String name,
		@NotNull @Pattern(regexp = CatalogPatterns.PRODUCT_SLUG) String slug, @Size(max = 20000) String description,
		@Pattern(regexp = CatalogPatterns.PRODUCT_STATUS) String status, @Size(max = 200) String brand,
		UUID categoryId, @NotNull @Cents Long basePriceCents, @Cents Long compareAtPriceCents,
		@Cents Long costCents, @NotNull @Pattern(regexp = Patterns.CURRENCY) String currency,
		@PositiveOrZero Integer weightGrams, @Size(max = 70) String seoTitle, @Size(max = 320) String seoDescription,
		@NotNull @Size(min = 1, max = 100) List<@NotNull @Valid VariantRequest> variants,
		@Size(max = 50) List<@NotNull @Valid ImageRequest> images) {

	/** The status a product starts in when none is given. */
	static final String DEFAULT_STATUS = "draft";

	CreateProductRequest withStoreId(UUID store) {
		return new CreateProductRequest(store, name, slug, description, status, brand, categoryId, basePriceCents,
				compareAtPriceCents, costCents, currency, weightGrams, seoTitle, seoDescription, variants, images);
	}

	CreateProductRequest withCategoryId(UUID category) {
		return new CreateProductRequest(storeId, name, slug, description, status, brand, category, basePriceCents,
				compareAtPriceCents, costCents, currency, weightGrams, seoTitle, seoDescription, variants, images);
	}

	/** A variant: attributes such as size, colour or model as a string-to-string map. */
	public record VariantRequest(@Size(max = 200) String name,
			@NotNull @Pattern(regexp = CatalogPatterns.SKU) String sku,
			@Pattern(regexp = CatalogPatterns.BARCODE) String barcode,
			@Size(max = 20) Map<@NotBlank @Size(max = 50) String, @NotNull @Size(max = 200) String> attributes,
			@NotNull @Cents Long priceCents, @Cents Long costCents,
			@PositiveOrZero Integer lowStockThreshold, Boolean active) {
	}

	/** An image; {@code variantSku} ties it to one of the product's variants. */
	public record ImageRequest(@NotNull @Size(max = 2000) @Pattern(regexp = Patterns.HTTP_URL) String url,
			@PositiveOrZero Integer position, @Size(max = 300) String altText,
			@Pattern(regexp = CatalogPatterns.SKU) String variantSku) {
	}

}
