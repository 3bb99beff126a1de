package io.sokoni.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keys read once each, then together by one refresh; a refresh that fails drops them all, one that
 * overlaps an invalidation changes nothing. The refresh period is an hour: every refresh here is one the
 * test ran.
 */
class BulkRefreshedCacheTest {

	/** The "database": key to value. */
	private final Map<String, String> source = new HashMap<>();

	private final AtomicInteger singleReads = new AtomicInteger();

	private final List<List<String>> bulkReads = new ArrayList<>();

	private final AtomicReference<Function<List<String>, Map<String, String>>> bulk = new AtomicReference<>(
			keys -> {
				bulkReads.add(List.copyOf(keys));
				Map<String, String> found = new HashMap<>();
				keys.stream().filter(source::containsKey).forEach(k -> found.put(k, source.get(k)));
				return found;
			});

	private final BulkRefreshedCache<String, String> cache = new BulkRefreshedCache<>("test-values",
			Duration.ofHours(1), key -> {
				singleReads.incrementAndGet();
				return Optional.ofNullable(source.get(key));
			}, keys -> bulk.get().apply(keys));

	@AfterEach
	void close() {
		cache.close();
	}

	@Test
	void eachKeyIsReadOnceThenAllTogetherByARefresh() {
		source.put("a", "1");
		source.put("b", "1");
		assertThat(cache.get("a")).contains("1");
		assertThat(cache.get("b")).contains("1");
		assertThat(cache.get("gone")).isEmpty();
		assertThat(singleReads).hasValue(3);

		source.put("a", "2");
		source.remove("b");
		source.put("gone", "back");
		assertThat(cache.get("a")).as("held until the refresh").contains("1");
		assertThat(cache.refresh()).isTrue();
		assertThat(bulkReads).hasSize(1);
		assertThat(bulkReads.get(0)).containsExactlyInAnyOrder("a", "b", "gone");
		assertThat(cache.get("a")).contains("2");
		assertThat(cache.get("b")).isEmpty();
		assertThat(cache.get("gone")).contains("back");
		assertThat(singleReads).as("nothing read on its own after the refresh").hasValue(3);
		assertThat(cache.getIfPresent("never asked")).isNull();
	}

	@Test
	void aRefreshThatFailsDropsEveryKey() {
		source.put("a", "1");
		assertThat(cache.get("a")).contains("1");
		bulk.set(keys -> {
			throw new IllegalStateException("the database is down");
		});
		assertThat(cache.refresh()).isFalse();
		source.put("a", "2");
		assertThat(cache.get("a")).as("read on its own again").contains("2");
		assertThat(singleReads).hasValue(2);
	}

	@Test
	void aRefreshOverlappingAnInvalidationChangesNothing() {
		source.put("a", "1");
		source.put("b", "1");
		cache.get("a");
		cache.get("b");
		bulk.set(keys -> {
			Map<String, String> stale = Map.of("a", "stale", "b", "stale"); // read before the change ...
			source.put("b", "2");
			cache.invalidate("b"); // ... announced meanwhile
			return stale;
		});
		assertThat(cache.refresh()).isFalse();
		assertThat(cache.get("a")).contains("1");
		assertThat(cache.get("b")).contains("2");
	}

}
