package io.sokoni.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sokoni.db.ScratchDatabase;
import io.sokoni.db.ScratchDatabase.AdminConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A pooled connection never carries one transaction's tenant into the next (ARCHITECTURE section 2):
 * the tenant is bound with a transaction-local setting by {@link TenantBindingTransactionManager}, so
 * after commit, rollback, an exception or a failed statement, the next transaction on the very same
 * physical connection sees only its own tenant's rows, or none when no tenant is bound, and so does
 * autocommit work outside any transaction. Skipped when no PostgreSQL server answers.
 */
class PoolLeakageIT {

	private static final int ITERATIONS = 500;

	private static ScratchDatabase scratch;

	private static Seeded alpha;

	private static Seeded bravo;

	/** A tenant and the one store it owns. */
	record Seeded(TenantId tenant, UUID store) {
	}

	/** How a transaction of the loop ends. */
	enum Ending {

		COMMIT, THROW_INSIDE, FAILING_STATEMENT, FAILING_STATEMENT_SWALLOWED, ROLLBACK_ONLY, READ_ONLY

	}

	@BeforeAll
	static void createDatabaseWithTwoTenants() throws SQLException {
		Optional<AdminConnection> admin = AdminConnection.fromEnvironmentOrLocalhost();
		assumeTrue(admin.isPresent(), "No PostgreSQL server answers; skipping");
		scratch = ScratchDatabase.createAndMigrate(admin.get(), "sokoni_pool");
		try (HikariDataSource pool = runtimePool(1)) {
			alpha = seed(pool, "alpha");
			bravo = seed(pool, "bravo");
		}
	}

	@AfterAll
	static void dropDatabase() throws SQLException {
		if (scratch != null) {
			scratch.drop();
		}
	}

	@Test
	void oneReusedConnectionNeverCarriesATenantIntoTheNextTransaction() {
		try (HikariDataSource pool = runtimePool(1)) {
			Harness h = new Harness(pool);
			Set<Integer> backends = new HashSet<>();
			for (int i = 0; i < ITERATIONS; i++) {
				Optional<Seeded> tenant = switch (i % 3) {
					case 0 -> Optional.of(alpha);
					case 1 -> Optional.of(bravo);
					default -> Optional.empty();
				};
				Ending ending = Ending.values()[(i / 3) % Ending.values().length];

				h.runAbsorbingExpectedFailures(tenant, ending);
				assertThat(h.countOutsideTransaction()).as("iteration %d, %s, then autocommit", i, ending).isZero();

				Seeded other = tenant.map(t -> t == alpha ? bravo : alpha).orElse(i % 2 == 0 ? alpha : bravo);
				assertThat(h.visibleStoresAs(Optional.of(other))).as("iteration %d, %s, then %s", i, ending, other)
					.containsExactly(other.store());
				assertThat(h.countOutsideTransaction()).as("iteration %d, autocommit after %s", i, other).isZero();
				assertThat(h.visibleStoresAs(Optional.empty())).as("iteration %d, no tenant bound", i).isEmpty();
				backends.add(h.backendPid());
			}
			assertThat(backends).as("every iteration ran on the same physical connection").hasSize(1);
		}
	}

	@Test
	void failingTransactionsReallyFailAndRollBack() {
		// The endings of the loop above do what they claim: otherwise it would test less than it says.
		try (HikariDataSource pool = runtimePool(1)) {
			Harness h = new Harness(pool);
			assertThatThrownBy(() -> h.runEndingWith(Optional.of(alpha), Ending.THROW_INSIDE))
				.isInstanceOf(IllegalStateException.class);
			assertThatThrownBy(() -> h.runEndingWith(Optional.of(alpha), Ending.FAILING_STATEMENT))
				.isInstanceOf(DataAccessException.class);
			String renamed = "Renamed " + UUID.randomUUID();
			TenantContext.runAs(alpha.tenant(), () -> h.tx.executeWithoutResult(status -> {
				h.jdbc.update("update app.stores set name = ?", renamed);
				status.setRollbackOnly();
			}));
			String name = TenantContext.callAs(alpha.tenant(),
					() -> h.tx.execute(s -> h.jdbc.queryForObject("select name from app.stores", String.class)));
			assertThat(name).isNotEqualTo(renamed);
		}
	}

	@Test
	void concurrentTransactionsOnASmallPoolNeverSeeAnotherTenantsRows() throws Exception {
		int threads = 8;
		int perThread = 150;
		try (HikariDataSource pool = runtimePool(2)) {
			Harness h = new Harness(pool);
			List<String> violations = Collections.synchronizedList(new ArrayList<>());
			Set<Integer> backends = ConcurrentHashMap.newKeySet();
			AtomicInteger checked = new AtomicInteger();
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			try {
				List<Future<?>> futures = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					futures.add(executor.submit(() -> {
						start.await();
						ThreadLocalRandom random = ThreadLocalRandom.current();
						for (int i = 0; i < perThread; i++) {
							Optional<Seeded> tenant = switch (random.nextInt(3)) {
								case 0 -> Optional.of(alpha);
								case 1 -> Optional.of(bravo);
								default -> Optional.empty();
							};
							Ending ending = Ending.values()[random.nextInt(Ending.values().length)];
							h.runAbsorbingExpectedFailures(tenant, ending);
							List<UUID> seen = h.visibleStoresAs(tenant);
							List<UUID> expected = tenant.map(s -> List.of(s.store())).orElse(List.of());
							if (!seen.equals(expected)) {
								violations.add(tenant + " saw " + seen);
							}
							long outside = h.countOutsideTransaction();
							if (outside != 0) {
								violations.add("autocommit saw " + outside + " stores");
							}
							backends.add(h.backendPid());
							checked.incrementAndGet();
						}
						return null;
					}));
				}
				start.countDown();
				for (Future<?> f : futures) {
					f.get(5, TimeUnit.MINUTES);
				}
			}
			finally {
				executor.shutdownNow();
			}
			assertThat(violations).isEmpty();
			assertThat(h.insideViolations).isEmpty();
			assertThat(checked).hasValue(threads * perThread);
			assertThat(backends).as("physical connections used").hasSizeBetween(1, 2);
		}
	}

	// ------------------------------------------------------------------------------------------------

	/** The transaction manager, templates and queries the tests share, over one pool. */
	private static final class Harness {

		final JdbcTemplate jdbc;

		final TransactionTemplate tx;

		final TransactionTemplate readOnlyTx;

		/** Wrong rows seen inside a transaction of {@link #runEndingWith}, from any thread. */
		final List<String> insideViolations = Collections.synchronizedList(new ArrayList<>());

		Harness(HikariDataSource pool) {
			TenantBindingTransactionManager manager = new TenantBindingTransactionManager(pool);
			this.jdbc = new JdbcTemplate(pool);
			this.tx = new TransactionTemplate(manager);
			this.readOnlyTx = new TransactionTemplate(manager);
			this.readOnlyTx.setReadOnly(true);
		}

		/** One transaction bound to the tenant (or none) that reads the stores and then ends as asked. */
		void runEndingWith(Optional<Seeded> tenant, Ending ending) {
			TenantContext.Scope scope = tenant.map(s -> TenantContext.bind(s.tenant())).orElse(() -> {
			});
			try (scope) {
				(ending == Ending.READ_ONLY ? readOnlyTx : tx).executeWithoutResult(status -> {
					List<UUID> seen = visibleStores();
					List<UUID> expected = tenant.map(s -> List.of(s.store())).orElse(List.of());
					if (!seen.equals(expected)) {
						insideViolations.add(tenant + " saw " + seen + " inside a transaction");
					}
					switch (ending) {
						case COMMIT -> jdbc.update("update app.stores set updated_at = now()");
						case THROW_INSIDE -> throw new IllegalStateException("work failed");
						case FAILING_STATEMENT -> jdbc.queryForObject("select 1 / 0", Integer.class);
						case FAILING_STATEMENT_SWALLOWED -> {
							try {
								jdbc.queryForObject("select 1 / 0", Integer.class);
							}
							catch (DataAccessException ignored) {
								// The transaction is now aborted; its commit becomes a rollback.
							}
						}
						case ROLLBACK_ONLY -> {
							jdbc.update("update app.stores set updated_at = now()");
							status.setRollbackOnly();
						}
						case READ_ONLY -> {
						}
					}
				});
			}
			finally {
				assertThat(insideViolations).isEmpty();
			}
		}

		/** Like {@link #runEndingWith}, swallowing the exception the failing endings end with by design. */
		void runAbsorbingExpectedFailures(Optional<Seeded> tenant, Ending ending) {
			try {
				runEndingWith(tenant, ending);
			}
			catch (RuntimeException ex) {
				if (ending == Ending.COMMIT || ending == Ending.ROLLBACK_ONLY || ending == Ending.READ_ONLY) {
					throw ex;
				}
			}
		}

		List<UUID> visibleStoresAs(Optional<Seeded> tenant) {
			TenantContext.Scope scope = tenant.map(s -> TenantContext.bind(s.tenant())).orElse(() -> {
			});
			try (scope) {
				return tx.execute(status -> visibleStores());
			}
		}

		List<UUID> visibleStores() {
			return jdbc.queryForList("select id from app.stores order by id", UUID.class);
		}

		long countOutsideTransaction() {
			Long count = jdbc.queryForObject("select count(*) from app.stores", Long.class);
			return count == null ? -1 : count;
		}

		int backendPid() {
			Integer pid = jdbc.queryForObject("select pg_backend_pid()", Integer.class);
			return pid == null ? -1 : pid;
		}

	}

	private static HikariDataSource runtimePool(int size) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("pool-leakage-" + size);
		config.setJdbcUrl(scratch.jdbcUrl());
		config.setUsername(scratch.roles().runtime());
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(size);
		config.setConnectionTimeout(30_000);
		return new HikariDataSource(config);
	}

	/** A tenant with one store, written by the runtime role through the tenant-binding manager. */
	private static Seeded seed(HikariDataSource pool, String slug) {
		Seeded seeded = new Seeded(TenantId.of(UUID.randomUUID()), UUID.randomUUID());
		JdbcTemplate jdbc = new JdbcTemplate(pool);
		TransactionTemplate tx = new TransactionTemplate(new TenantBindingTransactionManager(pool));
		TenantContext.runAs(seeded.tenant(), () -> tx.executeWithoutResult(status -> {
			jdbc.update("insert into app.tenants (id, slug, name) values (?, ?, ?)", seeded.tenant().value(), slug,
					"Tenant " + slug);
			jdbc.update("insert into app.stores (tenant_id, id, slug, name) values (?, ?, ?, ?)",
					seeded.tenant().value(), seeded.store(), slug + "-shop", "Shop of " + slug);
		}));
		return seeded;
	}

}
