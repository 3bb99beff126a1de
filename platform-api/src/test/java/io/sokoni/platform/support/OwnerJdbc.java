package io.sokoni.platform.support;

import java.util.UUID;

/**
 * Direct SQL on the scratch database as the schema owner, for what the API cannot show (audit rows,
 * row counts proving nothing was saved) or cannot do (expire an invite), in a transaction bound to one
 * tenant exactly as the application binds it (see {@link TenantSql}).
 */
public final class OwnerJdbc {

	private OwnerJdbc() {
	}

	public static <T> T inTenant(UUID tenant, TenantSql.SqlWork<T> work) {
		return TenantSql.onConnection(TestDatabase.get().orElseThrow().jdbcUrl(), tenant, work);
	}

	/** The single number a query such as {@code select count(*) ...} returns, seen by one tenant. */
	public static long count(UUID tenant, String sql, Object... args) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForObject(sql, Long.class, args));
	}

	/** Runs an update as one tenant; returns the number of rows changed. */
	public static int update(UUID tenant, String sql, Object... args) {
		return TenantSql.call(tenant, jdbc -> jdbc.update(sql, args));
	}

}
