package io.sokoni.platform.catalog;

import static io.sokoni.jooq.Tables.CATEGORIES;
import static io.sokoni.jooq.Tables.INVENTORY_LEVELS;
import static io.sokoni.jooq.Tables.PRODUCTS;
import static io.sokoni.jooq.Tables.PRODUCT_IMAGES;
import static io.sokoni.jooq.Tables.PRODUCT_VARIANTS;
import static io.sokoni.jooq.Tables.STORE_LOCATIONS;
import static org.jooq.Records.mapping;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.catalog.StorefrontCatalogService.CategoryRow;
import io.sokoni.platform.catalog.StorefrontCatalogService.Image;
import io.sokoni.platform.catalog.StorefrontCatalogService.ProductDetail;
import io.sokoni.platform.catalog.StorefrontCatalogService.ProductFilter;
import io.sokoni.platform.catalog.StorefrontCatalogService.ProductSummary;
import io.sokoni.platform.catalog.StorefrontCatalogService.Variant;
import io.sokoni.platform.catalog.StorefrontCatalogService.CategoryRef;
import io.sokoni.tenant.TenantContext;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What shoppers see of the catalog: active categories, and the active products of one store with their
 * lowest active variant price and whether any active variant can be sold (available at an active
 * location). Row level security filters by tenant; the explicit tenant predicate lets the planner use
 * the (tenant_id, …) indexes.
 */
@Repository
class StorefrontCatalogRepository {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() {
	};

	private final DSLContext dsl;

	StorefrontCatalogRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	List<CategoryRow> activeCategories() {
		return dsl
			.select(CATEGORIES.ID, CATEGORIES.PARENT_ID, CATEGORIES.NAME, CATEGORIES.SLUG, CATEGORIES.POSITION)
			.from(CATEGORIES)
			.where(CATEGORIES.TENANT_ID.eq(tenant()), CATEGORIES.IS_ACTIVE.isTrue())
			.orderBy(CATEGORIES.POSITION, CATEGORIES.NAME, CATEGORIES.ID)
			.limit(10_000)
			.fetch(mapping(CategoryRow::new));
	}

	/** A page of the store's active products and, on each row, how many match in all. */
	record PageRow(ProductSummary product, long total) {
	}

	/**
	 * One page of matching products in one statement, in index order of the listed price the database
	 * keeps ({@link ProductOffers#price}) or of the creation time or name, so only the page's rows are
	 * read; the total comes along from an uncorrelated count (evaluated once, from the index alone).
	 */
	List<PageRow> listProducts(UUID storeId, ProductFilter filter, int page, int size) {
		Field<Integer> total = DSL.field(DSL.selectCount().from(PRODUCTS).where(matching(storeId, filter)));
		return dsl
			.select(PRODUCTS.ID, PRODUCTS.SLUG, PRODUCTS.NAME, PRODUCTS.BRAND, ProductOffers.price(), PRODUCTS.CURRENCY,
					ProductOffers.inStock(), ProductOffers.firstImage(), PRODUCTS.CATEGORY_ID, total)
			.from(PRODUCTS)
			.where(matching(storeId, filter))
			.orderBy(order(filter.sort()))
			.limit(size)
			.offset((long) (page - 1) * size)
			.fetch(r -> new PageRow(new ProductSummary(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
					r.value6(), r.value7(), r.value8(), r.value9()), r.value10()));
	}

	/** How many products match (only needed when a page beyond the last one was asked for). */
	long countProducts(UUID storeId, ProductFilter filter) {
		return dsl.selectCount().from(PRODUCTS).where(matching(storeId, filter)).fetchSingle(0, Long.class);
	}

	/** An active product of the store by slug, with its active variants (price, availability) and images. */
	Optional<ProductDetail> findProduct(UUID storeId, String slug) {
		Field<Integer> available = coalesce(DSL
			.select(DSL.sum(INVENTORY_LEVELS.ON_HAND.minus(INVENTORY_LEVELS.RESERVED)).cast(SQLDataType.INTEGER))
			.from(INVENTORY_LEVELS)
			.join(STORE_LOCATIONS)
			.on(STORE_LOCATIONS.TENANT_ID.eq(INVENTORY_LEVELS.TENANT_ID),
					STORE_LOCATIONS.ID.eq(INVENTORY_LEVELS.LOCATION_ID))
			.where(INVENTORY_LEVELS.TENANT_ID.eq(PRODUCT_VARIANTS.TENANT_ID),
					INVENTORY_LEVELS.VARIANT_ID.eq(PRODUCT_VARIANTS.ID), STORE_LOCATIONS.STATUS.eq("active"))
			.<Integer>asField(), inline(0));
		return dsl
			.select(PRODUCTS.ID, PRODUCTS.SLUG, PRODUCTS.NAME, PRODUCTS.BRAND, PRODUCTS.DESCRIPTION,
					ProductOffers.price(), PRODUCTS.COMPARE_AT_PRICE_CENTS, PRODUCTS.CURRENCY, ProductOffers.inStock(),
					DSL.row(CATEGORIES.ID, CATEGORIES.NAME, CATEGORIES.SLUG)
						.mapping(CategoryRef.class, (id, name, s) -> id == null ? null : new CategoryRef(id, name, s)),
					multiset(select(PRODUCT_VARIANTS.ID, PRODUCT_VARIANTS.SKU, PRODUCT_VARIANTS.NAME,
							PRODUCT_VARIANTS.ATTRIBUTES, PRODUCT_VARIANTS.PRICE_CENTS, available)
						.from(PRODUCT_VARIANTS)
						.where(PRODUCT_VARIANTS.TENANT_ID.eq(PRODUCTS.TENANT_ID),
								PRODUCT_VARIANTS.PRODUCT_ID.eq(PRODUCTS.ID), PRODUCT_VARIANTS.IS_ACTIVE.isTrue())
						.orderBy(PRODUCT_VARIANTS.POSITION, PRODUCT_VARIANTS.ID))
						.convertFrom(rows -> rows.map(v -> new Variant(v.value1(), v.value2(), v.value3(),
								attributes(v.value4()), v.value5(), Math.max(0, v.value6()), v.value6() > 0))),
					multiset(select(PRODUCT_IMAGES.URL, PRODUCT_IMAGES.ALT_TEXT, PRODUCT_IMAGES.VARIANT_ID)
						.from(PRODUCT_IMAGES)
						.where(PRODUCT_IMAGES.TENANT_ID.eq(PRODUCTS.TENANT_ID),
								PRODUCT_IMAGES.PRODUCT_ID.eq(PRODUCTS.ID))
						.orderBy(PRODUCT_IMAGES.POSITION, PRODUCT_IMAGES.ID))
						.convertFrom(rows -> rows.map(mapping(Image::new))),
					PRODUCTS.SEO_TITLE, PRODUCTS.SEO_DESCRIPTION)
			.from(PRODUCTS)
			.leftJoin(CATEGORIES)
			.on(CATEGORIES.TENANT_ID.eq(PRODUCTS.TENANT_ID), CATEGORIES.ID.eq(PRODUCTS.CATEGORY_ID),
					CATEGORIES.IS_ACTIVE.isTrue())
			.where(PRODUCTS.TENANT_ID.eq(tenant()), PRODUCTS.STORE_ID.eq(storeId), PRODUCTS.SLUG.eq(slug),
					PRODUCTS.STATUS.eq("active"))
			.fetchOptional(mapping(ProductDetail::new));
	}


	private static Condition matching(UUID storeId, ProductFilter filter) {
		Field<Long> price = ProductOffers.price();
		return PRODUCTS.TENANT_ID.eq(tenant())
			.and(PRODUCTS.STORE_ID.eq(storeId))
			.and(PRODUCTS.STATUS.eq("active"))
			.and(filter.categoryIds() == null ? noCondition() : PRODUCTS.CATEGORY_ID.in(filter.categoryIds()))
			.and(filter.minPriceCents() == null ? noCondition() : price.ge(filter.minPriceCents()))
			.and(filter.maxPriceCents() == null ? noCondition() : price.le(filter.maxPriceCents()))
			.and(filter.inStockOnly() ? ProductOffers.hasStock() : noCondition());
	}


	private static List<SortField<?>> order(StorefrontCatalogService.Sort sort) {
		Field<Long> price = ProductOffers.price();
		return switch (sort) {
			case NEWEST -> List.of(PRODUCTS.CREATED_AT.desc(), PRODUCTS.ID.desc());
			case PRICE_ASC -> List.of(price.asc(), PRODUCTS.ID.asc());
			case PRICE_DESC -> List.of(price.desc(), PRODUCTS.ID.desc());
			case NAME -> List.of(PRODUCTS.NAME.asc(), PRODUCTS.ID.asc());
		};
	}

	private static Map<String, Object> attributes(JSONB json) {
		return json == null ? Map.of() : JSON.readValue(json.data(), ATTRIBUTES);
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
