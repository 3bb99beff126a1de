package io.sokoni.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates what a Sokoni database needs and migrates it. Creating roles and databases needs an
 * administrative connection (a superuser or a role with CREATEROLE and CREATEDB); that is for
 * development, tests and first installs only. Migrating needs only the owner role.
 */
public final class DatabaseInstaller {

	/** Where the migrations live on the classpath (this module's jar). */
	public static final String MIGRATIONS = "classpath:db/migration";

	/** The one application schema. */
	public static final String SCHEMA = "app";

	private static final Pattern IDENTIFIER = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

	private DatabaseInstaller() {
	}

	/**
	 * Creates the roles (when missing) and the database owned by the owner role (when missing), with
	 * the {@code app} schema and no CREATE right for anyone else.
	 * @param adminJdbcUrl a JDBC URL to any database of the server, as an administrative role
	 * @param password the password given to newly created login roles, or null for none (trust auth)
	 */
	public static void createDatabaseAndRoles(String adminJdbcUrl, String adminUser, String adminPassword,
			String database, DatabaseRoles roles, String password) throws SQLException {
		requireIdentifier(database);
		try (Connection admin = DriverManager.getConnection(adminJdbcUrl, adminUser, adminPassword)) {
			admin.setAutoCommit(true);
			createRoleIfMissing(admin, roles.owner(), "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE", password);
			createRoleIfMissing(admin, roles.runtime(), "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOINHERIT",
					password);
			createRoleIfMissing(admin, roles.platform(), "LOGIN NOSUPERUSER BYPASSRLS NOCREATEROLE NOINHERIT",
					password);
			if (!exists(admin, "select 1 from pg_database where datname = ?", database)) {
				try (Statement st = admin.createStatement()) {
					st.execute("create database " + database + " owner " + roles.owner());
				}
			}
		}
		try (Connection db = DriverManager.getConnection(withDatabase(adminJdbcUrl, database), adminUser,
				adminPassword); Statement st = db.createStatement()) {
			st.execute("create schema if not exists " + SCHEMA + " authorization " + roles.owner());
			// Only the owner creates objects; the runtime and platform roles get explicit grants.
			st.execute("revoke create on schema public from public");
			st.execute("revoke all on database " + database + " from public");
			st.execute("grant connect on database " + database + " to " + roles.owner() + ", " + roles.runtime()
					+ ", " + roles.platform());
		}
	}

	/** Migrates a database to the latest schema, connected as the owner role. */
	public static MigrateResult migrate(String jdbcUrl, String ownerUser, String ownerPassword,
			DatabaseRoles roles) {
		return flyway(jdbcUrl, ownerUser, ownerPassword, roles).migrate();
	}

	/** The configured Flyway for a database (migrate, info, validate). */
	public static Flyway flyway(String jdbcUrl, String ownerUser, String ownerPassword, DatabaseRoles roles) {
		return Flyway.configure()
			.dataSource(jdbcUrl, ownerUser, ownerPassword)
			.schemas(SCHEMA)
			.createSchemas(true)
			.locations(MIGRATIONS)
			.placeholders(Map.of("runtime_role", roles.runtime(), "platform_role", roles.platform()))
			.load();
	}

	/** Drops a database and the roles (tests). Terminates its remaining sessions first. */
	public static void dropDatabaseAndRoles(String adminJdbcUrl, String adminUser, String adminPassword,
			DatabaseRoles roles, String... databases) throws SQLException {
		try (Connection admin = DriverManager.getConnection(adminJdbcUrl, adminUser, adminPassword);
				Statement st = admin.createStatement()) {
			for (String database : databases) {
				requireIdentifier(database);
				st.execute("drop database if exists " + database + " with (force)");
			}
			for (String role : new String[] { roles.runtime(), roles.platform(), roles.owner() }) {
				st.execute("drop role if exists " + role);
			}
		}
	}

	/** The same JDBC URL pointing at another database of the same server. */
	public static String withDatabase(String jdbcUrl, String database) {
		requireIdentifier(database);
		int hostStart = jdbcUrl.indexOf("//") + 2;
		int pathStart = jdbcUrl.indexOf('/', hostStart);
		int query = jdbcUrl.indexOf('?', hostStart);
		String base = pathStart < 0 ? (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query))
				: jdbcUrl.substring(0, pathStart);
		return base + "/" + database + (query < 0 ? "" : jdbcUrl.substring(query));
	}

	private static void createRoleIfMissing(Connection admin, String role, String options, String password)
			throws SQLException {
		if (exists(admin, "select 1 from pg_roles where rolname = ?", role)) {
			return;
		}
		try (Statement st = admin.createStatement()) {
			st.execute("create role " + role + " " + options
					+ (password == null ? "" : " password '" + password.replace("'", "''") + "'"));
		}
	}

	private static boolean exists(Connection connection, String sql, String value) throws SQLException {
		try (PreparedStatement ps = connection.prepareStatement(sql)) {
			ps.setString(1, value);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next();
			}
		}
	}

	private static void requireIdentifier(String name) {
		if (name == null || !IDENTIFIER.matcher(name).matches()) {
			throw new IllegalArgumentException("Database name must be a lower-case SQL identifier: " + name);
		}
	}

}
