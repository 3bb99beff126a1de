package io.sokoni.platform.operator;

import java.util.UUID;

import io.sokoni.db.ScratchDatabase;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.support.TestDatabase;

/**
 * Reads rows as the scratch database's owner role, to prove where data is (see {@link TenantSql}).
 * FORCE row level security applies to the owner too, so tenant tables are read in a transaction bound
 * to one tenant; the platform audit log has no row level security.
 */
final class OwnerSql {

	private OwnerSql() {
	}

	static ScratchDatabase scratch() {
		return TestDatabase.get().orElseThrow();
	}

	/** {@code select count(*) ...} in the shared database, bound to no tenant. */
	static long count(String sql, Object... args) {
		return count(scratch().jdbcUrl(), null, sql, args);
	}

	/** {@code select count(*) ...} in the shared database, bound to the tenant. */
	static long countAs(UUID tenant, String sql, Object... args) {
		return count(scratch().jdbcUrl(), tenant, sql, args);
	}

	/** {@code select count(*) ...} in the given database of the server, bound to the tenant (or none). */
	static long count(String jdbcUrl, UUID tenant, String sql, Object... args) {
		return ((Number) single(jdbcUrl, tenant, sql, args)).longValue();
	}

	/** The single value a query returns, read in a transaction bound to the tenant (or none). */
	static Object single(String jdbcUrl, UUID tenant, String sql, Object... args) {
		return TenantSql.call(jdbcUrl, tenant, jdbc -> jdbc.queryForObject(sql, (rs, i) -> rs.getObject(1), args));
	}

	/** Runs one statement in the shared database, bound to the tenant, and commits it. */
	static void execute(UUID tenant, String sql, Object... args) {
		TenantSql.run(tenant, jdbc -> jdbc.update(sql, args));
	}

	/** How many platform audit entries record the action on the target. */
	static long operatorAudits(String action, Object targetId) {
		return count("select count(*) from app.platform_audit_log where actor = 'operator' and action = ? and target_id = ?",
				action, targetId.toString());
	}

}
