package io.sokoni.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sokoni.db.DatabaseInstaller;
import io.sokoni.db.ScratchDatabase;
import io.sokoni.db.ScratchDatabase.AdminConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The router sends a tenant's connections to its dedicated database when the registry says so and to
 * the shared database otherwise, forgets a route when told, and closes idle dedicated pools. Two real
 * databases on one server: the scratch database (shared, holds the registry) and a migrated sibling
 * (dedicated). Skipped when no PostgreSQL server answers.
 */
class TenantDatabaseRouterIT {

	private static ScratchDatabase scratch;

	private static String dedicatedName;

	private static UUID dedicatedId;

	/** A sibling database that stops answering for a while (one test). */
	private static String lostName;

	private static HikariDataSource shared;

	private static HikariDataSource platform;

	private static JdbcTemplate platformJdbc;

	private static final long RETRY_AFTER_MILLIS = TenantDatabaseRouter.RETRY_UNREACHABLE_EVERY.toMillis() + 100;

	private TenantDatabaseRouter router;

	@BeforeAll
	static void createSharedAndDedicatedDatabases() throws SQLException {
		Optional<AdminConnection> admin = AdminConnection.fromEnvironmentOrLocalhost();
		assumeTrue(admin.isPresent(), "No PostgreSQL server answers; skipping");
		scratch = ScratchDatabase.createAndMigrate(admin.get(), "sokoni_route");
		dedicatedName = scratch.createSibling("ded");
		DatabaseInstaller.migrate(scratch.jdbcUrl(dedicatedName), scratch.roles().owner(), null, scratch.roles());
		shared = pool("shared-runtime", scratch.roles().runtime());
		platform = pool("platform", scratch.roles().platform());
		platformJdbc = new JdbcTemplate(platform);
		dedicatedId = UUID.randomUUID();
		platformJdbc.update("""
				insert into app.db_connections (id, name, kind, jdbc_url, runtime_username, owner_username, max_pool_size)
				values (?, ?, 'dedicated', ?, ?, ?, 2)""", dedicatedId, "ded-" + dedicatedId.toString().substring(0, 8),
				scratch.jdbcUrl(dedicatedName), scratch.roles().runtime(), scratch.roles().owner());
	}

	@AfterAll
	static void dropDatabases() throws SQLException {
		if (shared != null) {
			shared.close();
		}
		if (platform != null) {
			platform.close();
		}
		if (scratch != null) {
			scratch.drop(lostName == null ? new String[] { dedicatedName } : new String[] { dedicatedName, lostName });
		}
	}

	@BeforeEach
	void newRouter() {
		router = new TenantDatabaseRouter(shared, new DatabaseRegistry(platform), new SecretResolver(),
				Duration.ofMinutes(10), Duration.ofMillis(50));
	}

	@AfterEach
	void closeRouter() {
		router.close();
	}

	@Test
	void routesARoutedTenantToItsDedicatedDatabaseAndOthersToShared() throws SQLException {
		TenantId routed = registerTenant(true);
		TenantId notRouted = registerTenant(false);

		assertThat(databaseOf(Optional.of(routed))).isEqualTo(dedicatedName);
		assertThat(databaseOf(Optional.of(notRouted))).isEqualTo(scratch.database());
		assertThat(databaseOf(Optional.empty())).isEqualTo(scratch.database());
		assertThat(router.openPools()).containsExactly(dedicatedId);
		try (Connection c = router.connectionFor(Optional.of(routed))) {
			assertThat(query(c, "select current_user")).as("dedicated pools use the runtime role")
				.isEqualTo(scratch.roles().runtime());
		}
	}

	@Test
	void transactionsOfARoutedTenantWriteToTheDedicatedDatabaseOnly() throws SQLException {
		TenantId routed = registerTenant(true);
		TenantRoutingDataSource routing = new TenantRoutingDataSource(router);
		TransactionTemplate tx = new TransactionTemplate(new TenantBindingTransactionManager(routing));
		JdbcTemplate jdbc = new JdbcTemplate(routing);
		UUID store = UUID.randomUUID();

		String boundTenant = TenantContext.callAs(routed, () -> tx.execute(status -> {
			jdbc.update("insert into app.tenants (id, slug, name) values (?, ?, 'Routed')", routed.value(),
					"r-" + routed.toString().substring(0, 8));
			jdbc.update("insert into app.stores (tenant_id, id, slug, name) values (?, ?, 'main', 'Main')",
					routed.value(), store);
			return jdbc.queryForObject("select current_database() || ' ' || current_setting('app.tenant_id')",
					String.class);
		}));

		assertThat(boundTenant).isEqualTo(dedicatedName + " " + routed);
		assertThat(countAsSuperuser(dedicatedName, "select count(*) from app.stores where id = '" + store + "'"))
			.isEqualTo(1);
		assertThat(countAsSuperuser(scratch.database(), "select count(*) from app.stores where id = '" + store + "'"))
			.isZero();
	}

	@Test
	void afterTheRouteIsRemovedAndInvalidatedTheTenantIsBackOnShared() throws SQLException {
		TenantId routed = registerTenant(true);
		assertThat(databaseOf(Optional.of(routed))).isEqualTo(dedicatedName);

		platformJdbc.update("delete from app.tenant_db_routing where tenant_id = ?", routed.value());
		assertThat(databaseOf(Optional.of(routed))).as("route still cached").isEqualTo(dedicatedName);

		router.invalidateRoute(routed);
		assertThat(databaseOf(Optional.of(routed))).isEqualTo(scratch.database());
	}

	@Test
	void routesChangedByAnotherInstanceAreReadAgainForEveryTenantByTheRefresh() throws SQLException {
		TenantId movedBack = registerTenant(true);
		TenantId movedOut = registerTenant(false);
		assertThat(databaseOf(Optional.of(movedBack))).isEqualTo(dedicatedName);
		assertThat(databaseOf(Optional.of(movedOut))).isEqualTo(scratch.database());

		// Another instance moved both, and its notice never came.
		platformJdbc.update("delete from app.tenant_db_routing where tenant_id = ?", movedBack.value());
		platformJdbc.update("insert into app.tenant_db_routing (tenant_id, db_connection_id) values (?, ?)",
				movedOut.value(), dedicatedId);
		assertThat(databaseOf(Optional.of(movedBack))).as("cached until the refresh").isEqualTo(dedicatedName);

		assertThat(router.refreshRoutes()).isTrue();
		assertThat(databaseOf(Optional.of(movedBack))).isEqualTo(scratch.database());
		assertThat(databaseOf(Optional.of(movedOut))).isEqualTo(dedicatedName);
	}

	@Test
	void closesIdleDedicatedPoolsAndReopensThemOnNextUse() throws Exception {
		TenantId routed = registerTenant(true);
		assertThat(databaseOf(Optional.of(routed))).isEqualTo(dedicatedName);
		HikariDataSource first = (HikariDataSource) router.poolFor(dedicatedId);

		Thread.sleep(200);
		router.closeIdlePools();

		assertThat(router.openPools()).isEmpty();
		assertThat(first.isClosed()).isTrue();

		assertThat(databaseOf(Optional.of(routed))).isEqualTo(dedicatedName);
		assertThat(router.openPools()).containsExactly(dedicatedId);
		DataSource second = router.poolFor(dedicatedId);
		assertThat(second).isNotSameAs(first);
		assertThat(((HikariDataSource) second).isClosed()).isFalse();
	}

	@Test
	void keepsADedicatedPoolOpenWhileOneOfItsConnectionsIsInUse() throws Exception {
		TenantId routed = registerTenant(true);
		try (Connection busy = router.connectionFor(Optional.of(routed))) {
			Thread.sleep(200);
			router.closeIdlePools();
			assertThat(router.openPools()).containsExactly(dedicatedId);
			assertThat(query(busy, "select current_database()")).isEqualTo(dedicatedName);
		}
		Thread.sleep(200);
		router.closeIdlePools();
		assertThat(router.openPools()).isEmpty();
	}

	@Test
	void aLostDedicatedServerFailsItsTenantsAtOnceUntilTheBackgroundProbeFindsItBack() throws Exception {
		lostName = scratch.createSibling("lost");
		UUID lostId = UUID.randomUUID();
		platformJdbc.update("""
				insert into app.db_connections (id, name, kind, jdbc_url, runtime_username, owner_username, max_pool_size)
				values (?, ?, 'dedicated', ?, ?, ?, 2)""", lostId, "lost-" + lostId.toString().substring(0, 8),
				scratch.jdbcUrl(lostName), scratch.roles().runtime(), scratch.roles().owner());
		TenantId tenant = registerTenant(false);
		platformJdbc.update("insert into app.tenant_db_routing (tenant_id, db_connection_id) values (?, ?)",
				tenant.value(), lostId);
		TenantDatabaseRouter fastFailing = new TenantDatabaseRouter(shared, new DatabaseRegistry(platform),
				new SecretResolver(), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofSeconds(2));
		try {
			allowConnections(lostName, false);
			// The first attempt waits for the connection timeout: that is how the router learns the server is lost.
			assertThatThrownBy(() -> fastFailing.connectionFor(Optional.of(tenant)).close())
				.isInstanceOf(SQLTransientConnectionException.class);
			Thread.sleep(RETRY_AFTER_MILLIS);

			// A burst after that fails at once, although a probe is due: it runs apart from the requests.
			ExecutorService burst = Executors.newFixedThreadPool(16);
			long started = System.nanoTime();
			List<Future<Throwable>> refused = new ArrayList<>();
			for (int i = 0; i < 32; i++) {
				refused.add(burst.submit(() -> {
					try (Connection c = fastFailing.connectionFor(Optional.of(tenant))) {
						return null;
					}
					catch (SQLException ex) {
						return ex;
					}
				}));
			}
			for (Future<Throwable> each : refused) {
				assertThat(each.get()).isInstanceOf(SQLTransientConnectionException.class);
			}
			burst.shutdown();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("32 requests refused without waiting")
				.isLessThan(Duration.ofSeconds(1));
			assertThat(databaseOf(fastFailing, Optional.empty())).as("other tenants are served")
				.isEqualTo(scratch.database());

			// Back: a probe notices within about a second plus its connection attempt, and requests go through.
			allowConnections(lostName, true);
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			String served = null;
			while (served == null && System.nanoTime() < deadline) {
				try {
					served = databaseOf(fastFailing, Optional.of(tenant));
				}
				catch (SQLTransientConnectionException stillLost) {
					Thread.sleep(100);
				}
			}
			assertThat(served).as("served again once the database answers").isEqualTo(lostName);
		}
		finally {
			fastFailing.close();
			allowConnections(lostName, true);
		}
	}

	// ------------------------------------------------------------------------------------------------

	/** A new tenant in the registry of the shared database, routed to the dedicated database or not. */
	private static TenantId registerTenant(boolean dedicated) {
		TenantId tenant = TenantId.of(UUID.randomUUID());
		platformJdbc.update("insert into app.tenants (id, slug, name) values (?, ?, 'Tenant')", tenant.value(),
				"t-" + tenant.toString().substring(0, 8));
		if (dedicated) {
			platformJdbc.update("insert into app.tenant_db_routing (tenant_id, db_connection_id) values (?, ?)",
					tenant.value(), dedicatedId);
		}
		return tenant;
	}

	private static void allowConnections(String database, boolean allow) throws SQLException {
		AdminConnection admin = scratch.admin();
		try (Connection c = DriverManager.getConnection(scratch.jdbcUrl(), admin.user(), admin.password());
				Statement st = c.createStatement()) {
			st.execute("alter database " + database + " allow_connections " + allow);
			if (!allow) {
				st.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "'");
			}
		}
	}

	private String databaseOf(Optional<TenantId> tenant) throws SQLException {
		return databaseOf(router, tenant);
	}

	private static String databaseOf(TenantDatabaseRouter router, Optional<TenantId> tenant) throws SQLException {
		try (Connection c = router.connectionFor(tenant)) {
			return query(c, "select current_database()");
		}
	}

	private static String query(Connection c, String sql) throws SQLException {
		try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
			assertThat(rs.next()).isTrue();
			return rs.getString(1);
		}
	}

	private static long countAsSuperuser(String database, String sql) throws SQLException {
		AdminConnection admin = scratch.admin();
		try (Connection c = DriverManager.getConnection(scratch.jdbcUrl(database), admin.user(), admin.password())) {
			return Long.parseLong(query(c, sql));
		}
	}

	private static HikariDataSource pool(String name, String user) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("router-it-" + name);
		config.setJdbcUrl(scratch.jdbcUrl());
		config.setUsername(user);
		config.setMaximumPoolSize(2);
		return new HikariDataSource(config);
	}

}
