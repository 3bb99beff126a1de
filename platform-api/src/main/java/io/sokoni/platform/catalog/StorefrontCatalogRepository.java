package io.sokoni.platform.catalog;

import static io.sokoni.jooq.Tables.CATEGORIES;
import static io.sokoni.jooq.Tables.PRODUCTS;
import static io.sokoni.jooq.Tables.PRODUCT_IMAGES;
import static io.sokoni.jooq.Tables.PRODUCT_VARIANTS;
import static org.jooq.Records.mapping;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.jsonArray;
import static org.jooq.impl.DSL.jsonArrayAgg;
import static org.jooq.impl.DSL.jsonObject;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.catalog.StorefrontCatalogService.CategoryRow;
import io.sokoni.platform.catalog.StorefrontCatalogService.ProductDetail;
import io.sokoni.platform.catalog.StorefrontCatalogService.ProductFilter;
import io.sokoni.platform.catalog.StorefrontCatalogService.ProductSummary;
import io.sokoni.platform.database.RenderedOnce;
import io.sokoni.platform.inventory.SellableStock;
import io.sokoni.tenant.TenantContext;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSON;
import org.jooq.JSONEntryValueStep;
import org.jooq.Select;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/**
 * What shoppers see of the catalog: active categories, and the active products of one store with their
 * lowest active variant price and whether any active variant can be sold (available at an active
 * location). Row level security filters by tenant; the explicit tenant predicate lets the planner use
 * the (tenant_id, …) indexes.
 */
@Repository
class StorefrontCatalogRepository {

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

	/**
	 * A product page as PostgreSQL wrote it (the JSON of a {@link ProductDetail} but its structured data),
	 * the product's id, and its absolute URL on the requested host (null until {@link #at}).
	 */
	record ProductPage(UUID id, String json, String url) {

		ProductPage at(String url) {
			return new ProductPage(id, json, url);
		}

	}

	/**
	 * An active product of the store by slug, with its active variants (price, availability) and images,
	 * as one JSON document. The statement is rendered once ({@link #PRODUCT_PAGE}) and PostgreSQL builds
	 * the JSON, so a page that is not cached costs the application no query rendering and no row mapping
	 * (measured: rendering was a fifth of the application's CPU on such a page, building and mapping the
	 * query another eighth).
	 */
	Optional<ProductPage> findProductPage(UUID storeId, String slug) {
		return PRODUCT_PAGE.fetch(dsl, Map.of("tenant", tenant(), "store", storeId, "slug", slug))
			.stream()
			.findFirst()
			.map(r -> new ProductPage(r.get(0, UUID.class), r.get(1, String.class), null));
	}

	private static final RenderedOnce PRODUCT_PAGE = RenderedOnce.of(productPage());

	/** The product page statement; its parameters are the tenant, the store and the slug. */
	private static Select<?> productPage() {
		Field<Integer> available = DSL.field(DSL.name("stock", "available"), SQLDataType.INTEGER);
		Field<JSON> variants = DSL.field(select(jsonArrayAgg(jsonObject(key("id").value(PRODUCT_VARIANTS.ID),
				key("sku").value(PRODUCT_VARIANTS.SKU), key("name").value(PRODUCT_VARIANTS.NAME),
				key("attributes").value(PRODUCT_VARIANTS.ATTRIBUTES),
				key("priceCents").value(PRODUCT_VARIANTS.PRICE_CENTS),
				key("available").value(greatest(available, inline(0))),
				key("inStock").value(DSL.field(available.gt(inline(0))))))
			.orderBy(PRODUCT_VARIANTS.POSITION, PRODUCT_VARIANTS.ID))
			.from(PRODUCT_VARIANTS)
			.crossJoin(lateral(select(SellableStock.quantity().as(available.getName())).asTable("stock")))
			.where(PRODUCT_VARIANTS.TENANT_ID.eq(PRODUCTS.TENANT_ID), PRODUCT_VARIANTS.PRODUCT_ID.eq(PRODUCTS.ID),
					PRODUCT_VARIANTS.IS_ACTIVE.isTrue()));
		Field<JSON> images = DSL.field(select(jsonArrayAgg(jsonObject(key("url").value(PRODUCT_IMAGES.URL),
				key("altText").value(PRODUCT_IMAGES.ALT_TEXT), key("variantId").value(PRODUCT_IMAGES.VARIANT_ID)))
			.orderBy(PRODUCT_IMAGES.POSITION, PRODUCT_IMAGES.ID))
			.from(PRODUCT_IMAGES)
			.where(PRODUCT_IMAGES.TENANT_ID.eq(PRODUCTS.TENANT_ID), PRODUCT_IMAGES.PRODUCT_ID.eq(PRODUCTS.ID)));
		Field<JSON> category = DSL.when(CATEGORIES.ID.isNotNull(), jsonObject(key("id").value(CATEGORIES.ID),
				key("name").value(CATEGORIES.NAME), key("slug").value(CATEGORIES.SLUG)));
		Field<JSON> page = jsonObject(key("id").value(PRODUCTS.ID), key("slug").value(PRODUCTS.SLUG),
				key("name").value(PRODUCTS.NAME), key("brand").value(PRODUCTS.BRAND),
				key("description").value(PRODUCTS.DESCRIPTION), key("priceCents").value(ProductOffers.price()),
				key("compareAtPriceCents").value(ProductOffers.compareAtPrice()),
				key("currency").value(PRODUCTS.CURRENCY),
				key("inStock").value(DSL.field(ProductOffers.hasStock())), key("category").value(category),
				key("variants").value(coalesce(variants, jsonArray())),
				key("images").value(coalesce(images, jsonArray())), key("seoTitle").value(PRODUCTS.SEO_TITLE),
				key("seoDescription").value(PRODUCTS.SEO_DESCRIPTION));
		return select(PRODUCTS.ID, page.cast(SQLDataType.CLOB))
			.from(PRODUCTS)
			.leftJoin(CATEGORIES)
			.on(CATEGORIES.TENANT_ID.eq(PRODUCTS.TENANT_ID), CATEGORIES.ID.eq(PRODUCTS.CATEGORY_ID),
					CATEGORIES.IS_ACTIVE.isTrue())
			.where(PRODUCTS.TENANT_ID.eq(DSL.param("tenant", SQLDataType.UUID)),
					PRODUCTS.STORE_ID.eq(DSL.param("store", SQLDataType.UUID)),
					PRODUCTS.SLUG.eq(DSL.param("slug", SQLDataType.VARCHAR)), PRODUCTS.STATUS.eq(inline("active")));
	}

	/** A JSON key as a literal (jOOQ would bind it), so that a statement's only binds are its inputs. */
	private static JSONEntryValueStep key(String name) {
		return DSL.key(inline(name));
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

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
