package io.sokoni.platform.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.sokoni.platform.Hashes;
import io.sokoni.platform.catalog.StorefrontAnswerCache.Entry;
import io.sokoni.platform.catalog.StorefrontAnswerCache.Key;
import io.sokoni.platform.catalog.StorefrontCatalogRepository.PageRow;
import io.sokoni.platform.catalog.StorefrontCatalogRepository.ProductPage;
import io.sokoni.platform.search.ProductSearch;
import io.sokoni.platform.store.Store;
import io.sokoni.platform.store.StoreService;
import io.sokoni.platform.web.ApiException;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;
import io.sokoni.platform.web.StorefrontUrls;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The storefront's read side of the catalog, for the store the request's Host names. Answers are
 * cached in-process (Caffeine) per tenant, store and request with the ETag of their JSON. As soon as
 * any instance's relay delivered product events of a tenant, its lists and searches and the pages of
 * those products are dropped; other products' pages stay (a busy store's stock flips and edits do not
 * empty its whole cache). A category event drops all of the tenant's answers
 * ({@link StorefrontCacheInvalidation}), and so does a change to a store's settings. The TTL (30 s by
 * default) bounds what no event announces: exact stock counts between in-stock flips on product pages,
 * and the search engine's indexing; lists and the category tree, which only events change, live longer
 * (5 minutes by default: the bound if a notice to another instance is lost). Busy entries are refreshed
 * in the background before they expire. The cache is bounded by bytes, overall and per tenant, and
 * requests of unbounded variety (price bounds, search text) have a segment of their own
 * ({@link StorefrontAnswerCache}).
 */
@Service
public class StorefrontCatalogService {

	private final StorefrontCatalogRepository catalog;

	private final StoreService stores;

	private final ProductSearch search;

	private final TransactionTemplate reads;

	private final JsonMapper json;

	private final StorefrontAnswerCache cache;

	private final StorefrontUrls urls;

	/**
	 * Whether a store is live, read when an answer is loaded; changed only by a store settings change,
	 * which drops it ({@link #invalidate(TenantId)}), so it lives as long as the lists do.
	 */
	private final Cache<StoreKey, Boolean> liveStores;

	@Autowired
	StorefrontCatalogService(StorefrontCatalogRepository catalog, StoreService stores, ProductSearch search,
			PlatformTransactionManager transactionManager, JsonMapper json, StorefrontUrls urls,
			@Value("${sokoni.catalog.storefront-cache-enabled:true}") boolean cacheEnabled,
			@Value("${sokoni.catalog.storefront-cache-ttl:30s}") Duration ttl,
			@Value("${sokoni.catalog.storefront-cache-list-ttl:5m}") Duration listTtl,
			@Value("${sokoni.catalog.storefront-cache-size:50000}") long cacheSize,
			@Value("${sokoni.catalog.storefront-cache-max-bytes:128MB}") DataSize maxBytes,
			@Value("${sokoni.catalog.storefront-cache-tenant-max-bytes:16MB}") DataSize tenantMaxBytes,
			@Value("${sokoni.catalog.storefront-cache-varied-max-bytes:16MB}") DataSize variedMaxBytes) {
		this(catalog, stores, search, transactionManager, json, urls,
				new StorefrontAnswerCache.Settings(cacheEnabled, ttl, listTtl.compareTo(ttl) > 0 ? listTtl : ttl,
						cacheSize, maxBytes.toBytes(), tenantMaxBytes.toBytes(), variedMaxBytes.toBytes()),
				Ticker.systemTicker());
	}

	/** With the cache's settings and clock given: tests move the clock by hand instead of sleeping. */
	StorefrontCatalogService(StorefrontCatalogRepository catalog, StoreService stores, ProductSearch search,
			PlatformTransactionManager transactionManager, JsonMapper json, StorefrontUrls urls,
			StorefrontAnswerCache.Settings cacheSettings, Ticker ticker) {
		this.catalog = catalog;
		this.urls = urls;
		this.stores = stores;
		this.search = search;
		this.reads = new TransactionTemplate(transactionManager);
		this.reads.setReadOnly(true);
		this.json = json;
		this.cache = new StorefrontAnswerCache(cacheSettings, ticker, this::entry);
		this.liveStores = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfterWrite(cacheSettings.announcedTtl())
			.build();
	}

	/**
	 * A response as cached: its JSON, serialised once (a cache hit writes these bytes), and the strong
	 * ETag of that JSON. {@code T} names what the JSON holds.
	 */
	public record Cached<T>(byte[] json, String etag) {
	}

	/** The active category tree of the tenant. */
	public Cached<List<CategoryNode>> categories(UUID storeId) {
		return cached(storeId, "categories", () -> read(storeId, () -> tree(catalog.activeCategories())));
	}

	/** A page of the store's active products matching the request. */
	public Cached<ProductList> products(UUID storeId, ProductsRequest request) {
		return cached(storeId, request, () -> read(storeId, () -> {
			ProductFilter filter = new ProductFilter(categoryIds(request.category()), request.minPriceCents(),
					request.maxPriceCents(), request.inStockOnly(), request.sort());
			List<PageRow> rows = catalog.listProducts(storeId, filter, request.page(), request.size());
			long total = !rows.isEmpty() ? rows.get(0).total()
					: request.page() == 1 ? 0 : catalog.countProducts(storeId, filter);
			return new ProductList(rows.stream().map(PageRow::product).toList(), request.page(), request.size(),
					total);
		}));
	}

	/**
	 * Searches the store's active products ({@link ProductSearch}: Meilisearch or PostgreSQL). The
	 * category is resolved here, in the database, before the search engine is called.
	 */
	public Cached<ProductList> search(UUID storeId, SearchQuery request) {
		return cached(storeId, request, () -> {
			Set<UUID> categoryIds = read(storeId, () -> categoryIds(request.category()));
			ProductSearch.Results results = search.search(new ProductSearch.Query(storeId, request.text(), categoryIds,
					request.minPriceCents(), request.maxPriceCents(), request.inStockOnly(), request.sort(),
					request.page(), request.size()));
			return new ProductList(results.hits()
				.stream()
				.map(h -> new ProductSummary(h.id(), h.slug(), h.name(), h.brand(), h.priceCents(), h.currency(),
						h.inStock(), h.imageUrl(), h.categoryId()))
				.toList(), request.page(), request.size(), results.total());
		});
	}

	/**
	 * An active product of the store, by slug (its JSON as PostgreSQL built it), with its schema.org
	 * JSON-LD whose URLs are on the host the shopper asked (so the cache keeps one answer per host of
	 * the store; a store has one or two).
	 */
	public Cached<ProductDetail> product(UUID storeId, String slug, String host) {
		return cached(storeId, new DetailKey(slug, host), () -> read(storeId,
				() -> catalog.findProductPage(storeId, slug)
					.map(page -> page.at(urls.product(host, slug)))
					.orElseThrow(() -> ApiException.notFound("Product"))));
	}

	/**
	 * The ids of a category (by id or slug) and of all its active descendants; null when the request
	 * names none; 404 when it names one that does not exist or is not shown (inactive, or below an
	 * inactive category).
	 */
	public Set<UUID> categoryIds(CategorySelector selector) {
		if (selector == null) {
			return null;
		}
		List<CategoryNode> roots = tree(catalog.activeCategories());
		return find(roots, selector).map(node -> {
			Set<UUID> ids = new LinkedHashSet<>();
			collect(node, ids);
			return ids;
		}).orElseThrow(() -> ApiException.notFound("Category"));
	}

	/**
	 * Runs a tenant-scoped read through the cache, keyed by the bound tenant, the store and the request
	 * (a record, so equal requests share an entry). Failures are not cached. {@code T} names what the
	 * JSON holds: the loaded answer, or the {@link ProductDetail} a loaded {@link ProductPage} is the JSON of.
	 */
	@SuppressWarnings("unchecked")
	public <T> Cached<T> cached(UUID storeId, Object request, Supplier<?> load) {
		return (Cached<T>) cache.get(new Key(TenantContext.require(), storeId, request), load);
	}

	private Entry entry(Supplier<?> load) {
		Object answer = load.get();
		if (answer instanceof ProductPage page) {
			byte[] bytes = withStructuredData(page);
			return new Entry(new Cached<>(bytes, etag(bytes)), load, page.id());
		}
		byte[] bytes = json.writeValueAsBytes(answer);
		return new Entry(new Cached<>(bytes, etag(bytes)), load, null);
	}

	/**
	 * JSON as PostgreSQL writes it (spaces around colons, new lines between array elements) written
	 * again the way Jackson writes every other answer, with the page's schema.org JSON-LD added as its
	 * last field ({@link ProductStructuredData}, built from the page itself): the same bytes as if the
	 * page had been mapped and serialised here. Runs once per cached answer, not per request.
	 */
	private byte[] withStructuredData(ProductPage page) {
		ObjectNode tree = (ObjectNode) json.readTree(page.json());
		tree.set("structuredData", ProductStructuredData.of(tree, page.url(), json));
		return json.writeValueAsBytes(tree);
	}

	/** Reads in one read-only transaction, after checking the store is live (else 404). */
	public <T> T read(UUID storeId, Supplier<T> work) {
		return reads.execute(status -> {
			// Whether a store is live changes rarely, and never unannounced: remembered, saving a query per load.
			boolean live = liveStores.get(new StoreKey(TenantContext.require(), storeId),
					k -> stores.find(storeId).map(Store::live).orElse(false));
			if (!live) {
				throw ApiException.notFound("Store");
			}
			return work.get();
		});
	}

	private record StoreKey(TenantId tenant, UUID storeId) {
	}

	/** Forgets every cached answer of a tenant. */
	public void invalidate(TenantId tenant) {
		liveStores.asMap().keySet().removeIf(k -> k.tenant().equals(tenant));
		cache.invalidate(e -> e.getKey().tenant().equals(tenant));
	}

	/** Forgets a tenant's answers that may show these products: all but the other products' pages. */
	public void invalidateProducts(TenantId tenant, Set<UUID> products) {
		cache.invalidate(e -> e.getKey().tenant().equals(tenant)
					&& (e.getValue().product() == null || products.contains(e.getValue().product())));
	}

	/** Forgets every cached answer. */
	void invalidateAll() {
		cache.invalidateAll();
	}

	private static String etag(byte[] json) {
		return "\"" + HexFormat.of().formatHex(Hashes.sha256(json), 0, 16) + "\"";
	}

	/** Builds the tree; a category whose parent is not shown is not shown either. */
	static List<CategoryNode> tree(List<CategoryRow> rows) {
		Map<UUID, List<CategoryNode>> children = new LinkedHashMap<>();
		Map<UUID, CategoryNode> nodes = new LinkedHashMap<>();
		for (CategoryRow row : rows) {
			List<CategoryNode> own = children.computeIfAbsent(row.id(), id -> new ArrayList<>());
			nodes.put(row.id(), new CategoryNode(row.id(), row.name(), row.slug(), own));
		}
		List<CategoryNode> roots = new ArrayList<>();
		for (CategoryRow row : rows) {
			if (row.parentId() == null) {
				roots.add(nodes.get(row.id()));
			}
			else if (children.containsKey(row.parentId())) {
				children.get(row.parentId()).add(nodes.get(row.id()));
			}
		}
		return roots;
	}

	private static Optional<CategoryNode> find(List<CategoryNode> nodes, CategorySelector selector) {
		for (CategoryNode node : nodes) {
			if (selector.matches(node)) {
				return Optional.of(node);
			}
			Optional<CategoryNode> below = find(node.children(), selector);
			if (below.isPresent()) {
				return below;
			}
		}
		return Optional.empty();
	}

	private static void collect(CategoryNode node, Set<UUID> ids) {
		ids.add(node.id());
		node.children().forEach(child -> collect(child, ids));
	}

	private record DetailKey(String slug, String host) {
	}

	/** A category row as stored. */
	record CategoryRow(UUID id, UUID parentId, String name, String slug, Integer position) {
	}

	/** A shown category and its shown subcategories. */
	public record CategoryNode(UUID id, String name, String slug, List<CategoryNode> children) {
	}

	/** The category a product is filed under. */
	public record CategoryRef(UUID id, String name, String slug) {
	}

	/** A category named by id or by slug. */
	public record CategorySelector(UUID id, String slug) {

		boolean matches(CategoryNode node) {
			return id != null ? id.equals(node.id()) : node.slug().equals(slug);
		}

	}

	/** How a product list is ordered. */
	public enum Sort {

		NEWEST, PRICE_ASC, PRICE_DESC, NAME;

		public static Sort parse(String value) {
			return valueOf(value.toUpperCase(java.util.Locale.ROOT));
		}

	}

	/** A product list request as the storefront sends it (also the cache key). */
	public record ProductsRequest(CategorySelector category, Long minPriceCents, Long maxPriceCents,
			boolean inStockOnly, Sort sort, int page, int size) {
	}

	/** A search request as the storefront sends it (also the cache key). */
	public record SearchQuery(String text, CategorySelector category, Long minPriceCents, Long maxPriceCents,
			boolean inStockOnly, ProductSearch.Sort sort, int page, int size) {
	}

	/** Resolved filters: category ids (null for all), price bounds in cents, in stock only. */
	record ProductFilter(Set<UUID> categoryIds, Long minPriceCents, Long maxPriceCents, boolean inStockOnly,
			Sort sort) {
	}

	/** A product in a list: its lowest active variant price, whether it can be bought, its first image. */
	public record ProductSummary(UUID id, String slug, String name, String brand, long priceCents, String currency,
			boolean inStock, String imageUrl, UUID categoryId) {
	}

	/** One page of products and how many match in all. */
	public record ProductList(List<ProductSummary> items, int page, int size, long total) {
	}

	/**
	 * A product page: active variants with price and availability, images, category, SEO texts, and its
	 * schema.org Product/Offer JSON-LD ({@link ProductStructuredData}). PostgreSQL writes it as JSON ({@code StorefrontCatalogRepository.findProductPage}); this record is its shape,
	 * for the OpenAPI document and the test that holds the two together.
	 */
	public record ProductDetail(UUID id, String slug, String name, String brand, String description, long priceCents,
			Long compareAtPriceCents, String currency, boolean inStock, CategoryRef category, List<Variant> variants,
			List<Image> images, String seoTitle, String seoDescription, Map<String, Object> structuredData) {
	}

	/** A variant shoppers can choose: price and how many can be ordered now. */
	public record Variant(UUID id, String sku, String name, Map<String, Object> attributes, long priceCents,
			int available, boolean inStock) {
	}

	/** A product image, optionally of one variant. */
	public record Image(String url, String altText, UUID variantId) {
	}

}
