package io.sokoni.platform.search;

import static io.sokoni.jooq.Tables.CATEGORIES;
import static io.sokoni.jooq.Tables.INVENTORY_LEVELS;
import static io.sokoni.jooq.Tables.PRODUCTS;
import static io.sokoni.jooq.Tables.PRODUCT_IMAGES;
import static io.sokoni.jooq.Tables.PRODUCT_VARIANTS;
import static io.sokoni.jooq.Tables.STORE_LOCATIONS;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.catalog.ProductOffers;
import io.sokoni.platform.search.ProductSearch.Hit;
import io.sokoni.platform.search.ProductSearch.Query;
import io.sokoni.tenant.TenantContext;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * The catalog as search sees it, read with the tenant bound: documents for the index (current state of
 * products, whatever their status: the indexer decides), and PostgreSQL full-text search over
 * {@code products.search_tsv} for when Meilisearch is not there. Search is a read model of the catalog,
 * so it reads the catalog tables itself (read only) rather than calling the catalog feature, which in
 * turn calls search: that keeps the dependency one way.
 */
@Repository
class SearchRepository {

	private final DSLContext dsl;

	SearchRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	/** Documents of those of the given products that exist (any status). */
	List<ProductDocument> documents(Collection<UUID> productIds) {
		if (productIds.isEmpty()) {
			return List.of();
		}
		Map<UUID, CategoryRow> categories = categories();
		return selectDocuments(PRODUCTS.ID.in(productIds)).fetch(r -> document(r, categories));
	}

	/** Active products after {@code after} in id order (keyset paging through a tenant for a reindex). */
	List<ProductDocument> activeDocumentsAfter(UUID after, int limit) {
		Map<UUID, CategoryRow> categories = categories();
		return selectDocuments(PRODUCTS.STATUS.eq("active").and(after == null ? noCondition() : PRODUCTS.ID.gt(after)))
			.orderBy(PRODUCTS.ID)
			.limit(limit)
			.fetch(r -> document(r, categories));
	}

	/** Products filed under any of these categories or below them (a category renamed or moved). */
	List<UUID> productIdsUnder(Collection<UUID> categoryIds) {
		Map<UUID, List<UUID>> children = new HashMap<>();
		categories().values()
			.forEach(c -> children.computeIfAbsent(c.parentId(), p -> new ArrayList<>()).add(c.id()));
		Set<UUID> subtree = new HashSet<>();
		Deque<UUID> todo = new ArrayDeque<>(categoryIds);
		while (!todo.isEmpty()) {
			UUID id = todo.pop();
			if (subtree.add(id)) {
				todo.addAll(children.getOrDefault(id, List.of()));
			}
		}
		return dsl.select(PRODUCTS.ID)
			.from(PRODUCTS)
			.where(PRODUCTS.TENANT_ID.eq(tenant()), PRODUCTS.CATEGORY_ID.in(subtree))
			.fetch(PRODUCTS.ID);
	}

	/** A hit and how many matched in all. */
	record HitRow(Hit hit, long total) {
	}

	/**
	 * Full-text search of one store's active products: {@code websearch_to_tsquery('simple', q)} against
	 * the generated {@code search_tsv} (name, brand, description; GIN index), the same filters and offer
	 * rule as product lists, ranked by {@code ts_rank} unless another order is asked for.
	 */
	List<HitRow> search(Query query) {
		Field<Long> price = ProductOffers.price();
		Field<Object> tsQuery = DSL.field("websearch_to_tsquery('simple', {0})", Object.class, DSL.val(query.text()));
		Field<Float> rank = DSL.field("ts_rank({0}, {1})", Float.class, PRODUCTS.SEARCH_TSV, tsQuery);
		return dsl
			.select(PRODUCTS.ID, PRODUCTS.SLUG, PRODUCTS.NAME, PRODUCTS.BRAND, price, PRODUCTS.CURRENCY,
					ProductOffers.inStock(), ProductOffers.firstImage(), PRODUCTS.CATEGORY_ID, count().over())
			.from(PRODUCTS)
			.where(PRODUCTS.TENANT_ID.eq(tenant()), PRODUCTS.STORE_ID.eq(query.storeId()),
					PRODUCTS.STATUS.eq("active"), DSL.condition("{0} @@ {1}", PRODUCTS.SEARCH_TSV, tsQuery),
					query.categoryIds() == null ? noCondition() : PRODUCTS.CATEGORY_ID.in(query.categoryIds()),
					query.minPriceCents() == null ? noCondition() : price.ge(query.minPriceCents()),
					query.maxPriceCents() == null ? noCondition() : price.le(query.maxPriceCents()),
					query.inStockOnly() ? ProductOffers.hasStock() : noCondition())
			.orderBy(order(query.sort(), price, rank))
			.limit(query.size())
			.offset((long) (query.page() - 1) * query.size())
			.fetch(r -> new HitRow(new Hit(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
					r.value7(), r.value8(), r.value9()), r.value10()));
	}

	private org.jooq.SelectConditionStep<? extends Record> selectDocuments(Condition condition) {
		return dsl
			.select(PRODUCTS.ID, PRODUCTS.TENANT_ID, PRODUCTS.STORE_ID, PRODUCTS.STATUS, PRODUCTS.NAME, PRODUCTS.SLUG,
					PRODUCTS.BRAND, PRODUCTS.DESCRIPTION, PRODUCTS.CATEGORY_ID,
					multiset(select(PRODUCT_VARIANTS.SKU).from(PRODUCT_VARIANTS)
						.where(PRODUCT_VARIANTS.TENANT_ID.eq(PRODUCTS.TENANT_ID),
								PRODUCT_VARIANTS.PRODUCT_ID.eq(PRODUCTS.ID), PRODUCT_VARIANTS.IS_ACTIVE.isTrue())
						.orderBy(PRODUCT_VARIANTS.POSITION, PRODUCT_VARIANTS.ID))
						.convertFrom(rows -> rows.map(Record1::value1))
						.as("skus"),
					ProductOffers.price(), PRODUCTS.CURRENCY, ProductOffers.inStock(), ProductOffers.firstImage(),
					PRODUCTS.CREATED_AT)
			.from(PRODUCTS)
			.where(PRODUCTS.TENANT_ID.eq(tenant()), condition);
	}

	@SuppressWarnings("unchecked")
	private static ProductDocument document(Record r, Map<UUID, CategoryRow> categories) {
		UUID categoryId = r.get(PRODUCTS.CATEGORY_ID);
		List<UUID> path = new ArrayList<>();
		List<String> names = new ArrayList<>();
		// Walk up to the root; the bound stops a corrupt (cyclic) tree from looping forever.
		for (UUID id = categoryId; id != null && categories.containsKey(id) && path.size() < 50;
				id = categories.get(id).parentId()) {
			path.add(0, id);
			names.add(0, categories.get(id).name());
		}
		return new ProductDocument(r.get(PRODUCTS.ID), r.get(PRODUCTS.TENANT_ID), r.get(PRODUCTS.STORE_ID),
				r.get(PRODUCTS.STATUS), r.get(PRODUCTS.NAME), r.get(PRODUCTS.SLUG), r.get(PRODUCTS.BRAND),
				r.get(PRODUCTS.DESCRIPTION), categoryId, path, names, (List<String>) r.get("skus"),
				r.get(ProductOffers.price()), r.get(PRODUCTS.CURRENCY), r.get("in_stock", Boolean.class),
				r.get("image_url", String.class), r.get(PRODUCTS.CREATED_AT).toInstant().toEpochMilli());
	}

	private record CategoryRow(UUID id, UUID parentId, String name) {
	}

	private Map<UUID, CategoryRow> categories() {
		Map<UUID, CategoryRow> byId = new HashMap<>();
		dsl.select(CATEGORIES.ID, CATEGORIES.PARENT_ID, CATEGORIES.NAME)
			.from(CATEGORIES)
			.where(CATEGORIES.TENANT_ID.eq(tenant()))
			.forEach(r -> byId.put(r.value1(), new CategoryRow(r.value1(), r.value2(), r.value3())));
		return byId;
	}



	private static List<SortField<?>> order(ProductSearch.Sort sort, Field<Long> price, Field<Float> rank) {
		return switch (sort) {
			case RELEVANCE -> List.of(rank.desc(), PRODUCTS.CREATED_AT.desc(), PRODUCTS.ID.desc());
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
