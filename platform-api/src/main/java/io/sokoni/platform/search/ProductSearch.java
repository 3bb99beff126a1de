package io.sokoni.platform.search;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Searches the active products of one store of the bound tenant. Implementations take the tenant from
 * {@code TenantContext} and always restrict to it, to the query's store and to active products: never
 * from anything a shopper typed.
 */
public interface ProductSearch {

	Results search(Query query);

	/** How hits are ordered. */
	enum Sort {

		RELEVANCE, NEWEST, PRICE_ASC, PRICE_DESC, NAME

	}

	/**
	 * A search of one store (the store comes from the request's Host, never from its parameters).
	 *
	 * @param categoryIds only products filed under one of these categories; null for all
	 * @param page 1-based
	 */
	record Query(UUID storeId, String text, Set<UUID> categoryIds, Long minPriceCents, Long maxPriceCents,
			boolean inStockOnly, Sort sort, int page, int size) {
	}

	/** A product found: as in product lists. */
	record Hit(UUID id, String slug, String name, String brand, long priceCents, String currency, boolean inStock,
			String imageUrl, UUID categoryId) {
	}

	/** One page of hits and how many matched in all (an estimate for Meilisearch beyond its hit cap). */
	record Results(List<Hit> hits, long total) {
	}

}
