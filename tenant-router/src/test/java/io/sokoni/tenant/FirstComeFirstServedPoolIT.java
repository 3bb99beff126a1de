package io.sokoni.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sokoni.db.ScratchDatabase.AdminConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connections handed out in the order they were asked for, and each permit given back exactly once. */
class FirstComeFirstServedPoolIT {

	private HikariDataSource hikari;

	private FirstComeFirstServedPool pool;

	@BeforeEach
	void onePooledConnection() {
		Optional<AdminConnection> admin = AdminConnection.fromEnvironmentOrLocalhost();
		assumeTrue(admin.isPresent(), "No PostgreSQL server answers; skipping");
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(admin.get().jdbcUrl());
		config.setUsername(admin.get().user());
		config.setPassword(admin.get().password());
		config.setMaximumPoolSize(1);
		config.setConnectionTimeout(500);
		hikari = new HikariDataSource(config);
		pool = new FirstComeFirstServedPool(hikari);
	}

	@AfterEach
	void close() {
		if (hikari != null) {
			hikari.close();
		}
	}

	@Test
	void waitingCallersGetTheConnectionInTheOrderTheyAsked() throws Exception {
		hikari.setConnectionTimeout(10_000);
		pool = new FirstComeFirstServedPool(hikari);
		List<Integer> served = new CopyOnWriteArrayList<>();
		ExecutorService callers = Executors.newFixedThreadPool(5);
		try {
			Connection held = pool.getConnection();
			for (int i = 0; i < 5; i++) {
				int caller = i;
				callers.submit(() -> {
					try (Connection c = pool.getConnection()) {
						served.add(caller);
						c.createStatement().execute("select 1");
					}
					return null;
				});
				// The next caller asks only once this one waits.
				while (pool.waiting() < i + 1) {
					Thread.onSpinWait();
				}
			}
			held.close();
			callers.shutdown();
			assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(served).containsExactly(0, 1, 2, 3, 4);
	}

	@Test
	void aCallerThatWaitsPastTheTimeoutGetsATransientErrorAndClosingTwiceGivesBackOnePermit() throws Exception {
		Connection first = pool.getConnection();
		assertThatThrownBy(pool::getConnection).isInstanceOf(SQLTransientConnectionException.class)
			.hasMessageContaining("timed out after 500ms");
		first.close();
		first.close();

		Connection second = pool.getConnection();
		ExecutorService other = Executors.newSingleThreadExecutor();
		try {
			Future<Connection> third = other.submit(pool::getConnection);
			assertThatThrownBy(() -> third.get(5, TimeUnit.SECONDS))
				.as("one permit only: the second close gave back nothing")
				.hasCauseInstanceOf(SQLTransientConnectionException.class);
			second.close();
			try (Connection fourth = other.submit(pool::getConnection).get(5, TimeUnit.SECONDS)) {
				assertThat(fourth.isValid(1)).isTrue();
			}
		}
		finally {
			other.shutdownNow();
		}
	}

}
