package io.sokoni.platform.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.sokoni.db.ScratchDatabase;
import io.sokoni.tenant.TenantRouterProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The "through-pgbouncer" run really goes through PgBouncer (a misconfigured run would pass silently
 * against PostgreSQL itself), and a tenant bound per transaction does not outlive it on a server
 * connection PgBouncer hands to the next client. Skipped in the direct run.
 */
class ThroughPgBouncerIT extends ApiTestBase {

	@BeforeAll
	static void onlyThroughPgBouncer() {
		assumeTrue(PgBouncer.wanted(), "direct run");
	}

	@Test
	void theApplicationPoolsGoThroughPgBouncerAndSessionWorkGoesDirect() {
		String pooled = TestDatabase.pooledUrl();
		ScratchDatabase db = TestDatabase.get().orElseThrow();
		assertThat(pooled).isNotEqualTo(db.jdbcUrl()).contains("prepareThreshold=0");
		assertThat(context.getBean("sharedRuntimeDataSource", HikariDataSource.class).getJdbcUrl()).isEqualTo(pooled);
		assertThat(context.getBean("platformDataSource", HikariDataSource.class).getJdbcUrl()).isEqualTo(pooled);
		assertThat(context.getBean(TenantRouterProperties.class).sessionUrl()).isEqualTo(db.jdbcUrl());
	}

	@Test
	void aTenantBoundInOneTransactionIsGoneForTheNextClientOfTheSameServerConnection() throws SQLException {
		ScratchDatabase db = TestDatabase.get().orElseThrow();
		String tenant = UUID.randomUUID().toString();
		// One client after the other: PgBouncer gives the second the server connection the first released.
		try (Connection first = DriverManager.getConnection(TestDatabase.pooledUrl(), db.roles().runtime(), null)) {
			first.setAutoCommit(false);
			try (Statement st = first.createStatement()) {
				st.execute("select set_config('app.tenant_id', '" + tenant + "', true)");
				assertThat(single(st, "select current_setting('app.tenant_id', true)")).isEqualTo(tenant);
				assertThat(single(st, "select pg_backend_pid()::text")).isNotNull();
			}
			first.commit();
		}
		try (Connection second = DriverManager.getConnection(TestDatabase.pooledUrl(), db.roles().runtime(), null);
				Statement st = second.createStatement()) {
			assertThat(single(st, "select coalesce(current_setting('app.tenant_id', true), '')")).isEmpty();
			// Without a tenant bound, row-level security shows no tenant rows at all.
			assertThat(single(st, "select count(*)::text from app.products")).isEqualTo("0");
		}
	}

	private static String single(Statement st, String sql) throws SQLException {
		try (ResultSet rs = st.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}

}
