package io.sokoni.tenant;

import java.sql.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Per-tenant facts of the control database (a status, a route) read once per key, then read again for
 * every key in use by one statement per {@code period}: an entry that expired and was read on its own
 * cost one statement per key per period, which with 10,000 tenants in use is up to thousands a second.
 * A key unused for {@link #IDLE} is forgotten. {@link #invalidate} drops a key at once (this instance's
 * own changes and other instances' notices); the period bounds only a change nobody announced.
 * <p>
 * A refresh that fails drops every key (each is read on its own again until a refresh succeeds), so
 * nothing is trusted for longer than the period plus one refresh; a refresh that overlaps an
 * invalidation changes nothing (it may have read a value from before the change).
 * @param <K> the key
 * @param <V> the value; keys {@code loadAll} does not answer have none ({@link Optional#empty()})
 */
final class BulkRefreshedCache<K, V> implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(BulkRefreshedCache.class);

	/** A key not asked for this long is forgotten (and no longer refreshed). */
	static final Duration IDLE = Duration.ofMinutes(2);

	/** Keys read per call of {@code loadAll}. */
	private static final int CHUNK = 10_000;

	/**
	 * A key's value, changed in place by a refresh (a write to the cache would count as a use and keep an
	 * unused key forever), and the invalidation count before it was first read.
	 */
	private static final class Held<V> {

		final long readAfter;

		volatile Optional<V> value;

		Held(long readAfter, Optional<V> value) {
			this.readAfter = readAfter;
			this.value = value;
		}

	}

	private final String name;

	private final Function<List<K>, Map<K, V>> loadAll;

	private final LoadingCache<K, Held<V>> entries;

	private final AtomicLong invalidations = new AtomicLong();

	private final ScheduledExecutorService refresher;

	/**
	 * @param loadOne reads one key's value (empty: none)
	 * @param loadAll reads the values of a list of keys (a key it leaves out has none); called from the
	 * refresher thread, at most {@value #CHUNK} keys at a time
	 */
	BulkRefreshedCache(String name, Duration period, Function<K, Optional<V>> loadOne,
			Function<List<K>, Map<K, V>> loadAll) {
		this.name = name;
		this.loadAll = loadAll;
		this.entries = Caffeine.newBuilder().expireAfterAccess(IDLE).maximumSize(100_000).build(key -> {
			long count = invalidations.get();
			return new Held<>(count, loadOne.apply(key));
		});
		this.refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
			.daemon()
			.name(name + "-refresh")
			.factory());
		long millis = Math.max(1, period.toMillis());
		refresher.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
	}

	Optional<V> get(K key) {
		return entries.get(key).value;
	}

	/** The value when the key is held (without reading it); null when it is not. */
	Optional<V> getIfPresent(K key) {
		Held<V> held = entries.getIfPresent(key);
		return held == null ? null : held.value;
	}

	void invalidate(K key) {
		invalidations.incrementAndGet();
		entries.invalidate(key);
	}

	void invalidateAll() {
		invalidations.incrementAndGet();
		entries.invalidateAll();
	}

	/** Reads again every key held; false, with nothing changed, when it failed or overlapped an invalidation. */
	boolean refresh() {
		List<K> keys = new ArrayList<>(entries.asMap().keySet());
		if (keys.isEmpty()) {
			return true;
		}
		long began = invalidations.get();
		Map<K, V> read = new HashMap<>();
		try {
			for (int from = 0; from < keys.size(); from += CHUNK) {
				read.putAll(loadAll.apply(keys.subList(from, Math.min(keys.size(), from + CHUNK))));
			}
		}
		catch (RuntimeException ex) {
			// One line, no stack trace: while the control database is down this recurs every period.
			log.warn("Could not refresh {} {} ({}); each is read again when next asked for", keys.size(), name,
					ex.toString());
			invalidateAll();
			return false;
		}
		if (invalidations.get() != began) {
			return false; // the next refresh reads them again
		}
		for (K key : keys) {
			Held<V> held = entries.policy().getIfPresentQuietly(key);
			if (held != null && held.readAfter <= began) {
				held.value = Optional.ofNullable(read.get(key));
			}
		}
		return true;
	}

	/**
	 * Runs a statement whose one parameter is an array of tenant ids and whose rows are (tenant id, a
	 * text or uuid value): the values by tenant.
	 */
	@SuppressWarnings("unchecked")
	static <V> Map<TenantId, V> byTenant(JdbcTemplate jdbc, String sql, List<TenantId> tenants) {
		UUID[] ids = tenants.stream().map(TenantId::value).toArray(UUID[]::new);
		Map<TenantId, V> values = new HashMap<>();
		jdbc.query(con -> {
			Array array = con.createArrayOf("uuid", ids);
			var statement = con.prepareStatement(sql);
			statement.setArray(1, array);
			return statement;
		}, rs -> {
			values.put(TenantId.of(rs.getObject(1, UUID.class)), (V) rs.getObject(2));
		});
		return values;
	}

	@Override
	public void close() {
		refresher.shutdownNow();
	}

}
