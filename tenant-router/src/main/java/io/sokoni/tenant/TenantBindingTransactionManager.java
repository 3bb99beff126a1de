package io.sokoni.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Binds the current tenant to every transaction, once, right after it begins:
 * {@code app.bind_tenant(?)}, which sets {@code app.tenant_id} transaction-local (so a pooled connection
 * can never carry one request's tenant into the next, and it works behind PgBouncer in transaction
 * mode) and fences tenant moves (migration V70): while the tenant is being moved out of this database,
 * or once it has left it, the transaction does not start and the caller gets a
 * {@link TenantElsewhereException}, which the application answers with 503 and Retry-After. With no
 * tenant bound it sets the empty string, which the policies read as "no tenant": no rows.
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

	/**
	 * A {@code TransactionTemplate} whose transactions are labelled {@link #RELAXED_COMMIT}. (A plain
	 * TransactionTemplate built from a labelled definition copies it without its labels: the template
	 * itself is the definition the transaction manager sees.)
	 */
	public static final class RelaxedCommitTemplate extends TransactionTemplate implements TransactionAttribute {

		private static final long serialVersionUID = 1L;

		public RelaxedCommitTemplate(PlatformTransactionManager transactionManager) {
			super(transactionManager);
		}

		@Override
		public String getQualifier() {
			return null;
		}

		@Override
		public Collection<String> getLabels() {
			return List.of(RELAXED_COMMIT);
		}

		@Override
		public boolean rollbackOn(Throwable ex) {
			return ex instanceof RuntimeException || ex instanceof Error;
		}

	}

	static final String BIND_SQL = "select app.bind_tenant(?)";

	static final String BIND_RELAXED_SQL = "select app.bind_tenant(?), set_config('synchronous_commit', 'off', true)";

	private final Consumer<TenantId> routeIsStale;

	private final Consumer<TenantId> connectionLost;

	public TenantBindingTransactionManager(DataSource dataSource) {
		this(dataSource, tenant -> {
		}, tenant -> {
		});
	}

	/**
	 * @param routeIsStale   told of a tenant found moving or gone from the database its route led to, so
	 *                       the next transaction reads the route again
	 * @param connectionLost told of a tenant whose connection broke as its transaction began (SQLSTATE
	 *                       class 08): the first sign of a lost server, before any connection attempt
	 *                       has waited for its timeout
	 */
	public TenantBindingTransactionManager(DataSource dataSource, Consumer<TenantId> routeIsStale,
			Consumer<TenantId> connectionLost) {
		super(dataSource);
		this.routeIsStale = routeIsStale;
		this.connectionLost = connectionLost;
	}

	@Override
	protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
			throws SQLException {
		super.prepareTransactionalConnection(connection, definition);
		boolean relaxed = definition instanceof TransactionAttribute attribute
				&& attribute.getLabels().contains(RELAXED_COMMIT);
		String where;
		try (PreparedStatement bind = connection.prepareStatement(relaxed ? BIND_RELAXED_SQL : BIND_SQL)) {
			bind.setString(1, TenantContext.current().map(TenantId::toString).orElse(""));
			try (ResultSet rs = bind.executeQuery()) {
				rs.next();
				where = rs.getString(1);
			}
		}
		catch (SQLException ex) {
			if (ex.getSQLState() != null && ex.getSQLState().startsWith("08")) {
				TenantContext.current().ifPresent(connectionLost);
			}
			throw ex;
		}
		if (!"here".equals(where)) {
			TenantId tenant = TenantContext.current().orElseThrow();
			routeIsStale.accept(tenant);
			throw new TenantElsewhereException(tenant, where);
		}
	}

	/**
	 * The tenant is being moved out of the database this transaction reached ({@code moving}), or has
	 * left it ({@code departed}). Transient: retried shortly, the request reaches the tenant's database.
	 */
	public static final class TenantElsewhereException extends SQLTransientConnectionException {

		private static final long serialVersionUID = 1L;

		TenantElsewhereException(TenantId tenant, String state) {
			super("Tenant " + tenant + " is " + state + " (being moved between databases)");
		}

	}

}
