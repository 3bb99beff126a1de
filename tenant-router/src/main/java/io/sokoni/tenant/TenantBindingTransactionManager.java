package io.sokoni.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.interceptor.TransactionAttribute;

/**
 * Binds the current tenant to every transaction, once, right after it begins:
 * {@code set_config('app.tenant_id', ?, true)}. Transaction-local, so a pooled connection can never
 * carry one request's tenant into the next (and it works behind PgBouncer in transaction mode). With
 * no tenant bound it sets the empty string, which the policies read as "no tenant": no rows.
 * <p>
 * A transaction labelled {@link #RELAXED_COMMIT} ({@code @Transactional(label = ...)}) also commits
 * without waiting for its WAL to reach the disk, set by the same statement (no extra round trip), and
 * for that transaction only.
 */
public class TenantBindingTransactionManager extends JdbcTransactionManager {

	/**
	 * For writes a database crash may forget (the last fraction of a second of them; the database stays
	 * consistent): never money, stock or orders.
	 */
	public static final String RELAXED_COMMIT = "synchronous_commit=off";

	static final String BIND_SQL = "select set_config('app.tenant_id', ?, true)";

	static final String BIND_RELAXED_SQL = "select set_config('app.tenant_id', ?, true), "
			+ "set_config('synchronous_commit', 'off', true)";

	public TenantBindingTransactionManager(DataSource dataSource) {
		super(dataSource);
	}

	@Override
	protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
			throws SQLException {
		super.prepareTransactionalConnection(connection, definition);
		boolean relaxed = definition instanceof TransactionAttribute attribute
				&& attribute.getLabels().contains(RELAXED_COMMIT);
		try (PreparedStatement bind = connection.prepareStatement(relaxed ? BIND_RELAXED_SQL : BIND_SQL)) {
			bind.setString(1, TenantContext.current().map(TenantId::toString).orElse(""));
			bind.execute();
		}
	}

}
