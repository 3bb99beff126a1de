package io.sokoni.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.sokoni.platform.catalog.StorefrontCatalogService.ProductsRequest;
import io.sokoni.platform.catalog.StorefrontCatalogService.Sort;
import io.sokoni.platform.web.ApiException;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The storefront cache's refresh: an entry older than half the TTL is answered at once, from the cache,
 * and computed again in the background with its tenant bound; a refresh that finds the answer gone
 * (404) drops the entry. The cache's clock is moved by hand (TTL 4 s: refresh after 2 s, expiry not
 * before 3 s) and stays at 2.1 s, so what these tests see can only come from a refresh, however slow the
 * machine. Product lists live the list TTL (60 s here): announced by events, they are not read again at
 * 2 s.
 */
class StorefrontCacheRefreshTest {

	private static final Duration TTL = Duration.ofSeconds(4);

	private static final Duration LIST_TTL = Duration.ofSeconds(60);

	private static final ProductsRequest FIRST_PAGE = new ProductsRequest(null, null, null, false, Sort.NEWEST, 1, 20);

	private final AtomicLong clock = new AtomicLong();

	private final StorefrontCatalogService service = new StorefrontCatalogService(null, null, null, null,
			JsonMapper.builder().build(), null, new StorefrontAnswerCache.Settings(true, TTL, LIST_TTL, 1000, 64 << 20, 16 << 20, 8 << 20),
			clock::get);

	private final TenantId tenant = TenantId.of(UUID.randomUUID());

	private final UUID store = UUID.randomUUID();

	@Test
	void aStaleEntryIsAnsweredFromTheCacheAndRefreshedInTheBackground() throws InterruptedException {
		AtomicInteger loads = new AtomicInteger();
		ConcurrentLinkedQueue<String> loadedOn = new ConcurrentLinkedQueue<>();
		CountDownLatch reloadMayFinish = new CountDownLatch(1);
		Supplier<Integer> load = () -> {
			loadedOn.add(Thread.currentThread().getName() + " as " + TenantContext.require());
			int n = loads.incrementAndGet();
			if (n > 1) {
				hold(reloadMayFinish); // the stale read below returns while the reload is held here
			}
			return n;
		};
		assertThat(get(load)).isEqualTo("1");
		assertThat(get(load)).as("fresh: no load").isEqualTo("1");

		clock.addAndGet(Duration.ofMillis(2_100).toNanos());
		assertThat(get(load)).as("stale, answered without waiting for the reload").isEqualTo("1");
		await().atMost(Duration.ofSeconds(10)).until(() -> loads.get() == 2);
		assertThat(get(load)).as("still stale while the reload runs").isEqualTo("1");
		reloadMayFinish.countDown();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(load)).isEqualTo("2"));
		assertThat(loadedOn).hasSize(2);
		assertThat(loadedOn).last().asString().startsWith("storefront-cache-refresh-").endsWith(" as " + tenant);
	}

	@Test
	void aRefreshThatFindsTheAnswerGoneDropsTheEntry() {
		AtomicInteger loads = new AtomicInteger();
		Supplier<Integer> load = () -> {
			if (loads.incrementAndGet() > 1) {
				throw ApiException.notFound("Product");
			}
			return 1;
		};
		assertThat(get(load)).isEqualTo("1");

		clock.addAndGet(Duration.ofMillis(2_100).toNanos());
		assertThat(get(load)).as("stale answer while the refresh runs").isEqualTo("1");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThatThrownBy(() -> get(load)).isInstanceOf(ApiException.class));
		assertThat(loads).as("the refresh, then a load of its own once the entry was dropped").hasValueGreaterThan(2);
	}

	@Test
	void aListLivesTheListTtlAndIsRefreshedOnlyAfterHalfOfIt() {
		AtomicInteger loads = new AtomicInteger();
		Supplier<Integer> load = loads::incrementAndGet;
		assertThat(get(FIRST_PAGE, load)).isEqualTo("1");

		clock.addAndGet(Duration.ofSeconds(20).toNanos()); // past the short TTL, before half the list TTL
		for (int i = 0; i < 50; i++) {
			assertThat(get(FIRST_PAGE, load)).isEqualTo("1");
		}
		assertThat(loads).as("kept as it was: no reload before half the list TTL").hasValue(1);

		clock.addAndGet(Duration.ofSeconds(11).toNanos()); // 31 s: past half the list TTL
		assertThat(get(FIRST_PAGE, load)).as("answered at once, refreshed in the background").isEqualTo("1");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(FIRST_PAGE, load)).isEqualTo("2"));

		clock.addAndGet(LIST_TTL.toNanos()); // unread for a whole list TTL: expired
		assertThat(get(FIRST_PAGE, load)).isEqualTo("3");
	}

	@Test
	void anAnswerLoadedWhileItsTenantWasInvalidatedIsServedButNotKept() {
		AtomicInteger loads = new AtomicInteger();
		Supplier<Integer> load = () -> {
			int n = loads.incrementAndGet();
			if (n == 1) {
				service.invalidate(tenant); // a change announced while this load read the old rows
			}
			return n;
		};
		assertThat(get(FIRST_PAGE, load)).isEqualTo("1");
		assertThat(get(FIRST_PAGE, load)).as("not kept: loaded again").isEqualTo("2");
		assertThat(get(FIRST_PAGE, load)).as("kept now").isEqualTo("2");
	}

	private static void hold(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private String get(Supplier<Integer> load) {
		return get("request", load);
	}

	private String get(Object request, Supplier<Integer> load) {
		return TenantContext.callAs(tenant, () -> new String(service.cached(store, request, load).json(),
				StandardCharsets.UTF_8));
	}

}
