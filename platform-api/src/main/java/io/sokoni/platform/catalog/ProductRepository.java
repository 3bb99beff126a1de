package io.sokoni.platform.catalog;

import static io.sokoni.jooq.Tables.ORDER_ITEMS;
import static io.sokoni.jooq.Tables.PRODUCTS;
import static io.sokoni.jooq.Tables.PRODUCT_IMAGES;
import static io.sokoni.jooq.Tables.PRODUCT_VARIANTS;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.select;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.sokoni.jooq.tables.records.ProductVariantsRecord;
import io.sokoni.jooq.tables.records.ProductsRecord;
import io.sokoni.tenant.TenantContext;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Records;
import org.jooq.Row2;
import org.jooq.Table;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Products of the bound tenant with their variants and images (one aggregate). Reads nest variants and
 * images with MULTISET (one query, no N+1); bulk writes are multi-row inserts, never COPY, which row-level
 * security refuses.
 */
@Repository
class ProductRepository {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
	};

	/** Rows per multi-row insert: far below PostgreSQL's 65535 bind values at 16 columns. */
	private static final int INSERT_CHUNK = 1000;

	private static final Field<List<Variant>> VARIANTS = multiset(select(PRODUCT_VARIANTS.ID,
			PRODUCT_VARIANTS.PRODUCT_ID, PRODUCT_VARIANTS.NAME, PRODUCT_VARIANTS.SKU, PRODUCT_VARIANTS.BARCODE,
			PRODUCT_VARIANTS.ATTRIBUTES.convertFrom(ProductRepository::attributes), PRODUCT_VARIANTS.PRICE_CENTS,
			PRODUCT_VARIANTS.COST_CENTS, PRODUCT_VARIANTS.LOW_STOCK_THRESHOLD, PRODUCT_VARIANTS.IS_ACTIVE,
			PRODUCT_VARIANTS.POSITION, PRODUCT_VARIANTS.CREATED_AT, PRODUCT_VARIANTS.UPDATED_AT)
		.from(PRODUCT_VARIANTS)
		.where(PRODUCT_VARIANTS.TENANT_ID.eq(PRODUCTS.TENANT_ID), PRODUCT_VARIANTS.PRODUCT_ID.eq(PRODUCTS.ID))
		.orderBy(PRODUCT_VARIANTS.POSITION, PRODUCT_VARIANTS.ID))
		.as("variants")
		.convertFrom(r -> r.map(Records.mapping(Variant::new)));

	private static final Field<List<ProductImage>> IMAGES = multiset(select(PRODUCT_IMAGES.ID,
			PRODUCT_IMAGES.PRODUCT_ID, PRODUCT_IMAGES.VARIANT_ID, PRODUCT_IMAGES.URL, PRODUCT_IMAGES.POSITION,
			PRODUCT_IMAGES.ALT_TEXT, PRODUCT_IMAGES.CREATED_AT)
		.from(PRODUCT_IMAGES)
		.where(PRODUCT_IMAGES.TENANT_ID.eq(PRODUCTS.TENANT_ID), PRODUCT_IMAGES.PRODUCT_ID.eq(PRODUCTS.ID))
		.orderBy(PRODUCT_IMAGES.POSITION, PRODUCT_IMAGES.ID))
		.as("images")
		.convertFrom(r -> r.map(Records.mapping(ProductImage::new)));

	private final DSLContext dsl;

	ProductRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	/** A product with its variants and images, in one statement. */
	Optional<Product> find(UUID id) {
		return dsl
			.select(PRODUCTS.ID, PRODUCTS.STORE_ID, PRODUCTS.CATEGORY_ID, PRODUCTS.NAME, PRODUCTS.SLUG,
					PRODUCTS.DESCRIPTION, PRODUCTS.STATUS, PRODUCTS.BRAND, PRODUCTS.BASE_PRICE_CENTS,
					PRODUCTS.COMPARE_AT_PRICE_CENTS, PRODUCTS.COST_CENTS, PRODUCTS.CURRENCY, PRODUCTS.WEIGHT_GRAMS,
					PRODUCTS.SEO_TITLE, PRODUCTS.SEO_DESCRIPTION, PRODUCTS.VERSION, PRODUCTS.CREATED_AT,
					PRODUCTS.UPDATED_AT, VARIANTS, IMAGES)
			.from(PRODUCTS)
			.where(PRODUCTS.TENANT_ID.eq(tenant()), PRODUCTS.ID.eq(id))
			.fetchOptional(Records.mapping(Product::new));
	}

	boolean exists(UUID id) {
		return dsl.fetchExists(PRODUCTS, PRODUCTS.TENANT_ID.eq(tenant()), PRODUCTS.ID.eq(id));
	}

	/**
	 * A page of products, newest first: ids are time-ordered UUIDv7, so {@code id < after} continues
	 * after the last one seen.
	 */
	List<ProductSummary> list(ProductFilter filter, UUID after, int limit) {
		Condition condition = DSL.noCondition();
		if (filter.status() != null) {
			condition = condition.and(PRODUCTS.STATUS.eq(filter.status()));
		}
		if (filter.categoryId() != null) {
			condition = condition.and(PRODUCTS.CATEGORY_ID.eq(filter.categoryId()));
		}
		if (filter.storeId() != null) {
			condition = condition.and(PRODUCTS.STORE_ID.eq(filter.storeId()));
		}
		if (filter.q() != null && !filter.q().isBlank()) {
			condition = condition.and(PRODUCTS.NAME.containsIgnoreCase(filter.q().strip()));
		}
		if (after != null) {
			condition = condition.and(PRODUCTS.ID.lt(after));
		}
		return dsl
			.select(PRODUCTS.ID, PRODUCTS.STORE_ID, PRODUCTS.CATEGORY_ID, PRODUCTS.NAME, PRODUCTS.SLUG,
					PRODUCTS.STATUS, PRODUCTS.BRAND, PRODUCTS.BASE_PRICE_CENTS, PRODUCTS.COMPARE_AT_PRICE_CENTS,
					PRODUCTS.CURRENCY, PRODUCTS.VERSION, PRODUCTS.CREATED_AT, PRODUCTS.UPDATED_AT)
			.from(PRODUCTS)
			.where(PRODUCTS.TENANT_ID.eq(tenant()), condition)
			.orderBy(PRODUCTS.ID.desc())
			.limit(limit)
			.fetch(Records.mapping(ProductSummary::new));
	}

	/** Inserts products with their variants and images: one multi-row insert per table and chunk. */
	void insert(List<NewProduct> products) {
		UUID tenant = tenant();
		for (List<NewProduct> chunk : chunks(products)) {
			var insert = dsl.insertInto(PRODUCTS, PRODUCTS.TENANT_ID, PRODUCTS.ID, PRODUCTS.STORE_ID,
					PRODUCTS.CATEGORY_ID, PRODUCTS.NAME, PRODUCTS.SLUG, PRODUCTS.DESCRIPTION, PRODUCTS.STATUS,
					PRODUCTS.BRAND, PRODUCTS.BASE_PRICE_CENTS, PRODUCTS.COMPARE_AT_PRICE_CENTS, PRODUCTS.COST_CENTS,
					PRODUCTS.CURRENCY, PRODUCTS.WEIGHT_GRAMS, PRODUCTS.SEO_TITLE, PRODUCTS.SEO_DESCRIPTION);
			for (NewProduct p : chunk) {
				insert = insert.values(tenant, p.id(), p.storeId(), p.categoryId(), p.name(), p.slug(),
						p.description(), p.status(), p.brand(), p.basePriceCents(), p.compareAtPriceCents(),
						p.costCents(), p.currency(), p.weightGrams(), p.seoTitle(), p.seoDescription());
			}
			insert.execute();
		}
		insertVariants(products.stream().flatMap(p -> p.variants().stream()).toList());
		insertImages(products.stream().flatMap(p -> p.images().stream()).toList());
	}

	void insertVariants(List<NewVariant> variants) {
		UUID tenant = tenant();
		for (List<NewVariant> chunk : chunks(variants)) {
			var insert = dsl.insertInto(PRODUCT_VARIANTS, PRODUCT_VARIANTS.TENANT_ID, PRODUCT_VARIANTS.ID,
					PRODUCT_VARIANTS.PRODUCT_ID, PRODUCT_VARIANTS.NAME, PRODUCT_VARIANTS.SKU, PRODUCT_VARIANTS.BARCODE,
					PRODUCT_VARIANTS.ATTRIBUTES, PRODUCT_VARIANTS.PRICE_CENTS, PRODUCT_VARIANTS.COST_CENTS,
					PRODUCT_VARIANTS.LOW_STOCK_THRESHOLD, PRODUCT_VARIANTS.IS_ACTIVE, PRODUCT_VARIANTS.POSITION);
			for (NewVariant v : chunk) {
				insert = insert.values(tenant, v.id(), v.productId(), v.name(), v.sku(), v.barcode(),
						jsonb(v.attributes()), v.priceCents(), v.costCents(), v.lowStockThreshold(), v.active(),
						v.position());
			}
			insert.execute();
		}
	}

	void insertImages(List<NewImage> images) {
		UUID tenant = tenant();
		for (List<NewImage> chunk : chunks(images)) {
			var insert = dsl.insertInto(PRODUCT_IMAGES, PRODUCT_IMAGES.TENANT_ID, PRODUCT_IMAGES.ID,
					PRODUCT_IMAGES.PRODUCT_ID, PRODUCT_IMAGES.VARIANT_ID, PRODUCT_IMAGES.URL, PRODUCT_IMAGES.POSITION,
					PRODUCT_IMAGES.ALT_TEXT);
			for (NewImage i : chunk) {
				insert = insert.values(tenant, i.id(), i.productId(), i.variantId(), i.url(), i.position(),
						i.altText());
			}
			insert.execute();
		}
	}

	/**
	 * Marks a product changed (and row-locks it for the rest of the transaction, so concurrent variant
	 * and image changes queue); its store id, or empty when there is no such product.
	 */
	Optional<UUID> touch(UUID id) {
		return dsl.update(PRODUCTS)
			.set(PRODUCTS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(PRODUCTS.TENANT_ID.eq(tenant()), PRODUCTS.ID.eq(id))
			.returningResult(PRODUCTS.STORE_ID)
			.fetchOptional(PRODUCTS.STORE_ID);
	}

	/** Applies the non-null changes if the version still matches; the store id, empty when it does not. */
	Optional<UUID> update(UUID id, long expectedVersion, ProductChanges changes) {
		UpdateSetMoreStep<ProductsRecord> update = dsl.update(PRODUCTS)
			.set(PRODUCTS.VERSION, PRODUCTS.VERSION.plus(1))
			.set(PRODUCTS.UPDATED_AT, DSL.currentOffsetDateTime());
		for (Map.Entry<Field<?>, Object> change : changes.values().entrySet()) {
			update = setIfPresent(update, change.getKey(), change.getValue());
		}
		for (String field : changes.clear()) {
			update = update.setNull(ProductChanges.CLEARABLE.get(field));
		}
		return update
			.where(PRODUCTS.TENANT_ID.eq(tenant()), PRODUCTS.ID.eq(id), PRODUCTS.VERSION.eq(expectedVersion))
			.returningResult(PRODUCTS.STORE_ID)
			.fetchOptional(PRODUCTS.STORE_ID);
	}

	/** Archives a product (whatever its version: archiving is idempotent); its store id, empty when none. */
	Optional<UUID> archive(UUID id) {
		return dsl.update(PRODUCTS)
			.set(PRODUCTS.STATUS, "archived")
			.set(PRODUCTS.VERSION, PRODUCTS.VERSION.plus(1))
			.set(PRODUCTS.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(PRODUCTS.TENANT_ID.eq(tenant()), PRODUCTS.ID.eq(id))
			.returningResult(PRODUCTS.STORE_ID)
			.fetchOptional(PRODUCTS.STORE_ID);
	}

	/** The ids of the product's variants. */
	List<UUID> variantIds(UUID productId) {
		return dsl.select(PRODUCT_VARIANTS.ID)
			.from(PRODUCT_VARIANTS)
			.where(PRODUCT_VARIANTS.TENANT_ID.eq(tenant()), PRODUCT_VARIANTS.PRODUCT_ID.eq(productId))
			.fetch(PRODUCT_VARIANTS.ID);
	}

	/** Whether an order has a line of one of these variants (order lines outlive their variant's row). */
	boolean ordered(Collection<UUID> variantIds) {
		return !variantIds.isEmpty() && dsl.fetchExists(select(ORDER_ITEMS.ID).from(ORDER_ITEMS)
			.where(ORDER_ITEMS.TENANT_ID.eq(tenant()), ORDER_ITEMS.VARIANT_ID.in(variantIds)));
	}

	/** Deletes a product; its variants and images go with it (foreign keys cascade). */
	Optional<UUID> delete(UUID id) {
		return dsl.deleteFrom(PRODUCTS)
			.where(PRODUCTS.TENANT_ID.eq(tenant()), PRODUCTS.ID.eq(id))
			.returningResult(PRODUCTS.STORE_ID)
			.fetchOptional(PRODUCTS.STORE_ID);
	}

	Optional<Variant> findVariant(UUID productId, UUID variantId) {
		return dsl
			.select(PRODUCT_VARIANTS.ID, PRODUCT_VARIANTS.PRODUCT_ID, PRODUCT_VARIANTS.NAME, PRODUCT_VARIANTS.SKU,
					PRODUCT_VARIANTS.BARCODE, PRODUCT_VARIANTS.ATTRIBUTES.convertFrom(ProductRepository::attributes),
					PRODUCT_VARIANTS.PRICE_CENTS, PRODUCT_VARIANTS.COST_CENTS, PRODUCT_VARIANTS.LOW_STOCK_THRESHOLD,
					PRODUCT_VARIANTS.IS_ACTIVE, PRODUCT_VARIANTS.POSITION, PRODUCT_VARIANTS.CREATED_AT,
					PRODUCT_VARIANTS.UPDATED_AT)
			.from(PRODUCT_VARIANTS)
			.where(PRODUCT_VARIANTS.TENANT_ID.eq(tenant()), PRODUCT_VARIANTS.PRODUCT_ID.eq(productId),
					PRODUCT_VARIANTS.ID.eq(variantId))
			.fetchOptional(Records.mapping(Variant::new));
	}

	Optional<UUID> findVariantIdBySku(UUID productId, String sku) {
		return dsl.select(PRODUCT_VARIANTS.ID)
			.from(PRODUCT_VARIANTS)
			.where(PRODUCT_VARIANTS.TENANT_ID.eq(tenant()), PRODUCT_VARIANTS.PRODUCT_ID.eq(productId),
					PRODUCT_VARIANTS.SKU.eq(sku))
			.fetchOptional(PRODUCT_VARIANTS.ID);
	}

	int nextVariantPosition(UUID productId) {
		return dsl.select(DSL.coalesce(DSL.max(PRODUCT_VARIANTS.POSITION).plus(1), DSL.val(0)))
			.from(PRODUCT_VARIANTS)
			.where(PRODUCT_VARIANTS.TENANT_ID.eq(tenant()), PRODUCT_VARIANTS.PRODUCT_ID.eq(productId))
			.fetchSingle()
			.value1();
	}

	/** Applies the non-null changes to a variant of the product; false when there is no such variant. */
	boolean updateVariant(UUID productId, UUID variantId, VariantChanges changes) {
		UpdateSetMoreStep<ProductVariantsRecord> update = dsl.update(PRODUCT_VARIANTS)
			.set(PRODUCT_VARIANTS.UPDATED_AT, DSL.currentOffsetDateTime());
		update = setIfPresent(update, PRODUCT_VARIANTS.NAME, changes.name());
		update = setIfPresent(update, PRODUCT_VARIANTS.SKU, changes.sku());
		update = setIfPresent(update, PRODUCT_VARIANTS.BARCODE, changes.barcode());
		update = setIfPresent(update, PRODUCT_VARIANTS.ATTRIBUTES,
				changes.attributes() == null ? null : jsonb(changes.attributes()));
		update = setIfPresent(update, PRODUCT_VARIANTS.PRICE_CENTS, changes.priceCents());
		update = setIfPresent(update, PRODUCT_VARIANTS.COST_CENTS, changes.costCents());
		update = setIfPresent(update, PRODUCT_VARIANTS.LOW_STOCK_THRESHOLD, changes.lowStockThreshold());
		update = setIfPresent(update, PRODUCT_VARIANTS.IS_ACTIVE, changes.active());
		update = setIfPresent(update, PRODUCT_VARIANTS.POSITION, changes.position());
		return update
			.where(PRODUCT_VARIANTS.TENANT_ID.eq(tenant()), PRODUCT_VARIANTS.PRODUCT_ID.eq(productId),
					PRODUCT_VARIANTS.ID.eq(variantId))
			.execute() == 1;
	}

	Optional<ProductImage> findImage(UUID productId, UUID imageId) {
		return dsl
			.select(PRODUCT_IMAGES.ID, PRODUCT_IMAGES.PRODUCT_ID, PRODUCT_IMAGES.VARIANT_ID, PRODUCT_IMAGES.URL,
					PRODUCT_IMAGES.POSITION, PRODUCT_IMAGES.ALT_TEXT, PRODUCT_IMAGES.CREATED_AT)
			.from(PRODUCT_IMAGES)
			.where(PRODUCT_IMAGES.TENANT_ID.eq(tenant()), PRODUCT_IMAGES.PRODUCT_ID.eq(productId),
					PRODUCT_IMAGES.ID.eq(imageId))
			.fetchOptional(Records.mapping(ProductImage::new));
	}

	int nextImagePosition(UUID productId) {
		return dsl.select(DSL.coalesce(DSL.max(PRODUCT_IMAGES.POSITION).plus(1), DSL.val(0)))
			.from(PRODUCT_IMAGES)
			.where(PRODUCT_IMAGES.TENANT_ID.eq(tenant()), PRODUCT_IMAGES.PRODUCT_ID.eq(productId))
			.fetchSingle()
			.value1();
	}

	int countImages(UUID productId) {
		return dsl.fetchCount(PRODUCT_IMAGES, PRODUCT_IMAGES.TENANT_ID.eq(tenant()),
				PRODUCT_IMAGES.PRODUCT_ID.eq(productId));
	}

	/** Applies the non-null changes to an image of the product; false when there is no such image. */
	boolean updateImage(UUID productId, UUID imageId, ImageChanges changes) {
		Map<Field<?>, Object> values = new LinkedHashMap<>();
		putIfPresent(values, PRODUCT_IMAGES.URL, changes.url());
		putIfPresent(values, PRODUCT_IMAGES.POSITION, changes.position());
		putIfPresent(values, PRODUCT_IMAGES.ALT_TEXT, changes.altText());
		putIfPresent(values, PRODUCT_IMAGES.VARIANT_ID, changes.variantId());
		if (values.isEmpty()) {
			return findImage(productId, imageId).isPresent();
		}
		return dsl.update(PRODUCT_IMAGES)
			.set(values)
			.where(PRODUCT_IMAGES.TENANT_ID.eq(tenant()), PRODUCT_IMAGES.PRODUCT_ID.eq(productId),
					PRODUCT_IMAGES.ID.eq(imageId))
			.execute() == 1;
	}

	/** Sets each listed image's position to its index in the list, in one statement; rows updated. */
	int reorderImages(UUID productId, List<UUID> imageIds) {
		@SuppressWarnings("unchecked")
		Row2<UUID, Integer>[] rows = new Row2[imageIds.size()];
		for (int i = 0; i < rows.length; i++) {
			rows[i] = DSL.row(imageIds.get(i), i);
		}
		Table<Record2<UUID, Integer>> order = DSL.values(rows).as("image_order", "id", "position");
		return dsl.update(PRODUCT_IMAGES)
			.set(PRODUCT_IMAGES.POSITION, order.field("position", Integer.class))
			.from(order)
			.where(PRODUCT_IMAGES.TENANT_ID.eq(tenant()), PRODUCT_IMAGES.PRODUCT_ID.eq(productId),
					PRODUCT_IMAGES.ID.eq(order.field("id", UUID.class)))
			.execute();
	}

	boolean deleteImage(UUID productId, UUID imageId) {
		return dsl.deleteFrom(PRODUCT_IMAGES)
			.where(PRODUCT_IMAGES.TENANT_ID.eq(tenant()), PRODUCT_IMAGES.PRODUCT_ID.eq(productId),
					PRODUCT_IMAGES.ID.eq(imageId))
			.execute() == 1;
	}

	/** Which of these product slugs are already taken. */
	Set<String> takenSlugs(Collection<String> slugs) {
		return new HashSet<>(dsl.select(PRODUCTS.SLUG)
			.from(PRODUCTS)
			.where(PRODUCTS.TENANT_ID.eq(tenant()), PRODUCTS.SLUG.eq(DSL.any(slugs.toArray(String[]::new))))
			.fetch(PRODUCTS.SLUG));
	}

	/** Which of these SKUs are already taken. */
	Set<String> takenSkus(Collection<String> skus) {
		return new HashSet<>(dsl.select(PRODUCT_VARIANTS.SKU)
			.from(PRODUCT_VARIANTS)
			.where(PRODUCT_VARIANTS.TENANT_ID.eq(tenant()),
					PRODUCT_VARIANTS.SKU.eq(DSL.any(skus.toArray(String[]::new))))
			.fetch(PRODUCT_VARIANTS.SKU));
	}

	/** Which of these barcodes are already taken. */
	Set<String> takenBarcodes(Collection<String> barcodes) {
		return new HashSet<>(dsl.select(PRODUCT_VARIANTS.BARCODE)
			.from(PRODUCT_VARIANTS)
			.where(PRODUCT_VARIANTS.TENANT_ID.eq(tenant()),
					PRODUCT_VARIANTS.BARCODE.eq(DSL.any(barcodes.toArray(String[]::new))))
			.fetch(PRODUCT_VARIANTS.BARCODE));
	}

	private static <T> List<List<T>> chunks(List<T> items) {
		List<List<T>> chunks = new ArrayList<>();
		for (int from = 0; from < items.size(); from += INSERT_CHUNK) {
			chunks.add(items.subList(from, Math.min(items.size(), from + INSERT_CHUNK)));
		}
		return chunks;
	}

	@SuppressWarnings("unchecked")
	private static <R extends Record, T> UpdateSetMoreStep<R> setIfPresent(UpdateSetMoreStep<R> update,
			Field<T> field, Object value) {
		return value == null ? update : update.set(field, (T) value);
	}

	private static void putIfPresent(Map<Field<?>, Object> values, Field<?> field, Object value) {
		if (value != null) {
			values.put(field, value);
		}
	}

	private static Map<String, String> attributes(JSONB json) {
		return json == null ? Map.of() : JSON.readValue(json.data(), ATTRIBUTES);
	}

	private static JSONB jsonb(Map<String, String> attributes) {
		return JSONB.valueOf(JSON.writeValueAsString(attributes == null ? Map.of() : new LinkedHashMap<>(attributes)));
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

	/** Optional filters of the product list; null means no filter. */
	record ProductFilter(String status, UUID categoryId, UUID storeId, String q) {
	}

	/** A product to insert with its variants and images. */
	record NewProduct(UUID id, UUID storeId, UUID categoryId, String name, String slug, String description,
			String status, String brand, long basePriceCents, Long compareAtPriceCents, Long costCents,
			String currency, Integer weightGrams, String seoTitle, String seoDescription, List<NewVariant> variants,
			List<NewImage> images) {
	}

	record NewVariant(UUID id, UUID productId, String name, String sku, String barcode, Map<String, String> attributes,
			long priceCents, Long costCents, int lowStockThreshold, boolean active, int position) {
	}

	record NewImage(UUID id, UUID productId, UUID variantId, String url, int position, String altText) {
	}

	/** Changes to a product; null leaves a field as it is. */
	record ProductChanges(String name, String slug, String description, String status, String brand, UUID categoryId,
			Long basePriceCents, Long compareAtPriceCents, Long costCents, String currency, Integer weightGrams,
			String seoTitle, String seoDescription, Set<String> clear) {

		/** The optional fields a change may empty: API name to column. */
		static final Map<String, Field<?>> CLEARABLE = Map.of("description", PRODUCTS.DESCRIPTION, "brand",
				PRODUCTS.BRAND, "categoryId", PRODUCTS.CATEGORY_ID, "compareAtPriceCents",
				PRODUCTS.COMPARE_AT_PRICE_CENTS, "costCents", PRODUCTS.COST_CENTS, "weightGrams",
				PRODUCTS.WEIGHT_GRAMS, "seoTitle", PRODUCTS.SEO_TITLE, "seoDescription", PRODUCTS.SEO_DESCRIPTION);

		/** Each column's new value; null where the change leaves it. */
		Map<Field<?>, Object> values() {
			Map<Field<?>, Object> values = new LinkedHashMap<>();
			values.put(PRODUCTS.NAME, name);
			values.put(PRODUCTS.SLUG, slug);
			values.put(PRODUCTS.DESCRIPTION, description);
			values.put(PRODUCTS.STATUS, status);
			values.put(PRODUCTS.BRAND, brand);
			values.put(PRODUCTS.CATEGORY_ID, categoryId);
			values.put(PRODUCTS.BASE_PRICE_CENTS, basePriceCents);
			values.put(PRODUCTS.COMPARE_AT_PRICE_CENTS, compareAtPriceCents);
			values.put(PRODUCTS.COST_CENTS, costCents);
			values.put(PRODUCTS.CURRENCY, currency);
			values.put(PRODUCTS.WEIGHT_GRAMS, weightGrams);
			values.put(PRODUCTS.SEO_TITLE, seoTitle);
			values.put(PRODUCTS.SEO_DESCRIPTION, seoDescription);
			return values;
		}

		/** Whether {@code clear} names only clearable fields, none of them also given a value. */
		boolean clearIsValid() {
			Map<Field<?>, Object> values = values();
			return clear.stream().allMatch(f -> CLEARABLE.containsKey(f) && values.get(CLEARABLE.get(f)) == null);
		}

	}

	/** Changes to a variant; null leaves a field as it is. */
	record VariantChanges(String name, String sku, String barcode, Map<String, String> attributes, Long priceCents,
			Long costCents, Integer lowStockThreshold, Boolean active, Integer position) {
	}

	/** Changes to an image; null leaves a field as it is. */
	record ImageChanges(String url, Integer position, String altText, UUID variantId) {
	}

}
