package io.sokoni.platform.database;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sokoni.tenant.DatabaseRegistry;
import io.sokoni.tenant.RegisteredDatabase;
import io.sokoni.tenant.TenantRouterProperties;
import jakarta.annotation.PreDestroy;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.springframework.boot.jooq.autoconfigure.ExceptionTranslatorExecuteListener;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every database that holds tenant rows: the shared one and each active dedicated database. Each is
 * reached as the platform role, which exists in every registered database, through a small pool of its
 * own; the cross-tenant background work (outbox relay and monitor, cart abandonment, expiry of unpaid
 * stock holds) finds due rows here, reading only the columns granted to that role. The list of
 * dedicated databases is re-read every few seconds so a newly registered one is served without a
 * restart.
 * <p>
 * Each database is probed ({@code select 1}) every couple of seconds, one probe per database in flight
 * at most; a dedicated database whose last probe failed is left out of {@link #all()} until a probe
 * succeeds again, so the jobs of every other database never wait for its connection timeout. Its own
 * due work waits for it: nothing can be done there anyway.
 */
@Component
public class AllDatabases {

	private final PlatformDatabase shared;

	private final DatabaseRegistry registry;

	private final TenantRouterProperties props;

	private final Map<UUID, HikariDataSource> pools = new ConcurrentHashMap<>();

	private final LoadingCache<String, List<RegisteredDatabase>> dedicated;

	/** Names of the dedicated databases whose last probe failed. */
	private final Set<String> unreachable = ConcurrentHashMap.newKeySet();

	private final Map<String, CompletableFuture<Void>> probes = new ConcurrentHashMap<>();

	/** The shared database's name in {@link #named()} and in health. */
	public static final String SHARED = "shared";

	/** A database holding tenant rows, by its registry name ({@value #SHARED} for the shared one). */
	public record Database(String name, DSLContext dsl) {
	}

	AllDatabases(PlatformDatabase shared, DatabaseRegistry registry, TenantRouterProperties props) {
		this.shared = shared;
		this.registry = registry;
		this.props = props;
		this.dedicated = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(10)).build(k -> registry.activeDedicated());
	}

	/** The shared database first, then the dedicated ones but those found unreachable. */
	public List<DSLContext> all() {
		return named().stream().filter(db -> !unreachable.contains(db.name())).map(Database::dsl).toList();
	}

	/** Every database, reachable or not: the shared one first. */
	public List<Database> named() {
		List<Database> all = new ArrayList<>();
		all.add(new Database(SHARED, shared.dsl()));
		for (RegisteredDatabase db : dedicated.get("all")) {
			all.add(new Database(db.name(), dsl(pools.computeIfAbsent(db.id(), id -> open(db)))));
		}
		return all;
	}

	@Scheduled(fixedDelayString = "${sokoni.db.probe-interval:2s}", initialDelayString = "${sokoni.db.probe-interval:2s}")
	void probeAll() {
		// Starts the probes and returns: a lost server's probe may take the connection timeout.
		named().forEach(this::probe);
	}

	/**
	 * Probes every database at once and waits for them until the deadline: each database's name with
	 * null when it answered, else why not (failed, or no answer yet). In the order of {@link #named()}.
	 */
	public Map<String, String> check(Duration deadline) {
		long until = System.nanoTime() + deadline.toNanos();
		Map<String, CompletableFuture<Void>> running = new LinkedHashMap<>();
		for (Database db : named()) {
			running.put(db.name(), probe(db));
		}
		Map<String, String> answers = new LinkedHashMap<>();
		running.forEach((name, probe) -> {
			try {
				probe.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
				answers.put(name, null);
			}
			catch (TimeoutException ex) {
				answers.put(name, "no answer within " + deadline.toMillis() + " ms");
			}
			catch (ExecutionException ex) {
				// The root cause only: the exception's own message may quote the SQL statement.
				answers.put(name, String.valueOf(NestedExceptionUtils.getMostSpecificCause(ex.getCause())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				answers.put(name, "interrupted");
			}
		});
		return answers;
	}

	/** The probe of this database in flight, or a new one. */
	private CompletableFuture<Void> probe(Database db) {
		return probes.compute(db.name(), (name, inFlight) -> {
			if (inFlight != null && !inFlight.isDone()) {
				return inFlight;
			}
			CompletableFuture<Void> fresh = new CompletableFuture<>();
			Thread.ofVirtual().name("db-probe-" + name).start(() -> {
				try {
					db.dsl().selectOne().fetch();
					unreachable.remove(name);
					fresh.complete(null);
				}
				catch (RuntimeException ex) {
					if (!SHARED.equals(name)) {
						unreachable.add(name);
					}
					fresh.completeExceptionally(ex);
				}
			});
			return fresh;
		});
	}

	private HikariDataSource open(RegisteredDatabase db) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("platform-" + db.name());
		config.setJdbcUrl(db.jdbcUrl());
		config.setUsername(props.platformUsername());
		config.setPassword(props.platformPassword());
		config.setMaximumPoolSize(2);
		config.setMinimumIdle(0);
		config.setConnectionTimeout(props.connectionTimeout().toMillis());
		config.setInitializationFailTimeout(-1);
		return new HikariDataSource(config);
	}

	private static DSLContext dsl(HikariDataSource dataSource) {
		DefaultConfiguration configuration = new DefaultConfiguration();
		configuration.set(SQLDialect.POSTGRES);
		configuration.set(dataSource);
		configuration.set(new DefaultExecuteListenerProvider(ExceptionTranslatorExecuteListener.DEFAULT));
		return DSL.using(configuration);
	}

	@PreDestroy
	void close() {
		pools.values().forEach(HikariDataSource::close);
	}

}
