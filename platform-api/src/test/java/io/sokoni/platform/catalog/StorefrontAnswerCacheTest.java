package io.sokoni.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.sokoni.platform.catalog.StorefrontAnswerCache.Entry;
import io.sokoni.platform.catalog.StorefrontAnswerCache.Key;
import io.sokoni.platform.catalog.StorefrontAnswerCache.Settings;
import io.sokoni.platform.catalog.StorefrontCatalogService.Cached;
import io.sokoni.platform.catalog.StorefrontCatalogService.ProductsRequest;
import io.sokoni.platform.catalog.StorefrontCatalogService.SearchQuery;
import io.sokoni.platform.catalog.StorefrontCatalogService.Sort;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.Test;

/**
 * The storefront answer cache's bounds (issue 18, items 1 and 21): bytes, not entries; a per-tenant
 * share; a segment of its own for requests of unbounded variety; a real "off"; a tiny TTL that reads the
 * database instead of queueing on the cache.
 */
class StorefrontAnswerCacheTest {

	private static final int PAGE = 200 * 1024; // the ~200 KB pages of the reported attack

	private static final long MB = 1 << 20;

	private final AtomicLong clock = new AtomicLong();

	private final TenantId tenant = TenantId.of(UUID.randomUUID());

	private final TenantId other = TenantId.of(UUID.randomUUID());

	private final UUID store = UUID.randomUUID();

	@Test
	void aSweepOfDistinctMaxPricesStaysWithinTheBudgetAndKeepsTheCommonAnswer() {
		StorefrontAnswerCache cache = cache(new Settings(true, Duration.ofSeconds(30), 50_000, 16 * MB, 16 * MB, 2 * MB));
		AtomicInteger commonLoads = new AtomicInteger();
		ProductsRequest firstPage = list(null, 1);
		cache.get(key(tenant, firstPage), bytes(PAGE, commonLoads));

		AtomicInteger sweepLoads = new AtomicInteger();
		for (long maxPrice = 1; maxPrice <= 7_000; maxPrice++) { // 1.4 GB of answers if all were kept
			cache.get(key(tenant, list(maxPrice, 1)), bytes(PAGE, sweepLoads));
			if (maxPrice % 500 == 0) {
				cache.get(key(tenant, firstPage), bytes(PAGE, commonLoads)); // shoppers keep asking for it
				assertThat(cache.weightedBytes()).as("after %d requests", maxPrice).isLessThanOrEqualTo(16 * MB);
			}
		}
		assertThat(sweepLoads).as("every swept answer was computed").hasValue(7_000);
		assertThat(cache.weightedBytes()).isLessThanOrEqualTo(16 * MB);
		assertThat(cache.get(key(tenant, firstPage), bytes(PAGE, commonLoads)).json()).hasSize(PAGE);
		assertThat(commonLoads).as("the common answer was never evicted by the sweep").hasValue(1);
	}

	@Test
	void searchesAndPriceBoundsAndDeepPagesAreVariedPlainListsAreCommon() {
		assertThat(StorefrontAnswerCache.isVaried(list(null, 1))).isFalse();
		assertThat(StorefrontAnswerCache.isVaried(list(null, StorefrontAnswerCache.COMMON_PAGES))).isFalse();
		assertThat(StorefrontAnswerCache.isVaried(list(null, StorefrontAnswerCache.COMMON_PAGES + 1))).isTrue();
		assertThat(StorefrontAnswerCache.isVaried(list(500L, 1))).isTrue();
		assertThat(StorefrontAnswerCache.isVaried(new ProductsRequest(null, 1L, null, false, Sort.NEWEST, 1, 20)))
			.isTrue();
		assertThat(StorefrontAnswerCache.isVaried(
				new SearchQuery("kiondo", null, null, null, false, io.sokoni.platform.search.ProductSearch.Sort.RELEVANCE, 1, 20)))
			.isTrue();
		assertThat(StorefrontAnswerCache.isVaried("categories")).isFalse();
	}

	@Test
	void oneTenantCannotTakeMoreThanItsShareNorEvictAnotherTenant() {
		StorefrontAnswerCache cache = cache(new Settings(true, Duration.ofSeconds(30), 50_000, 32 * MB, 4 * MB, 4 * MB));
		AtomicInteger otherLoads = new AtomicInteger();
		cache.get(key(other, "categories"), bytes(PAGE, otherLoads));

		AtomicInteger loads = new AtomicInteger();
		for (int i = 0; i < 500; i++) { // 100 MB of distinct common answers of one tenant
			cache.get(key(tenant, "page-" + i), bytes(PAGE, loads));
			if (i % 50 == 0) {
				clock.addAndGet(Duration.ofMillis(1_100).toNanos()); // lets the share be recounted (11 s in all: no refresh yet)
			}
		}
		assertThat(loads).hasValue(500);
		assertThat(cache.bytesOf(tenant)).isLessThanOrEqualTo(4 * MB).isGreaterThan(2 * MB);
		cache.get(key(other, "categories"), bytes(PAGE, otherLoads));
		assertThat(otherLoads).as("the other tenant's answer stayed").hasValue(1);
		// Answers over the share are still answered, just not kept.
		assertThat(cache.get(key(tenant, "page-499"), bytes(PAGE, loads)).json()).hasSize(PAGE);
	}

	@Test
	void theShareIsFreedAgainWhenEntriesAreForgotten() {
		StorefrontAnswerCache cache = cache(new Settings(true, Duration.ofSeconds(30), 50_000, 32 * MB, 2 * MB, 4 * MB));
		AtomicInteger loads = new AtomicInteger();
		for (int i = 0; i < 20; i++) {
			cache.get(key(tenant, "page-" + i), bytes(PAGE, loads));
		}
		cache.invalidate(e -> e.getKey().tenant().equals(tenant));
		clock.addAndGet(Duration.ofSeconds(2).toNanos());
		AtomicInteger again = new AtomicInteger();
		cache.get(key(tenant, "page-0"), bytes(PAGE, again));
		cache.get(key(tenant, "page-0"), bytes(PAGE, again));
		assertThat(again).as("cached again after the recount found the share free").hasValue(1);
	}

	@Test
	void anEntryCountBoundStillHolds() {
		StorefrontAnswerCache cache = cache(new Settings(true, Duration.ofSeconds(30), 100, 16 * MB, 16 * MB, 2 * MB));
		for (int i = 0; i < 1_000; i++) {
			cache.get(key(tenant, "tiny-" + i), bytes(10, new AtomicInteger()));
		}
		cache.weightedBytes();
		assertThat(cache.entries()).isLessThanOrEqualTo(100);
	}

	@Test
	void theCountsOfTenantsNoLongerCachedAreDroppedWithManySmallStores() {
		StorefrontAnswerCache cache = cache(new Settings(true, Duration.ofSeconds(30), 100, 16 * MB, 16 * MB, 2 * MB));
		for (int i = 0; i < 10_000; i++) {
			cache.get(key(TenantId.of(UUID.randomUUID()), "categories"), bytes(10, new AtomicInteger()));
			if (i % 1_000 == 0) {
				clock.addAndGet(Duration.ofSeconds(2).toNanos());
			}
		}
		cache.weightedBytes(); // pending evictions done
		clock.addAndGet(Duration.ofSeconds(2).toNanos());
		cache.get(key(tenant, "categories"), bytes(10, new AtomicInteger()));
		assertThat(cache.countedTenants()).as("10,000 stores, none near its share, in a cache of 100 entries")
			.isLessThanOrEqualTo(101);
	}

	@Test
	void switchedOffOrSizeZeroEveryRequestIsComputed() {
		for (Settings off : List.of(new Settings(false, Duration.ofSeconds(30), 50_000, 16 * MB, 16 * MB, 2 * MB),
				new Settings(true, Duration.ofSeconds(30), 0, 16 * MB, 16 * MB, 2 * MB),
				new Settings(true, Duration.ofSeconds(30), 50_000, 0, 16 * MB, 2 * MB),
				new Settings(true, Duration.ZERO, 50_000, 16 * MB, 16 * MB, 2 * MB))) {
			StorefrontAnswerCache cache = cache(off);
			AtomicInteger loads = new AtomicInteger();
			for (int i = 0; i < 100; i++) {
				cache.get(key(tenant, "categories"), bytes(100, loads));
			}
			assertThat(loads).as("%s", off).hasValue(100);
			assertThat(cache.entries()).isZero();
		}
	}

	@Test
	void aTinyTtlReadsTheDatabaseOnEveryRequestWithoutQueueingOnTheCache() throws Exception {
		StorefrontAnswerCache cache = cache(new Settings(true, Duration.ofMillis(1), 50_000, 16 * MB, 16 * MB, 2 * MB));
		AtomicInteger loads = new AtomicInteger();
		int threads = 16;
		int each = 2_000;
		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				done.add(pool.submit(() -> {
					for (int i = 0; i < each; i++) {
						cache.get(key(tenant, "categories"), bytes(100, loads));
					}
				}));
			}
			for (Future<?> f : done) {
				f.get();
			}
		}
		assertThat(loads).hasValue(threads * each);
		assertThat(cache.entries()).isZero();
	}

	@Test
	void atTheMinimumTtlAnswersAreCached() {
		StorefrontAnswerCache cache = cache(
				new Settings(true, StorefrontAnswerCache.MIN_TTL, 50_000, 16 * MB, 16 * MB, 2 * MB));
		AtomicInteger loads = new AtomicInteger();
		cache.get(key(tenant, "categories"), bytes(100, loads));
		cache.get(key(tenant, "categories"), bytes(100, loads));
		assertThat(loads).hasValue(1);
	}

	private StorefrontAnswerCache cache(Settings settings) {
		return new StorefrontAnswerCache(settings, clock::get,
				load -> new Entry(new Cached<>((byte[]) load.get(), "\"etag\""), load, null));
	}

	private Key key(TenantId tenant, Object request) {
		return new Key(tenant, store, request);
	}

	private static ProductsRequest list(Long maxPrice, int page) {
		return new ProductsRequest(null, null, maxPrice, false, Sort.NEWEST, page, 100);
	}

	private static Supplier<byte[]> bytes(int size, AtomicInteger loads) {
		return () -> {
			loads.incrementAndGet();
			return new byte[size];
		};
	}

}
