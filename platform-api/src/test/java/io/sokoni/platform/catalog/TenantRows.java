package io.sokoni.platform.catalog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.sokoni.db.ScratchDatabase;
import io.sokoni.platform.support.TestDatabase;

/**
 * Reads rows behind the API's back, to prove what was (not) saved: connects as the scratch database's
 * owner role, which forced row-level security still confines to the tenant bound in the transaction.
 */
final class TenantRows {

	private TenantRows() {
	}

	/** The single number the query answers, seen by the tenant. */
	static long count(UUID tenant, String sql, Object... args) {
		return Long.parseLong(strings(tenant, sql, args).get(0));
	}

	/** The first column of every row the query answers, as text, seen by the tenant. */
	static List<String> strings(UUID tenant, String sql, Object... args) {
		ScratchDatabase db = TestDatabase.get().orElseThrow();
		try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.roles().owner(), null)) {
			c.setAutoCommit(false);
			try (PreparedStatement bind = c.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
				bind.setString(1, tenant.toString());
				bind.execute();
			}
			try (PreparedStatement query = c.prepareStatement(sql)) {
				for (int i = 0; i < args.length; i++) {
					query.setObject(i + 1, args[i]);
				}
				List<String> values = new ArrayList<>();
				try (ResultSet rs = query.executeQuery()) {
					while (rs.next()) {
						values.add(rs.getString(1));
					}
				}
				return values;
			}
			finally {
				c.rollback();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
