package io.sokoni.platform.catalog;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.catalog.CreateProductRequest.ImageRequest;
import io.sokoni.platform.catalog.CreateProductRequest.VariantRequest;
import io.sokoni.platform.catalog.ProductRepository.ProductChanges;
import io.sokoni.platform.catalog.ProductRepository.VariantChanges;
import io.sokoni.platform.web.Cents;
import io.sokoni.platform.web.Page;
import io.sokoni.platform.web.Patterns;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Products with their variants and images for the merchant admin: everyone signed in reads, staff and
 * owners change.
 */
@RestController
@RequestMapping("/admin/v1/products")
@Tag(name = "Admin: products")
@SecurityRequirement(name = "bearer")
@Validated
class AdminProductController {

	private static final String NOT_BLANK = "(?s).*\\S.*";

	private final ProductService products;

	AdminProductController(ProductService products) {
		this.products = products;
	}

	/** Newest first; pass {@code next} back as {@code after} for the following page. */
	@GetMapping
	Page<ProductSummary> list(@RequestParam(required = false) @Pattern(regexp = CatalogPatterns.PRODUCT_STATUS) String status,
			@RequestParam(required = false) UUID categoryId, @RequestParam(required = false) UUID storeId,
			@RequestParam(required = false) @Size(max = 100) String q, @RequestParam(required = false) UUID after,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		return Page.of(products.list(status, categoryId, storeId, q, after, limit), limit, ProductSummary::id);
	}

	@GetMapping("/{id}")
	Product get(@PathVariable UUID id) {
		return products.get(id);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@PreAuthorize("hasRole('STAFF')")
	ResponseEntity<Product> create(@Valid @RequestBody CreateProductRequest request) {
		Product created = products.create(request);
		return ResponseEntity.created(URI.create("/admin/v1/products/" + created.id())).body(created);
	}

	@PatchMapping("/{id}")
	@PreAuthorize("hasRole('STAFF')")
	Product update(@PathVariable UUID id, @Valid @RequestBody UpdateProductRequest request) {
		return products.update(id, request.version(), request.changes());
	}

	@PostMapping("/{id}/archive")
	@PreAuthorize("hasRole('STAFF')")
	Product archive(@PathVariable UUID id) {
		return products.archive(id);
	}

	@DeleteMapping("/{id}")
	@PreAuthorize("hasRole('STAFF')")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable UUID id) {
		products.delete(id);
	}

	@PostMapping("/{id}/variants")
	@ResponseStatus(HttpStatus.CREATED)
	@PreAuthorize("hasRole('STAFF')")
	ResponseEntity<Variant> addVariant(@PathVariable UUID id, @Valid @RequestBody VariantRequest request) {
		Variant variant = products.addVariant(id, request);
		return ResponseEntity.created(URI.create("/admin/v1/products/" + id + "/variants/" + variant.id()))
			.body(variant);
	}

	@PatchMapping("/{id}/variants/{variantId}")
	@PreAuthorize("hasRole('STAFF')")
	Variant updateVariant(@PathVariable UUID id, @PathVariable UUID variantId,
			@Valid @RequestBody UpdateVariantRequest request) {
		return products.updateVariant(id, variantId, request.changes());
	}

	@PostMapping("/{id}/variants/{variantId}/deactivate")
	@PreAuthorize("hasRole('STAFF')")
	Variant deactivateVariant(@PathVariable UUID id, @PathVariable UUID variantId) {
		return products.deactivateVariant(id, variantId);
	}

	@PostMapping("/{id}/images")
	@ResponseStatus(HttpStatus.CREATED)
	@PreAuthorize("hasRole('STAFF')")
	ResponseEntity<ProductImage> addImage(@PathVariable UUID id, @Valid @RequestBody ImageRequest request) {
		ProductImage image = products.addImage(id, request);
		return ResponseEntity.created(URI.create("/admin/v1/products/" + id + "/images/" + image.id())).body(image);
	}

	@PatchMapping("/{id}/images/{imageId}")
	@PreAuthorize("hasRole('STAFF')")
	ProductImage updateImage(@PathVariable UUID id, @PathVariable UUID imageId,
			@Valid @RequestBody UpdateImageRequest request) {
		return products.updateImage(id, imageId, request.url(), request.position(), request.altText(),
				request.variantSku());
	}

	/** Reorders all images of a product: {@code imageIds} lists each once, first shown first. */
	@PutMapping("/{id}/images/order")
	@PreAuthorize("hasRole('STAFF')")
	List<ProductImage> reorderImages(@PathVariable UUID id, @Valid @RequestBody ReorderImagesRequest request) {
		return products.reorderImages(id, request.imageIds());
	}

	@DeleteMapping("/{id}/images/{imageId}")
	@PreAuthorize("hasRole('STAFF')")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void deleteImage(@PathVariable UUID id, @PathVariable UUID imageId) {
		products.deleteImage(id, imageId);
	}

	/**
	 * Fields to change (absent fields stay as they are), optional fields to empty ({@code clear}, e.g.
	 * {@code ["compareAtPriceCents", "brand"]}), and the version the change is based on.
	 */
	record UpdateProductRequest(@NotNull @PositiveOrZero Long version,
			@Size(min = 1, max = 300) @Pattern(regexp = NOT_BLANK, message = "must not be blank") String name,
			@Pattern(regexp = CatalogPatterns.PRODUCT_SLUG) String slug, @Size(max = 20000) String description,
			@Pattern(regexp = CatalogPatterns.PRODUCT_STATUS) String status, @Size(max = 200) String brand,
			UUID categoryId, @Cents Long basePriceCents, @Cents Long compareAtPriceCents,
			@Cents Long costCents, @Pattern(regexp = Patterns.CURRENCY) String currency,
			@PositiveOrZero Integer weightGrams, @Size(max = 70) String seoTitle,
			@Size(max = 320) String seoDescription,
			@Size(max = 8) Set<@NotNull String> clear) {

		ProductChanges changes() {
			return new ProductChanges(name, slug, description, status, brand, categoryId, basePriceCents,
					compareAtPriceCents, costCents, currency, weightGrams, seoTitle, seoDescription,
					clear == null ? Set.of() : clear);
		}

		/** Only optional fields can be emptied, and not by a request that also gives them a value. */
		@AssertTrue(message = "may name only description, brand, categoryId, compareAtPriceCents, costCents, "
				+ "weightGrams, seoTitle or seoDescription, and none the request also gives a value")
		boolean isClear() {
			return changes().clearIsValid();
		}

	}

	/** Variant fields to change; absent fields stay as they are, {@code attributes} replaces the map. */
	record UpdateVariantRequest(@Size(max = 200) String name, @Pattern(regexp = CatalogPatterns.SKU) String sku,
			@Pattern(regexp = CatalogPatterns.BARCODE) String barcode,
			@Size(max = 20) Map<@NotBlank @Size(max = 50) String, @NotNull @Size(max = 200) String> attributes,
			@Cents Long priceCents, @Cents Long costCents, @PositiveOrZero Integer lowStockThreshold,
			Boolean active, @PositiveOrZero Integer position) {

		VariantChanges changes() {
			return new VariantChanges(name, sku, barcode, attributes, priceCents, costCents, lowStockThreshold, active,
					position);
		}

	}

	/** Image fields to change; absent fields stay as they are. */
	record UpdateImageRequest(@Size(max = 2000) @Pattern(regexp = Patterns.HTTP_URL) String url,
			@PositiveOrZero Integer position, @Size(max = 300) String altText,
			@Pattern(regexp = CatalogPatterns.SKU) String variantSku) {
	}

	record ReorderImagesRequest(@NotEmpty @Size(max = 200) List<@NotNull UUID> imageIds) {
	}

}
