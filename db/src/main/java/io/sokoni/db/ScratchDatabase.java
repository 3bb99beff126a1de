package io.sokoni.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * A throwaway database with its own roles, for tests and code generation: each run creates its own,
 * migrates it and drops it afterwards, so runs never collide and never see stale objects.
 *
 * @param admin       an administrative connection to the server (superuser or CREATEROLE + CREATEDB)
 * @param database    the database name
 * @param roles       the roles created for this database only
 */
public record ScratchDatabase(AdminConnection admin, String database, DatabaseRoles roles) {

	/** How to reach a server as an administrator. */
	public record AdminConnection(String jdbcUrl, String user, String password) {

		/**
		 * {@code SOKONI_TEST_ADMIN_JDBC_URL} (+ {@code _USER}, {@code _PASSWORD}) when set, else the
		 * PostgreSQL on 127.0.0.1:5432 as {@code postgres} when it answers, else empty.
		 */
		public static Optional<AdminConnection> fromEnvironmentOrLocalhost() {
			String url = System.getenv("SOKONI_TEST_ADMIN_JDBC_URL");
			if (url != null && !url.isBlank()) {
				return Optional.of(new AdminConnection(url, envOr("SOKONI_TEST_ADMIN_USER", "postgres"),
						System.getenv("SOKONI_TEST_ADMIN_PASSWORD")));
			}
			AdminConnection local = new AdminConnection("jdbc:postgresql://127.0.0.1:5432/postgres?connectTimeout=3",
					"postgres", null);
			try (Connection ignored = DriverManager.getConnection(local.jdbcUrl(), local.user(), local.password())) {
				return Optional.of(local);
			}
			catch (SQLException ex) {
				return Optional.empty();
			}
		}

		private static String envOr(String name, String fallback) {
			String value = System.getenv(name);
			return value == null || value.isBlank() ? fallback : value;
		}

	}

	/** Creates a database and roles named {@code <prefix>_<random>} and migrates it. */
	public static ScratchDatabase createAndMigrate(AdminConnection admin, String prefix) throws SQLException {
		String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		ScratchDatabase scratch = new ScratchDatabase(admin, name, DatabaseRoles.withPrefix(name));
		DatabaseInstaller.createDatabaseAndRoles(admin.jdbcUrl(), admin.user(), admin.password(), name,
				scratch.roles(), null);
		DatabaseInstaller.migrate(scratch.jdbcUrl(), scratch.roles().owner(), null, scratch.roles());
		return scratch;
	}

	/** Another database on the same server with the same roles (a "dedicated" tenant database). */
	public String createSibling(String suffix) throws SQLException {
		String name = database + "_" + suffix;
		DatabaseInstaller.createDatabaseAndRoles(admin.jdbcUrl(), admin.user(), admin.password(), name, roles,
				null);
		return name;
	}

	public String jdbcUrl() {
		return DatabaseInstaller.withDatabase(admin.jdbcUrl(), database);
	}

	public String jdbcUrl(String otherDatabase) {
		return DatabaseInstaller.withDatabase(admin.jdbcUrl(), otherDatabase);
	}

	/** Drops this database, any siblings given, and the roles. */
	public void drop(String... siblings) throws SQLException {
		String[] all = new String[siblings.length + 1];
		all[0] = database;
		System.arraycopy(siblings, 0, all, 1, siblings.length);
		DatabaseInstaller.dropDatabaseAndRoles(admin.jdbcUrl(), admin.user(), admin.password(), roles, all);
	}

}
