package io.sokoni.platform.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The schema owner (runs the migrations) and, for development only, the bootstrap that creates the
 * database and roles with an administrative connection.
 *
 * @param ownerUsername the role that owns the schema and runs Flyway
 * @param ownerPassword its password, if any (from the environment)
 * @param migrateOnStart migrate the shared and every registered dedicated database at start
 * @param bootstrap creating the database and roles (off unless asked for)
 */
@ConfigurationProperties("sokoni.schema")
public record SchemaProperties(String ownerUsername, String ownerPassword,
		@DefaultValue("true") boolean migrateOnStart, @DefaultValue Bootstrap bootstrap) {

	/**
	 * @param enabled create missing roles and the database at start (development, first install)
	 * @param adminUrl JDBC URL of any database of the server, for an administrative role
	 * @param adminUsername the administrative role
	 * @param adminPassword its password, if any
	 * @param database the database to create (the one {@code sokoni.db.url} names)
	 */
	public record Bootstrap(@DefaultValue("false") boolean enabled,
			@DefaultValue("jdbc:postgresql://127.0.0.1:5432/postgres") String adminUrl,
			@DefaultValue("postgres") String adminUsername, String adminPassword,
			@DefaultValue("sokoni") String database) {
	}

}
