package io.sokoni.tenant;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the database of a tenant: the shared pool unless the registry routes the tenant to a
 * dedicated database. Keeps one bounded HikariCP pool per dedicated database, created on first use and
 * closed when it has been idle for a while. Application code never picks a database itself.
 * <p>
 * A dedicated database that cannot be reached fails fast: once a connection attempt has failed for
 * want of the server, or a connection broke as a transaction began on it, the requests of its tenants
 * fail at once (503) until a probe on a thread of its own (one per {@link #RETRY_UNREACHABLE_EVERY} at
 * most) finds it answering again. No request of its tenants waits for the connection timeout: not even
 * one per second, which would hold whatever that request holds meanwhile (a cache entry its user's other
 * requests wait on, say) and tie up the threads the other tenants need.
 */
public class TenantDatabaseRouter implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(TenantDatabaseRouter.class);

	/** How often a request may try an unreachable dedicated database again. */
	static final Duration RETRY_UNREACHABLE_EVERY = Duration.ofSeconds(1);

	private final FirstComeFirstServedPool shared;

	private final DatabaseRegistry registry;

	private final SecretResolver secrets;

	private final Duration idleTimeout;

	private final Duration connectionTimeout;

	private final BulkRefreshedCache<TenantId, UUID> routes;

	private final Map<UUID, DedicatedPool> pools = new ConcurrentHashMap<>();

	public TenantDatabaseRouter(HikariDataSource shared, DatabaseRegistry registry, SecretResolver secrets,
			Duration routeCacheTtl, Duration idleTimeout) {
		this(shared, registry, secrets, routeCacheTtl, idleTimeout, Duration.ofSeconds(5));
	}

	public TenantDatabaseRouter(HikariDataSource shared, DatabaseRegistry registry, SecretResolver secrets,
			Duration routeCacheTtl, Duration idleTimeout, Duration connectionTimeout) {
		this.shared = new FirstComeFirstServedPool(shared);
		this.connectionTimeout = connectionTimeout;
		this.registry = registry;
		this.secrets = secrets;
		this.idleTimeout = idleTimeout;
		// Routing changes are rare; another instance learns of a move within the TTL (one statement per TTL
		// for all the tenants in use). This instance is told at once through invalidateRoute.
		this.routes = new BulkRefreshedCache<>("tenant-routes", routeCacheTtl, registry::routeOf, registry::routesOf);
	}

	/** A connection to the database of the tenant (or the shared database when none is bound). */
	public Connection connectionFor(Optional<TenantId> tenant) throws SQLException {
		Optional<UUID> route = tenant.flatMap(routes::get);
		if (route.isEmpty()) {
			return shared.getConnection();
		}
		return dedicated(route.get()).connect();
	}


	/** The runtime-role pool of one registered database (used when moving a tenant). */
	public DataSource poolFor(UUID databaseId) {
		return dedicated(databaseId).dataSource();
	}

	private DedicatedPool dedicated(UUID databaseId) {
		return pools.compute(databaseId, (id, existing) -> {
			DedicatedPool p = existing != null && !existing.dataSource().isClosed() ? existing : open(id);
			p.touch();
			return p;
		});
	}

	/**
	 * A connection of the tenant broke: when the tenant lives on a dedicated database, its requests fail
	 * at once from now on until a probe (started now) finds the server answering.
	 */
	public void connectionLost(TenantId tenant) {
		Optional<UUID> route = routes.getIfPresent(tenant);
		DedicatedPool pool = route == null ? null : route.map(pools::get).orElse(null);
		if (pool != null) {
			pool.lost();
		}
	}

	public void invalidateRoute(TenantId tenant) {
		routes.invalidate(tenant);
	}

	/** Reads every route held again now (the refresher does it every route TTL). */
	boolean refreshRoutes() {
		return routes.refresh();
	}

	/** Ids of the dedicated databases that have an open pool right now. */
	public Set<UUID> openPools() {
		return Set.copyOf(pools.keySet());
	}

	/** Closes the pools of dedicated databases idle for longer than the idle timeout. */
	public void closeIdlePools() {
		long now = System.nanoTime();
		for (UUID id : pools.keySet()) {
			pools.computeIfPresent(id, (key, pool) -> {
				boolean idle = now - pool.lastUsed().get() > idleTimeout.toNanos()
						&& (pool.dataSource().getHikariPoolMXBean() == null
								|| pool.dataSource().getHikariPoolMXBean().getActiveConnections() == 0);
				if (!idle) {
					return pool;
				}
				log.info("Closing idle pool of database {}", key);
				pool.dataSource().close();
				return null;
			});
		}
	}

	private DedicatedPool open(UUID databaseId) {
		RegisteredDatabase db = registry.find(databaseId)
			.orElseThrow(() -> new IllegalStateException("Database " + databaseId + " is not registered"));
		HikariConfig config = new HikariConfig();
		config.setPoolName("tenant-db-" + db.name());
		config.setJdbcUrl(db.jdbcUrl());
		config.setUsername(db.runtimeUsername());
		config.setPassword(secrets.resolve(db.runtimeSecretRef()));
		config.setMaximumPoolSize(db.maxPoolSize());
		config.setMinimumIdle(0);
		config.setConnectionTimeout(connectionTimeout.toMillis());
		// Start even when the database is briefly unreachable; requests fail with 503 until it is back.
		config.setInitializationFailTimeout(-1);
		config.setAutoCommit(true);
		log.info("Opening pool of database {} ({} connections at most)", db.name(), db.maxPoolSize());
		return new DedicatedPool(new FirstComeFirstServedPool(new HikariDataSource(config)),
				new AtomicLong(System.nanoTime()), new AtomicLong(DedicatedPool.ANSWERED), new AtomicBoolean());
	}

	@Override
	public void close() {
		routes.close();
		pools.values().forEach(p -> p.dataSource().close());
		pools.clear();
	}

	/**
	 * @param failedAt when a connection attempt last failed because the server did not answer
	 *                 ({@link #ANSWERED}: it answered since)
	 * @param probing  whether a probe is finding out right now whether the server is back
	 */
	private record DedicatedPool(FirstComeFirstServedPool queue, AtomicLong lastUsed, AtomicLong failedAt,
			AtomicBoolean probing) {

		static final long ANSWERED = Long.MIN_VALUE;

		Connection connect() throws SQLException {
			if (failedAt.get() != ANSWERED) {
				probeInBackground();
				throw new SQLTransientConnectionException(dataSource().getPoolName()
						+ " - database unreachable (it did not answer the last attempt)");
			}
			try {
				return queue.getConnection();
			}
			catch (SQLTransientConnectionException ex) {
				// HikariCP gives the last failed connection attempt as the cause; a timeout with no cause
				// is a busy pool, not a lost server.
				if (ex.getCause() != null) {
					failedAt.set(System.nanoTime());
				}
				throw ex;
			}
		}

		/** Its server seems lost: fail at once, and find out now. */
		void lost() {
			failedAt.compareAndSet(ANSWERED, System.nanoTime() - RETRY_UNREACHABLE_EVERY.toNanos());
			probeInBackground();
		}

		/**
		 * Finds out on a thread of its own whether a lost server is back (at most one probe at a time, one
		 * per {@link #RETRY_UNREACHABLE_EVERY}): no request waits for the connection timeout meanwhile.
		 */
		private void probeInBackground() {
			if (System.nanoTime() - failedAt.get() < RETRY_UNREACHABLE_EVERY.toNanos()
					|| !probing.compareAndSet(false, true)) {
				return;
			}
			Thread.ofVirtual().name(dataSource().getPoolName() + "-probe").start(() -> {
				try (Connection connection = queue.getConnection()) {
					failedAt.set(ANSWERED);
					log.info("{}: the database answers again", dataSource().getPoolName());
				}
				catch (SQLException ex) {
					failedAt.set(System.nanoTime());
				}
				finally {
					probing.set(false);
				}
			});
		}

		HikariDataSource dataSource() {
			return queue.pool();
		}

		void touch() {
			lastUsed.set(System.nanoTime());
		}

	}

}
