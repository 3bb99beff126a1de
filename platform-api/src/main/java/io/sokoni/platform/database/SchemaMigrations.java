package io.sokoni.platform.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import io.sokoni.db.DatabaseInstaller;
import io.sokoni.db.DatabaseRoles;
import io.sokoni.tenant.DatabaseRegistry;
import io.sokoni.tenant.RegisteredDatabase;
import io.sokoni.tenant.SecretResolver;
import io.sokoni.tenant.TenantRouterProperties;
import jakarta.annotation.PostConstruct;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/**
 * Brings every database to the same schema version: the shared database, then each registered
 * dedicated database, at start and whenever a database is registered. Optionally (development)
 * creates the database and roles first.
 */
@Component
public class SchemaMigrations {

	private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

	private final SchemaProperties schema;

	private final TenantRouterProperties db;

	private final DatabaseRegistry registry;

	/**
	 * How long the start waits for the platform pool after the bootstrap created the database: the pool
	 * started before it, found no database, and retries with a growing pause (up to 5 s), longer than one
	 * connection timeout.
	 */
	static final Duration PLATFORM_POOL_WAIT = Duration.ofSeconds(30);

	private final JdbcTemplate platform;

	private final DataSource platformDataSource;

	private final SecretResolver secrets = new SecretResolver();

	SchemaMigrations(SchemaProperties schema, TenantRouterProperties db, DatabaseRegistry registry,
			@Qualifier("platformDataSource") DataSource platformDataSource) {
		this.schema = schema;
		this.db = db;
		this.registry = registry;
		this.platformDataSource = platformDataSource;
		this.platform = new JdbcTemplate(platformDataSource);
	}

	@PostConstruct
	void migrateOnStart() throws SQLException {
		if (schema.bootstrap().enabled()) {
			SchemaProperties.Bootstrap b = schema.bootstrap();
			log.info("Bootstrap: ensuring database {} and roles exist", b.database());
			DatabaseInstaller.createDatabaseAndRoles(b.adminUrl(), b.adminUsername(), b.adminPassword(), b.database(),
					sharedRoles(), db.runtimePassword());
		}
		if (!schema.migrateOnStart()) {
			return;
		}
		// Flyway holds a session advisory lock while it migrates: never through a transaction pooler.
		MigrateResult shared = DatabaseInstaller.migrate(db.sessionUrl(), schema.ownerUsername(), schema.ownerPassword(),
				sharedRoles());
		log.info("Shared database at schema version {}", shared.targetSchemaVersion);
		if (schema.bootstrap().enabled()) {
			awaitConnection(platformDataSource, PLATFORM_POOL_WAIT);
		}
		for (RegisteredDatabase dedicated : registry.activeDedicated()) {
			migrate(dedicated);
		}
	}

	/**
	 * Returns once the data source hands out a connection, asking again while {@code wait} lasts (each
	 * ask waits up to the pool's connection timeout); the last failure after that.
	 */
	static void awaitConnection(DataSource dataSource, Duration wait) throws SQLException {
		long deadline = System.nanoTime() + wait.toNanos();
		while (true) {
			try (Connection connection = dataSource.getConnection()) {
				return;
			}
			catch (SQLException ex) {
				if (System.nanoTime() - deadline > 0) {
					throw ex;
				}
				log.info("The platform pool has no connection yet ({}); asking again", ex.getMessage());
			}
		}
	}

	/** Migrates one registered database and records the version it reached. */
	public String migrate(RegisteredDatabase target) {
		MigrateResult result = DatabaseInstaller.migrate(target.jdbcUrl(), target.ownerUsername(),
				secrets.resolve(target.ownerSecretRef()), rolesOf(target));
		String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
				: DatabaseInstaller.flyway(target.jdbcUrl(), target.ownerUsername(),
						secrets.resolve(target.ownerSecretRef()), rolesOf(target))
					.info()
					.current()
					.getVersion()
					.getVersion();
		platform.update("update app.db_connections set schema_version = ? where id = ?", version, target.id());
		log.info("Database {} at schema version {}", target.name(), version);
		return version;
	}

	public DatabaseRoles sharedRoles() {
		return new DatabaseRoles(schema.ownerUsername(), db.runtimeUsername(), db.platformUsername());
	}

	/** A dedicated database has its own owner and runtime roles; the platform role name is shared. */
	public DatabaseRoles rolesOf(RegisteredDatabase target) {
		return new DatabaseRoles(target.ownerUsername(), target.runtimeUsername(), db.platformUsername());
	}

}
