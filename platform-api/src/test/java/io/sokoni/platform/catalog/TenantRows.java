package io.sokoni.platform.catalog;

import java.util.List;
import java.util.UUID;

import io.sokoni.platform.support.TenantSql;

/**
 * Reads rows behind the API's back, to prove what was (not) saved, as the scratch owner with the tenant
 * bound (see {@link TenantSql}).
 */
final class TenantRows {

	private TenantRows() {
	}

	/** The single number the query answers, seen by the tenant. */
	static long count(UUID tenant, String sql, Object... args) {
		return Long.parseLong(strings(tenant, sql, args).get(0));
	}

	/** The first column of every row the query answers, as text, seen by the tenant. */
	static List<String> strings(UUID tenant, String sql, Object... args) {
		return TenantSql.call(tenant, jdbc -> jdbc.query(sql, (rs, i) -> rs.getString(1), args));
	}

}
