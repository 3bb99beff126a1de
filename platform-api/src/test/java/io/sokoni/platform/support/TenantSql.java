package io.sokoni.platform.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import io.sokoni.db.ScratchDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Seeds and inspects tenant rows directly, as the scratch database's owner in one transaction with the
 * tenant bound (FORCE row level security applies to the owner too, so the tenant must be bound). For
 * arranging state other features' APIs would create, and for asserting rows the API does not show. The
 * one place tests open such a connection; the feature helpers (OwnerJdbc, OwnerSql, TenantRows,
 * StockFixtures) build on it.
 */
public final class TenantSql {

	private TenantSql() {
	}

	/** Work on a raw connection; the transaction commits when it returns. */
	@FunctionalInterface
	public interface SqlWork<T> {

		T run(Connection connection) throws SQLException;

	}

	/**
	 * Runs work in one committed transaction in a database of the scratch server (the scratch database
	 * itself, or a sibling), bound to the tenant, or to none when {@code tenant} is null.
	 */
	public static <T> T onConnection(String jdbcUrl, UUID tenant, SqlWork<T> work) {
		ScratchDatabase db = TestDatabase.get().orElseThrow();
		try (Connection connection = DriverManager.getConnection(jdbcUrl, db.roles().owner(), null)) {
			connection.setAutoCommit(false);
			try (PreparedStatement bind = connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
				bind.setString(1, tenant == null ? "" : tenant.toString());
				bind.execute();
			}
			T result = work.run(connection);
			connection.commit();
			return result;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Like {@link #onConnection} in the scratch database, through a JdbcTemplate. */
	public static <T> T call(UUID tenant, Function<JdbcTemplate, T> work) {
		return call(TestDatabase.get().orElseThrow().jdbcUrl(), tenant, work);
	}

	public static <T> T call(String jdbcUrl, UUID tenant, Function<JdbcTemplate, T> work) {
		return onConnection(jdbcUrl, tenant,
				connection -> work.apply(new JdbcTemplate(new SingleConnectionDataSource(connection, true))));
	}

	public static void run(UUID tenant, Consumer<JdbcTemplate> work) {
		call(tenant, jdbc -> {
			work.accept(jdbc);
			return null;
		});
	}

}
