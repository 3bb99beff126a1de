package io.sokoni.tenant;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sokoni.db.ScratchDatabase;
import io.sokoni.db.ScratchDatabase.AdminConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A scratch database migrated for the class and a small pool of the platform role, which the caches of
 * the control database read through. Skipped when no PostgreSQL server answers.
 */
abstract class PlatformRoleDatabaseIT {

	static ScratchDatabase scratch;

	static HikariDataSource platform;

	static JdbcTemplate jdbc;

	@BeforeAll
	static void createDatabase() throws SQLException {
		Optional<AdminConnection> admin = AdminConnection.fromEnvironmentOrLocalhost();
		assumeTrue(admin.isPresent(), "No PostgreSQL server answers; skipping");
		scratch = ScratchDatabase.createAndMigrate(admin.get(), "sokoni_platform_role");
		HikariConfig config = new HikariConfig();
		config.setPoolName("platform-role-it");
		config.setJdbcUrl(scratch.jdbcUrl());
		config.setUsername(scratch.roles().platform());
		config.setMaximumPoolSize(2);
		platform = new HikariDataSource(config);
		jdbc = new JdbcTemplate(platform);
	}

	@AfterAll
	static void dropDatabase() throws SQLException {
		if (platform != null) {
			platform.close();
		}
		if (scratch != null) {
			scratch.drop();
		}
	}

	/** A new active tenant. */
	static TenantId tenant() {
		TenantId tenant = TenantId.of(UUID.randomUUID());
		jdbc.update("insert into app.tenants (id, slug, name) values (?, ?, 'Tenant')", tenant.value(),
				"t-" + tenant.toString().substring(0, 8));
		return tenant;
	}

}
