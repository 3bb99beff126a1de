package io.sokoni.platform.catalog;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import io.sokoni.platform.catalog.StorefrontCatalogService.Cached;
import io.sokoni.platform.catalog.StorefrontCatalogService.ProductsRequest;
import io.sokoni.platform.catalog.StorefrontCatalogService.SearchQuery;
import io.sokoni.platform.web.ApiException;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;

/**
 * The storefront's in-process answer cache, bounded by bytes, not by entries: a store whose pages are
 * 200 KB must not be able to fill the heap with the same entry count as one whose pages are 2 KB.
 * <ul>
 * <li>Two segments: <em>common</em> answers (categories, product pages, lists without price bounds) and
 * <em>varied</em> ones (lists with price bounds, every search, deep pages), whose variety is unbounded (any
 * {@code maxPrice}, any text). The varied segment has a small budget of its own, so a sweep of
 * {@code maxPrice=1,2,3,…} only churns it and never evicts the answers most shoppers ask for.</li>
 * <li>A per-tenant share across both segments: an answer that would take a tenant past it is served but
 * not kept, so one store (or one client hammering it) cannot evict the others.</li>
 * <li>Off ({@link Settings#on()} false): every request reads the database. A TTL under {@link #MIN_TTL}
 * counts as off too: entries that expire almost at once only cost the cache's bookkeeping (its locks,
 * its refreshes) on top of the database read they cannot save.</li>
 * </ul>
 * Entries read after half their TTL are answered and recomputed in the background; unread ones expire
 * between three quarters of their TTL and the TTL, at random, so entries cached together do not all
 * reload in one burst. Two TTLs: <em>announced</em> answers (the category tree and the common product
 * lists, read from PostgreSQL) change only by what events announce (product and category changes,
 * in-stock flips, store settings: {@link StorefrontCacheInvalidation}), so they live
 * {@link Settings#announcedTtl()}; product pages (exact stock counts) and searches (the search engine
 * indexes a change a moment after its event) live {@link Settings#ttl()}. An answer whose load overlapped
 * an invalidation is served but not kept: it may have been read before the change it missed.
 */
final class StorefrontAnswerCache {

	/** Below this TTL the cache is off: see the class comment. */
	static final Duration MIN_TTL = Duration.ofSeconds(1);

	/** Bytes an entry costs beyond its JSON: key, request record, ETag, map node (an estimate). */
	static final int ENTRY_OVERHEAD = 512;

	/** How often at most the per-tenant byte counts are recounted from the cache's contents. */
	private static final Duration RECOUNT_INTERVAL = Duration.ofSeconds(1);

	/** Lists beyond this page count as varied: deep pages are rare and their number is large. */
	static final int COMMON_PAGES = 5;

	/** Background refreshes: two at a time, so they never take more than two database connections. */
	private static final Executor REFRESHER = Executors.newFixedThreadPool(2,
			Thread.ofPlatform().daemon().name("storefront-cache-refresh-", 0).factory());

	/**
	 * The cache's budgets. {@code maxEntries} also bounds the entry count: every entry weighs at least
	 * {@code maxBytes / maxEntries} bytes.
	 */
	record Settings(boolean enabled, Duration ttl, Duration announcedTtl, long maxEntries, long maxBytes,
			long tenantMaxBytes, long variedMaxBytes) {

		/** One TTL for every answer. */
		Settings(boolean enabled, Duration ttl, long maxEntries, long maxBytes, long tenantMaxBytes,
				long variedMaxBytes) {
			this(enabled, ttl, ttl, maxEntries, maxBytes, tenantMaxBytes, variedMaxBytes);
		}

		/** Whether answers are cached at all. */
		boolean on() {
			return enabled && maxEntries > 0 && maxBytes > 0 && tenantMaxBytes > 0 && ttl.compareTo(MIN_TTL) >= 0;
		}

		long minWeight() {
			return Math.max(1, maxBytes / Math.max(1, maxEntries));
		}

	}

	/** The key of an answer: tenant, store and the request (a record, so equal requests share an entry). */
	record Key(TenantId tenant, UUID storeId, Object request) {
	}

	/**
	 * A cached answer, how to compute it again, the product it shows when it is a product page, and when
	 * its load began (the cache's clock; set by the cache).
	 */
	record Entry(Cached<?> answer, Supplier<?> load, UUID product, long loadedAt) {

		Entry(Cached<?> answer, Supplier<?> load, UUID product) {
			this(answer, load, product, 0);
		}

		Entry loadedAt(long nanos) {
			return new Entry(answer, load, product, nanos);
		}

		long bytes() {
			return answer.json().length + ENTRY_OVERHEAD;
		}

	}

	private final Settings settings;

	private final Ticker ticker;

	/** Computes an entry from a load: runs it and serialises the answer. */
	private final Function<Supplier<?>, Entry> compute;

	private final LoadingCache<Key, Entry> common;

	private final LoadingCache<Key, Entry> varied;

	/**
	 * Bytes each tenant holds in the cache: counted up on every insertion, recounted from the cache's
	 * contents (at most once a second, when a tenant reaches its share) since removals are not counted
	 * down. It may overestimate a tenant for up to a second, never for longer. It is also recounted when it
	 * names more tenants than the cache may hold entries: with many small stores none reaches its share, and
	 * without that it kept a counter for every tenant ever cached.
	 */
	private final AtomicReference<Map<TenantId, AtomicLong>> tenantBytes = new AtomicReference<>(
			new ConcurrentHashMap<>());

	private final ReentrantLock recounting = new ReentrantLock();

	private volatile long lastRecount;

	/** Counts invalidations: a load that sees it change was under way during one (see the class comment). */
	private final AtomicLong invalidations = new AtomicLong();

	StorefrontAnswerCache(Settings settings, Ticker ticker, Function<Supplier<?>, Entry> compute) {
		this.settings = settings;
		this.ticker = ticker;
		this.compute = compute;
		this.lastRecount = ticker.read();
		long variedBytes = Math.min(settings.variedMaxBytes(), settings.maxBytes() / 2);
		// Off: no caches at all (a zero TTL could not even build one), every request computes its answer.
		this.common = settings.on() ? segment(Math.max(0, settings.maxBytes() - variedBytes)) : null;
		this.varied = settings.on() ? segment(variedBytes) : null;
	}

	private LoadingCache<Key, Entry> segment(long maxBytes) {
		long minWeight = settings.minWeight();
		return Caffeine.newBuilder()
			.maximumWeight(maxBytes)
			.weigher((Key key, Entry entry) -> (int) Math.min(Integer.MAX_VALUE, Math.max(minWeight, entry.bytes())))
			.ticker(ticker)
			.expireAfter(Expiry.<Key, Entry>writing((key, value) -> {
				long ttlNanos = ttlOf(key).toNanos();
				long age = Math.max(0, ticker.read() - value.loadedAt());
				return Duration.ofNanos(
						Math.max(0, ttlNanos * 3 / 4 + ThreadLocalRandom.current().nextLong(ttlNanos / 4 + 1) - age));
			}))
			// Caffeine refreshes after one duration per cache: the shorter TTL's half. An announced answer
			// younger than half its own TTL is kept as it is then (asyncReload), without a database read.
			.refreshAfterWrite(settings.ttl().dividedBy(2))
			.build(new CacheLoader<>() {

				@Override
				public Entry load(Key key) {
					throw new UnsupportedOperationException("Entries are first loaded by get(), with their loader");
				}

				@Override
				public Entry reload(Key key, Entry old) {
					try {
						long began = invalidations.get();
						long loadedAt = ticker.read();
						Entry fresh = TenantContext.callAs(key.tenant(), () -> compute.apply(old.load()))
							.loadedAt(loadedAt);
						if (invalidations.get() != began) {
							return null; // dropped: the next request loads it again
						}
						count(key.tenant(), fresh.bytes());
						return fresh;
					}
					catch (ApiException gone) {
						return null; // e.g. the product is no longer shown: dropped, the next request answers it
					}
				}

				// Refreshes run on their own small pool; the cache's other work (eviction) stays on its default.
				@Override
				public CompletableFuture<? extends Entry> asyncReload(Key key, Entry old, Executor executor) {
					if (ticker.read() - old.loadedAt() < ttlOf(key).toNanos() / 2) {
						return CompletableFuture.completedFuture(old);
					}
					return CompletableFuture.supplyAsync(() -> reload(key, old), REFRESHER);
				}

			});
	}

	/**
	 * The answer for the key: cached, or computed by {@code load} (and kept when its segment and the
	 * tenant's share allow). Concurrent misses of one key compute it once. Failures are not cached.
	 */
	Cached<?> get(Key key, Supplier<?> load) {
		if (!settings.on()) {
			return compute.apply(load).answer();
		}
		Entry[] notKept = new Entry[1];
		Entry entry = segmentOf(key).get(key, k -> {
			long began = invalidations.get();
			long loadedAt = ticker.read();
			Entry computed = compute.apply(load).loadedAt(loadedAt);
			if (invalidations.get() != began || !admit(k.tenant(), computed.bytes())) {
				notKept[0] = computed;
				return null; // answered, not kept
			}
			return computed;
		});
		return (entry != null ? entry : notKept[0]).answer();
	}

	private LoadingCache<Key, Entry> segmentOf(Key key) {
		return isVaried(key.request()) ? varied : common;
	}

	private Duration ttlOf(Key key) {
		return isAnnounced(key.request()) ? settings.announcedTtl() : settings.ttl();
	}

	/**
	 * Whether an answer changes only by what events announce (see the class comment): the category tree
	 * and the common (not varied) product lists.
	 */
	static boolean isAnnounced(Object request) {
		return "categories".equals(request) || request instanceof ProductsRequest && !isVaried(request);
	}

	/** Whether a request belongs to the unbounded-variety segment (see the class comment). */
	static boolean isVaried(Object request) {
		return switch (request) {
			case SearchQuery search -> true;
			case ProductsRequest list -> list.minPriceCents() != null || list.maxPriceCents() != null
					|| list.page() > COMMON_PAGES;
			default -> false;
		};
	}

	/** Counts the bytes against the tenant's share; false (nothing counted) when they would exceed it. */
	private boolean admit(TenantId tenant, long bytes) {
		if (bytes > settings.tenantMaxBytes()) {
			return false;
		}
		if (tenantBytes.get().size() > settings.maxEntries()) {
			recount();
		}
		AtomicLong held = tenantBytes.get().computeIfAbsent(tenant, t -> new AtomicLong());
		if (held.get() + bytes > settings.tenantMaxBytes() && recount()) {
			held = tenantBytes.get().computeIfAbsent(tenant, t -> new AtomicLong());
		}
		if (held.get() + bytes > settings.tenantMaxBytes()) {
			return false;
		}
		held.addAndGet(bytes);
		return true;
	}

	private void count(TenantId tenant, long bytes) {
		tenantBytes.get().computeIfAbsent(tenant, t -> new AtomicLong()).addAndGet(bytes);
	}

	/**
	 * Recounts every tenant's bytes from what the cache holds, when the last recount is a second old and
	 * no other thread is recounting (never waits). True when it recounted.
	 */
	boolean recount() {
		if (ticker.read() - lastRecount < RECOUNT_INTERVAL.toNanos() || !recounting.tryLock()) {
			return false;
		}
		try {
			// No cleanUp() here: this may run inside the cache's compute of a key, where its maintenance
			// (evictions) must not run; reading the map is safe.
			Map<TenantId, AtomicLong> counted = new ConcurrentHashMap<>();
			for (LoadingCache<Key, Entry> segment : java.util.List.of(common, varied)) {
				segment.asMap()
					.forEach((key, entry) -> counted.computeIfAbsent(key.tenant(), t -> new AtomicLong())
						.addAndGet(entry.bytes()));
			}
			tenantBytes.set(counted);
			lastRecount = ticker.read();
			return true;
		}
		finally {
			recounting.unlock();
		}
	}

	/** Forgets the entries the predicate names. */
	void invalidate(Predicate<Map.Entry<Key, Entry>> which) {
		invalidations.incrementAndGet();
		segments().forEach(segment -> segment.asMap().entrySet().removeIf(which));
	}

	/** Forgets every entry. */
	void invalidateAll() {
		invalidations.incrementAndGet();
		segments().forEach(LoadingCache::invalidateAll);
	}

	private java.util.List<LoadingCache<Key, Entry>> segments() {
		return common == null ? java.util.List.of() : java.util.List.of(common, varied);
	}

	/** The bytes the cache holds (after pending evictions ran), as its weigher counts them. */
	long weightedBytes() {
		if (common == null) {
			return 0;
		}
		common.cleanUp();
		varied.cleanUp();
		return common.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L)
				+ varied.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
	}

	/** The bytes of one tenant's entries (as {@link Entry#bytes()} counts them). */
	long bytesOf(TenantId tenant) {
		long[] bytes = new long[1];
		for (LoadingCache<Key, Entry> segment : segments()) {
			segment.cleanUp();
			segment.asMap().forEach((key, entry) -> bytes[0] += key.tenant().equals(tenant) ? entry.bytes() : 0);
		}
		return bytes[0];
	}

	/** The tenants whose bytes are counted (see {@link #tenantBytes}). */
	int countedTenants() {
		return tenantBytes.get().size();
	}

	/** The entries the cache holds. */
	long entries() {
		return segments().stream().mapToLong(LoadingCache::estimatedSize).sum();
	}

}
