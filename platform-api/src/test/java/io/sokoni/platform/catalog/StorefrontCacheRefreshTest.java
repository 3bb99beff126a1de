package io.sokoni.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.sokoni.platform.web.ApiException;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The storefront cache's refresh: an entry older than half the TTL is answered at once, from the cache,
 * and computed again in the background with its tenant bound; a refresh that finds the answer gone
 * (404) drops the entry. TTL 4 s here: refresh after 2 s, expiry not before 3 s, so what these tests see
 * between 2 and 3 s can only come from a refresh.
 */
class StorefrontCacheRefreshTest {

	private static final Duration TTL = Duration.ofSeconds(4);

	private final StorefrontCatalogService service = new StorefrontCatalogService(null, null, null, null,
			JsonMapper.builder().build(), TTL, 1000);

	private final TenantId tenant = TenantId.of(UUID.randomUUID());

	private final UUID store = UUID.randomUUID();

	@Test
	void aStaleEntryIsAnsweredFromTheCacheAndRefreshedInTheBackground() throws InterruptedException {
		AtomicInteger loads = new AtomicInteger();
		ConcurrentLinkedQueue<String> loadedOn = new ConcurrentLinkedQueue<>();
		Supplier<Integer> load = () -> {
			loadedOn.add(Thread.currentThread().getName() + " as " + TenantContext.require());
			int n = loads.incrementAndGet();
			if (n > 1) {
				sleep(300); // a slow reload: the stale read below must not wait for it
			}
			return n;
		};
		assertThat(get(load)).isEqualTo("1");
		assertThat(get(load)).as("fresh: no load").isEqualTo("1");

		Thread.sleep(2_100);
		long start = System.nanoTime();
		assertThat(get(load)).as("stale, answered without waiting for the reload").isEqualTo("1");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
		await().atMost(Duration.ofMillis(700)).untilAsserted(() -> assertThat(get(load)).isEqualTo("2"));
		assertThat(loadedOn).hasSize(2);
		assertThat(loadedOn).last().asString().startsWith("storefront-cache-refresh-").endsWith(" as " + tenant);
	}

	@Test
	void aRefreshThatFindsTheAnswerGoneDropsTheEntry() throws InterruptedException {
		AtomicInteger loads = new AtomicInteger();
		Supplier<Integer> load = () -> {
			if (loads.incrementAndGet() > 1) {
				sleep(300);
				throw ApiException.notFound("Product");
			}
			return 1;
		};
		assertThat(get(load)).isEqualTo("1");

		Thread.sleep(2_100);
		assertThat(get(load)).as("stale answer while the refresh runs").isEqualTo("1");
		await().atMost(Duration.ofMillis(700)).until(() -> loads.get() == 2);
		await().atMost(Duration.ofMillis(700))
			.untilAsserted(() -> assertThatThrownBy(() -> get(load)).isInstanceOf(ApiException.class));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private String get(Supplier<Integer> load) {
		return TenantContext.callAs(tenant, () -> new String(service.cached(store, "request", load).json(),
				StandardCharsets.UTF_8));
	}

}
