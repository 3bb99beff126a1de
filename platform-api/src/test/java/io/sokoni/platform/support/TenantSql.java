package io.sokoni.platform.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Function;

import io.sokoni.db.ScratchDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Seeds and inspects tenant rows directly, as the scratch database's owner in one transaction with the
 * tenant bound (FORCE row level security applies to the owner too, so the tenant must be bound). For
 * arranging state other features' APIs would create, and for asserting rows the API does not show.
 */
public final class TenantSql {

	private TenantSql() {
	}

	public static <T> T call(UUID tenant, Function<JdbcTemplate, T> work) {
		ScratchDatabase db = TestDatabase.get().orElseThrow();
		try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.roles().owner(), null)) {
			connection.setAutoCommit(false);
			JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
			jdbc.queryForObject("select set_config('app.tenant_id', ?, true)", String.class, tenant.toString());
			T result = work.apply(jdbc);
			connection.commit();
			return result;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static void run(UUID tenant, java.util.function.Consumer<JdbcTemplate> work) {
		call(tenant, jdbc -> {
			work.accept(jdbc);
			return null;
		});
	}

}
