package io.sokoni.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Tenant statuses are read once per tenant, then refreshed for all tenants in one statement
 * ({@link BulkRefreshedCache}): a change whose notice was missed is seen after a refresh, and asking
 * again costs no statement. The refresh period is an hour here: every refresh the test sees is one it
 * ran. Skipped when no PostgreSQL server answers.
 */
class TenantDirectoryIT extends PlatformRoleDatabaseIT {

	/** Connections the directory took: one per statement. */
	private final AtomicInteger connections = new AtomicInteger();

	private TenantDirectory directory;

	@BeforeEach
	void newDirectory() {
		directory = new TenantDirectory(new DelegatingDataSource(platform) {
			@Override
			public Connection getConnection() throws SQLException {
				connections.incrementAndGet();
				return super.getConnection();
			}
		}, Duration.ofHours(1));
	}

	@AfterEach
	void closeDirectory() {
		directory.close();
	}

	@Test
	void oneStatementRefreshesEveryTenantsStatus() {
		List<TenantId> tenants = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			tenants.add(tenant());
		}
		tenants.forEach(t -> assertThat(directory.isActive(t)).isTrue());
		assertThat(connections).as("each tenant read once").hasValue(50);

		// Suspended behind the directory's back, as if the notice were lost.
		TenantId suspended = tenants.get(7);
		jdbc.update("update app.tenants set status = 'suspended' where id = ?", suspended.value());
		assertThat(directory.isActive(suspended)).as("cached until a refresh").isTrue();

		assertThat(directory.refresh()).isTrue();
		assertThat(connections).as("the refresh: one statement for all 50").hasValue(51);
		assertThat(directory.isActive(suspended)).isFalse();
		assertThat(directory.exists(suspended)).isTrue();
		tenants.stream().filter(t -> !t.equals(suspended)).forEach(t -> assertThat(directory.isActive(t)).isTrue());
		assertThat(connections).as("asking again reads nothing").hasValue(51);
	}

}
