package io.sokoni.platform.support;

import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.sokoni.db.ScratchDatabase;
import io.sokoni.db.ScratchDatabase.AdminConnection;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL the integration tests run against (ARCHITECTURE section 6): a JDBC URL from the
 * environment, else the server on localhost:5432, else a Testcontainers PostgreSQL when Docker is
 * present, else none (tests are skipped). One scratch database with its own roles per test JVM,
 * dropped when the JVM exits, with any sibling databases tests created.
 */
public final class TestDatabase {

	private static ScratchDatabase scratch;

	private static boolean resolved;

	private static final List<String> siblings = new ArrayList<>();

	private static PgBouncer pgBouncer;

	private TestDatabase() {
	}

	/** The scratch database, or empty when no PostgreSQL can be reached. */
	public static synchronized Optional<ScratchDatabase> get() {
		if (!resolved) {
			resolved = true;
			Optional<AdminConnection> admin = AdminConnection.fromEnvironmentOrLocalhost().or(TestDatabase::container);
			admin.ifPresent(a -> {
				try {
					scratch = ScratchDatabase.createAndMigrate(a, "sokoni_it");
				}
				catch (SQLException ex) {
					throw new IllegalStateException("Cannot create the scratch database", ex);
				}
				Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::drop));
			});
		}
		return Optional.ofNullable(scratch);
	}

	/**
	 * The URL the application's pools use: through this JVM's PgBouncer when the run asks for one
	 * ({@link PgBouncer#wanted()}), else the scratch database's own.
	 */
	public static synchronized String pooledUrl() {
		ScratchDatabase db = get().orElseThrow();
		if (!PgBouncer.wanted()) {
			return db.jdbcUrl();
		}
		if (pgBouncer == null) {
			URI server = URI.create(db.admin().jdbcUrl().substring("jdbc:".length()));
			try {
				pgBouncer = PgBouncer.start(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort(),
						db.roles());
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot start pgbouncer", ex);
			}
		}
		return pgBouncer.jdbcUrl(db.database());
	}

	/** A second database on the same server with the same roles, dropped with the scratch database. */
	public static synchronized String createSibling(String suffix) throws SQLException {
		String name = get().orElseThrow().createSibling(suffix);
		siblings.add(name);
		return name;
	}

	private static synchronized void drop() {
		if (pgBouncer != null) {
			pgBouncer.stop(); // its server connections would keep the database from being dropped
		}
		try {
			scratch.drop(siblings.toArray(String[]::new));
		}
		catch (SQLException ex) {
			System.err.println("Could not drop scratch database " + scratch.database() + ": " + ex.getMessage());
		}
	}

	@SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
	private static Optional<AdminConnection> container() {
		if (!DockerClientFactory.instance().isDockerAvailable()) {
			return Optional.empty();
		}
		PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:15-alpine");
		postgres.start();
		return Optional.of(new AdminConnection(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword()));
	}

}
