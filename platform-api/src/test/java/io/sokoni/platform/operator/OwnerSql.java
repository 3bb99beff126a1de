package io.sokoni.platform.operator;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import io.sokoni.db.ScratchDatabase;
import io.sokoni.platform.support.TestDatabase;

/**
 * Reads rows as the scratch database's owner role, to prove where data is. FORCE row level security
 * applies to the owner too, so tenant tables are read in a transaction bound to one tenant; the
 * platform audit log has no row level security.
 */
final class OwnerSql {

	private OwnerSql() {
	}

	static ScratchDatabase scratch() {
		return TestDatabase.get().orElseThrow();
	}

	/** {@code select count(*) ...} in the shared database, bound to no tenant. */
	static long count(String sql, Object... args) {
		return count(scratch().jdbcUrl(), null, sql, args);
	}

	/** {@code select count(*) ...} in the shared database, bound to the tenant. */
	static long countAs(UUID tenant, String sql, Object... args) {
		return count(scratch().jdbcUrl(), tenant, sql, args);
	}

	/** {@code select count(*) ...} in the given database of the server, bound to the tenant (or none). */
	static long count(String jdbcUrl, UUID tenant, String sql, Object... args) {
		Object value = single(jdbcUrl, tenant, sql, args);
		return ((Number) value).longValue();
	}

	/** The single value a query returns, read in a transaction bound to the tenant (or none). */
	static Object single(String jdbcUrl, UUID tenant, String sql, Object... args) {
		try (Connection connection = DriverManager.getConnection(jdbcUrl, scratch().roles().owner(), null)) {
			connection.setAutoCommit(false);
			try {
				try (PreparedStatement bind = connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
					bind.setString(1, tenant == null ? "" : tenant.toString());
					bind.execute();
				}
				try (PreparedStatement query = connection.prepareStatement(sql)) {
					for (int i = 0; i < args.length; i++) {
						query.setObject(i + 1, args[i]);
					}
					try (ResultSet rs = query.executeQuery()) {
						if (!rs.next()) {
							throw new IllegalStateException("No row: " + sql);
						}
						return rs.getObject(1);
					}
				}
			}
			finally {
				connection.rollback();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Runs one statement in the shared database, bound to the tenant, and commits it. */
	static void execute(UUID tenant, String sql, Object... args) {
		try (Connection connection = DriverManager.getConnection(scratch().jdbcUrl(), scratch().roles().owner(), null)) {
			connection.setAutoCommit(false);
			try (PreparedStatement bind = connection.prepareStatement("select set_config('app.tenant_id', ?, true)");
					PreparedStatement statement = connection.prepareStatement(sql)) {
				bind.setString(1, tenant.toString());
				bind.execute();
				for (int i = 0; i < args.length; i++) {
					statement.setObject(i + 1, args[i]);
				}
				statement.executeUpdate();
			}
			connection.commit();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** How many platform audit entries record the action on the target. */
	static long operatorAudits(String action, Object targetId) {
		return count("select count(*) from app.platform_audit_log where actor = 'operator' and action = ? and target_id = ?",
				action, targetId.toString());
	}

}
