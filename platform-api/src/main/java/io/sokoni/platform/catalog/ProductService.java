package io.sokoni.platform.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntConsumer;

import io.sokoni.platform.Ids;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.catalog.CreateProductRequest.ImageRequest;
import io.sokoni.platform.catalog.CreateProductRequest.VariantRequest;
import io.sokoni.platform.catalog.ProductRepository.ImageChanges;
import io.sokoni.platform.catalog.ProductRepository.NewImage;
import io.sokoni.platform.catalog.ProductRepository.NewProduct;
import io.sokoni.platform.catalog.ProductRepository.NewVariant;
import io.sokoni.platform.catalog.ProductRepository.ProductChanges;
import io.sokoni.platform.catalog.ProductRepository.ProductFilter;
import io.sokoni.platform.catalog.ProductRepository.VariantChanges;
import io.sokoni.platform.outbox.OutboxWriter;
import io.sokoni.platform.store.Store;
import io.sokoni.platform.store.StoreService;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems.FieldProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Products of the bound tenant with their variants and images. Every change appends one
 * {@code product.upserted} (or {@code product.deleted}) outbox event and an audit entry in the
 * transaction that makes it, so search and other readers learn of exactly the committed changes.
 */
@Service
public class ProductService {

	static final String UPSERTED = "product.upserted";

	static final String DELETED = "product.deleted";

	private final ProductRepository products;

	private final CategoryRepository categories;

	private final StoreService stores;

	private final OutboxWriter outbox;

	private final AuditTrail audit;

	ProductService(ProductRepository products, CategoryRepository categories, StoreService stores,
			OutboxWriter outbox, AuditTrail audit) {
		this.products = products;
		this.categories = categories;
		this.stores = stores;
		this.outbox = outbox;
		this.audit = audit;
	}

	@Transactional(readOnly = true)
	public List<ProductSummary> list(String status, UUID categoryId, UUID storeId, String q, UUID after, int limit) {
		return products.list(new ProductFilter(status, categoryId, storeId, q), after, limit);
	}

	@Transactional(readOnly = true)
	public Product get(UUID id) {
		return products.find(id).orElseThrow(() -> ApiException.notFound("Product"));
	}

	/** Creates a product with its variants and images in one transaction. */
	@Transactional
	public Product create(CreateProductRequest request) {
		List<FieldProblem> problems = ProductRules.check(request);
		if (!problems.isEmpty()) {
			throw ProductRules.invalid(problems);
		}
		Store store = stores.find(request.storeId()).orElseThrow(() -> ApiException.notFound("Store"));
		requireStoreCurrency(store, request.currency());
		requireCategory(request.categoryId());
		NewProduct product = newProduct(request);
		products.insert(List.of(product));
		changed(product.id(), store.id());
		audit.record("product.created", "product", product.id(), Map.of("slug", product.slug()));
		return get(product.id());
	}

	@Transactional
	public Product update(UUID id, long expectedVersion, ProductChanges changes) {
		requireCategory(changes.categoryId());
		UUID storeId = products.update(id, expectedVersion, changes)
			.orElseThrow(() -> products.exists(id) ? ApiException.staleVersion("The product")
					: ApiException.notFound("Product"));
		if (changes.currency() != null) {
			requireStoreCurrency(stores.find(storeId).orElseThrow(() -> ApiException.notFound("Store")),
					changes.currency());
		}
		Product updated = get(id);
		// Checked on the updated row: either price may have changed alone (the transaction rolls back).
		if (ProductRules.compareAtBelowBase(updated.basePriceCents(), updated.compareAtPriceCents())) {
			throw ProductRules
				.invalid(List.of(new FieldProblem("compareAtPriceCents", ProductRules.COMPARE_AT_BELOW_BASE)));
		}
		changed(id, storeId);
		audit.record("product.updated", "product", id, Map.of("version", updated.version()));
		return updated;
	}

	@Transactional
	public Product archive(UUID id) {
		UUID storeId = products.archive(id).orElseThrow(() -> ApiException.notFound("Product"));
		changed(id, storeId);
		audit.record("product.archived", "product", id, Map.of());
		return get(id);
	}

	@Transactional
	public void delete(UUID id) {
		List<UUID> variants = products.variantIds(id);
		UUID storeId = products.delete(id).orElseThrow(() -> ApiException.notFound("Product"));
		// Deleting cascades to the variants' stock levels, holds and movements: an order's held stock would
		// vanish and later count as sold without leaving stock. An ordered product is archived instead.
		// Checked after the delete, which waits for a checkout holding the stock rows: its lines are seen.
		if (products.ordered(variants)) {
			throw new ApiException(ProblemType.CONFLICT,
					"Orders have lines of this product: archive it instead (status archived) to take it off the store");
		}
		outbox.append("product", id, DELETED, Map.of("storeId", storeId));
		audit.record("product.deleted", "product", id, Map.of());
	}

	@Transactional
	public Variant addVariant(UUID productId, VariantRequest request) {
		UUID storeId = touch(productId);
		NewVariant variant = newVariant(productId, request, products.nextVariantPosition(productId));
		products.insertVariants(List.of(variant));
		changed(productId, storeId);
		audit.record("product.variant_added", "product", productId, Map.of("variant", variant.id().toString()));
		return products.findVariant(productId, variant.id()).orElseThrow();
	}

	@Transactional
	public Variant updateVariant(UUID productId, UUID variantId, VariantChanges changes) {
		UUID storeId = touch(productId);
		if (!products.updateVariant(productId, variantId, changes)) {
			throw ApiException.notFound("Variant");
		}
		changed(productId, storeId);
		audit.record("product.variant_updated", "product", productId, Map.of("variant", variantId.toString()));
		return products.findVariant(productId, variantId).orElseThrow();
	}

	/** Stops a variant from being sold; it stays, with its stock and history. */
	@Transactional
	public Variant deactivateVariant(UUID productId, UUID variantId) {
		UUID storeId = touch(productId);
		if (!products.updateVariant(productId, variantId,
				new VariantChanges(null, null, null, null, null, null, null, false, null))) {
			throw ApiException.notFound("Variant");
		}
		changed(productId, storeId);
		audit.record("product.variant_deactivated", "product", productId,
				Map.of("variant", variantId.toString()));
		return products.findVariant(productId, variantId).orElseThrow();
	}

	@Transactional
	public ProductImage addImage(UUID productId, ImageRequest request) {
		UUID storeId = touch(productId);
		int position = request.position() != null ? request.position() : products.nextImagePosition(productId);
		NewImage image = new NewImage(Ids.next(), productId, variantIdOf(productId, request.variantSku()),
				request.url(), position, request.altText());
		products.insertImages(List.of(image));
		changed(productId, storeId);
		audit.record("product.image_added", "product", productId, Map.of("image", image.id().toString()));
		return products.findImage(productId, image.id()).orElseThrow();
	}

	@Transactional
	public ProductImage updateImage(UUID productId, UUID imageId, String url, Integer position, String altText,
			String variantSku) {
		UUID storeId = touch(productId);
		ImageChanges changes = new ImageChanges(url, position, altText, variantIdOf(productId, variantSku));
		if (!products.updateImage(productId, imageId, changes)) {
			throw ApiException.notFound("Image");
		}
		changed(productId, storeId);
		audit.record("product.image_updated", "product", productId, Map.of("image", imageId.toString()));
		return products.findImage(productId, imageId).orElseThrow();
	}

	/** Puts every image of the product in the given order (positions 0, 1, 2, …). */
	@Transactional
	public List<ProductImage> reorderImages(UUID productId, List<UUID> imageIds) {
		UUID storeId = touch(productId);
		if (new HashSet<>(imageIds).size() != imageIds.size()) {
			throw ProductRules.invalid(List.of(new FieldProblem("imageIds", "must not list an image twice")));
		}
		if (products.reorderImages(productId, imageIds) != imageIds.size()) {
			throw ApiException.notFound("Image");
		}
		if (products.countImages(productId) != imageIds.size()) {
			throw ProductRules
				.invalid(List.of(new FieldProblem("imageIds", "must list every image of the product once")));
		}
		changed(productId, storeId);
		audit.record("product.images_reordered", "product", productId, Map.of());
		return get(productId).images();
	}

	@Transactional
	public void deleteImage(UUID productId, UUID imageId) {
		UUID storeId = touch(productId);
		if (!products.deleteImage(productId, imageId)) {
			throw ApiException.notFound("Image");
		}
		changed(productId, storeId);
		audit.record("product.image_deleted", "product", productId, Map.of("image", imageId.toString()));
	}

	/**
	 * Saves validated products of an import (one transaction), each with its outbox event, then runs
	 * {@code beforeCommit} in that transaction (the import's progress, committed with the products).
	 */
	@Transactional
	void saveImported(List<NewProduct> batch, Runnable beforeCommit) {
		insertWithEvents(batch);
		beforeCommit.run();
	}

	/**
	 * Saves all validated products of an import in one transaction, chunk by chunk, telling
	 * {@code afterChunk} the index of each chunk inserted: everything or nothing is committed.
	 */
	@Transactional
	void saveImportedAtomically(List<List<NewProduct>> chunks, IntConsumer afterChunk) {
		for (int i = 0; i < chunks.size(); i++) {
			insertWithEvents(chunks.get(i));
			afterChunk.accept(i);
		}
	}

	/** Slugs, SKUs and barcodes of the tenant's catalog that are among the given ones. */
	@Transactional(readOnly = true)
	TakenKeys takenKeys(List<String> slugs, List<String> skus, List<String> barcodes) {
		return new TakenKeys(products.takenSlugs(slugs), products.takenSkus(skus), products.takenBarcodes(barcodes));
	}

	private void insertWithEvents(List<NewProduct> batch) {
		products.insert(batch);
		for (NewProduct product : batch) {
			changed(product.id(), product.storeId());
		}
	}

	private UUID touch(UUID productId) {
		return products.touch(productId).orElseThrow(() -> ApiException.notFound("Product"));
	}

	private void changed(UUID productId, UUID storeId) {
		outbox.append("product", productId, UPSERTED, Map.of("storeId", storeId));
	}

	private UUID variantIdOf(UUID productId, String sku) {
		if (sku == null) {
			return null;
		}
		return products.findVariantIdBySku(productId, sku)
			.orElseThrow(() -> ProductRules
				.invalid(List.of(new FieldProblem("variantSku", "names no variant of this product"))));
	}

	private void requireCategory(UUID categoryId) {
		if (categoryId != null && !categories.exists(categoryId)) {
			throw ApiException.notFound("Category");
		}
	}

	/** Policy: a store sells in one currency, so its products are priced in it. */
	private static void requireStoreCurrency(Store store, String currency) {
		if (!store.currency().equals(currency)) {
			throw new ApiException(ProblemType.BUSINESS_RULE,
					"Products of this store are priced in " + store.currency() + ", not " + currency);
		}
	}

	/** The rows of a validated new product: fresh ids, variants in the given order, images by position. */
	static NewProduct newProduct(CreateProductRequest request) {
		UUID id = Ids.next();
		List<NewVariant> variants = new ArrayList<>();
		Map<String, UUID> variantIds = new HashMap<>();
		for (VariantRequest v : request.variants()) {
			NewVariant variant = newVariant(id, v, variants.size());
			variants.add(variant);
			variantIds.put(variant.sku(), variant.id());
		}
		List<NewImage> images = new ArrayList<>();
		List<ImageRequest> requested = request.images() == null ? List.of() : request.images();
		for (ImageRequest i : requested) {
			int position = i.position() != null ? i.position() : images.size();
			images.add(new NewImage(Ids.next(), id, i.variantSku() == null ? null : variantIds.get(i.variantSku()),
					i.url(), position, i.altText()));
		}
		return new NewProduct(id, request.storeId(), request.categoryId(), request.name(), request.slug(),
				request.description(), Optional.ofNullable(request.status()).orElse(CreateProductRequest.DEFAULT_STATUS),
				request.brand(), request.basePriceCents(), request.compareAtPriceCents(), request.costCents(),
				request.currency(), request.weightGrams(), request.seoTitle(), request.seoDescription(), variants,
				images);
	}

	private static NewVariant newVariant(UUID productId, VariantRequest v, int position) {
		return new NewVariant(Ids.next(), productId, v.name(), v.sku(), v.barcode(),
				v.attributes() == null ? Map.of() : v.attributes(), v.priceCents(), v.costCents(),
				v.lowStockThreshold() == null ? 0 : v.lowStockThreshold(), v.active() == null || v.active(), position);
	}

	/** Keys of the catalog already in use. */
	record TakenKeys(Set<String> slugs, Set<String> skus, Set<String> barcodes) {
	}

}
