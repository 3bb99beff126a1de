package io.sokoni.db;

import java.util.regex.Pattern;

/**
 * The three database roles Sokoni runs with. Roles are cluster-wide in PostgreSQL, so their names are
 * configuration (tests create their own per run) and reach the migrations as Flyway placeholders.
 *
 * @param owner    owns the schema and runs Flyway; FORCE row level security applies to it too
 * @param runtime  the application pool: not superuser, not owner, no BYPASSRLS, no TRUNCATE
 * @param platform BYPASSRLS but granted only the platform tables (tenants, domains, database registry)
 */
public record DatabaseRoles(String owner, String runtime, String platform) {

	private static final Pattern IDENTIFIER = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

	public DatabaseRoles {
		for (String name : new String[] { owner, runtime, platform }) {
			if (name == null || !IDENTIFIER.matcher(name).matches()) {
				throw new IllegalArgumentException("Role name must be a lower-case SQL identifier: " + name);
			}
		}
		if (owner.equals(runtime) || owner.equals(platform) || runtime.equals(platform)) {
			throw new IllegalArgumentException("Owner, runtime and platform roles must be distinct");
		}
	}

	/** Roles named {@code <prefix>_owner}, {@code <prefix>_app} and {@code <prefix>_platform}. */
	public static DatabaseRoles withPrefix(String prefix) {
		return new DatabaseRoles(prefix + "_owner", prefix + "_app", prefix + "_platform");
	}

}
