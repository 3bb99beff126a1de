package io.sokoni.platform.search;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.meilisearch.sdk.SearchRequest;
import com.meilisearch.sdk.exceptions.MeilisearchException;
import io.sokoni.platform.search.SearchProperties.Fallback;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Search in Meilisearch. Every request ANDs the bound tenant, the store and {@code status = "active"}
 * (server state) with the shopper's filters; the shopper's text only ever goes in {@code q}. While
 * Meilisearch cannot answer, it falls back to PostgreSQL or answers 503, as configured.
 */
class MeilisearchProductSearch implements ProductSearch {

	private static final Logger log = LoggerFactory.getLogger(MeilisearchProductSearch.class);

	private final MeilisearchClient meilisearch;

	private final ProductSearch fallback;

	private final Fallback mode;

	MeilisearchProductSearch(MeilisearchClient meilisearch, ProductSearch fallback, Fallback mode) {
		this.meilisearch = meilisearch;
		this.fallback = fallback;
		this.mode = mode;
	}

	@Override
	public Results search(Query query) {
		SearchRequest request = request(TenantContext.require(), query);
		JsonNode answer;
		try {
			answer = MeilisearchClient.JSON.readTree(meilisearch.search(request));
		}
		catch (MeilisearchException | JacksonException ex) {
			if (mode == Fallback.POSTGRES) {
				log.warn("Meilisearch search failed, answering from PostgreSQL: {}", ex.toString());
				return fallback.search(query);
			}
			log.warn("Meilisearch search failed: {}", ex.toString());
			throw new ApiException(ProblemType.SEARCH_UNAVAILABLE, "Search is unavailable right now; retry shortly");
		}
		TenantId tenant = TenantContext.require();
		List<Hit> hits = new ArrayList<>();
		for (JsonNode doc : answer.path("hits")) {
			// Defence in depth: the filter already scopes the search; a hit of another tenant or store
			// (an index or filter bug) is dropped and reported, never shown.
			if (!doc.path("tenant_id").asString("").equals(tenant.toString())
					|| !doc.path("store_id").asString("").equals(query.storeId().toString())) {
				log.error("Meilisearch returned document {} outside the search scope; dropped", doc.path("id").asString());
				continue;
			}
			hits.add(new Hit(UUID.fromString(doc.path("id").asString()), doc.path("slug").asString(),
					doc.path("name").asString(), doc.path("brand").asString(null), doc.path("price_cents").asLong(),
					doc.path("currency").asString(), doc.path("in_stock").asBoolean(),
					doc.path("image_url").asString(null), doc.hasNonNull("category_id")
							? UUID.fromString(doc.path("category_id").asString()) : null));
		}
		return new Results(hits, answer.path("totalHits").asLong(hits.size()));
	}

	/** The request: scope clauses from server state first, then the shopper's typed filters. */
	static SearchRequest request(TenantId tenant, Query query) {
		List<String> filter = MeilisearchFilters.scope(tenant, query.storeId());
		if (query.categoryIds() != null) {
			filter.add(MeilisearchFilters.anyCategory(query.categoryIds()));
		}
		if (query.minPriceCents() != null) {
			filter.add("price_cents >= " + query.minPriceCents());
		}
		if (query.maxPriceCents() != null) {
			filter.add("price_cents <= " + query.maxPriceCents());
		}
		if (query.inStockOnly()) {
			filter.add("in_stock = true");
		}
		SearchRequest request = new SearchRequest(query.text()).setFilter(filter.toArray(String[]::new))
			.setPage(query.page())
			.setHitsPerPage(query.size());
		String sort = switch (query.sort()) {
			case RELEVANCE -> null;
			case NEWEST -> "created_at:desc";
			case PRICE_ASC -> "price_cents:asc";
			case PRICE_DESC -> "price_cents:desc";
			case NAME -> "name:asc";
		};
		return sort == null ? request : request.setSort(new String[] { sort });
	}

}
