package io.sokoni.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * After the bootstrap created the database, the start waits for the platform pool, which found no
 * database before and retries with growing pauses, instead of failing after one connection timeout.
 */
class SchemaMigrationsWaitTest {

	@Test
	void asksAgainUntilThePoolConnects() throws SQLException {
		FailingFirst dataSource = new FailingFirst(3);
		SchemaMigrations.awaitConnection(dataSource, Duration.ofSeconds(30));
		assertThat(dataSource.asked).hasValue(4);
	}

	@Test
	void givesUpWithTheLastFailureOnceTheWaitIsOver() {
		FailingFirst dataSource = new FailingFirst(Integer.MAX_VALUE);
		assertThatThrownBy(() -> SchemaMigrations.awaitConnection(dataSource, Duration.ofMillis(50)))
			.isInstanceOf(SQLException.class)
			.hasMessageContaining("does not exist");
		assertThat(dataSource.asked.get()).isGreaterThan(1);
	}

	/** Refuses the first {@code failures} connections as a pool without its database does, then connects. */
	private static final class FailingFirst extends AbstractDataSource {

		final AtomicInteger asked = new AtomicInteger();

		private final int failures;

		FailingFirst(int failures) {
			this.failures = failures;
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (asked.incrementAndGet() <= failures) {
				try {
					Thread.sleep(10); // a pool's connection timeout, shortened
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				throw new SQLException("FATAL: database \"sokoni\" does not exist");
			}
			return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, args) -> null);
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return getConnection();
		}

	}

}
