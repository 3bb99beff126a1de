package io.sokoni.platform.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import io.sokoni.db.ScratchDatabase;

/**
 * Direct SQL on the scratch database as the schema owner, for what the API cannot show (audit rows,
 * row counts proving nothing was saved) or cannot do (expire an invite). FORCE row level security
 * applies to the owner too, so every call runs in a transaction bound to one tenant, exactly as the
 * application binds it.
 */
public final class OwnerJdbc {

	private OwnerJdbc() {
	}

	/** Work on a connection bound to a tenant; the transaction commits when it returns. */
	@FunctionalInterface
	public interface SqlWork<T> {

		T run(Connection connection) throws SQLException;

	}

	public static <T> T inTenant(UUID tenant, SqlWork<T> work) {
		ScratchDatabase db = TestDatabase.get().orElseThrow();
		try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.roles().owner(), null)) {
			connection.setAutoCommit(false);
			try (PreparedStatement bind = connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
				bind.setString(1, tenant.toString());
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

	/** The single number a query such as {@code select count(*) ...} returns, seen by one tenant. */
	public static long count(UUID tenant, String sql, Object... args) {
		return inTenant(tenant, c -> {
			try (PreparedStatement statement = prepare(c, sql, args); ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		});
	}

	/** Runs an update as one tenant; returns the number of rows changed. */
	public static int update(UUID tenant, String sql, Object... args) {
		return inTenant(tenant, c -> {
			try (PreparedStatement statement = prepare(c, sql, args)) {
				return statement.executeUpdate();
			}
		});
	}

	private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
		PreparedStatement statement = c.prepareStatement(sql);
		for (int i = 0; i < args.length; i++) {
			statement.setObject(i + 1, args[i]);
		}
		return statement;
	}

}
