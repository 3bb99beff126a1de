package io.sokoni.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Binds the current tenant to every transaction, once, right after it begins:
 * {@code set_config('app.tenant_id', ?, true)}. Transaction-local, so a pooled connection can never
 * carry one request's tenant into the next (and it works behind PgBouncer in transaction mode). With
 * no tenant bound it sets the empty string, which the policies read as "no tenant": no rows.
 */
public class TenantBindingTransactionManager extends JdbcTransactionManager {

	static final String BIND_SQL = "select set_config('app.tenant_id', ?, true)";

	public TenantBindingTransactionManager(DataSource dataSource) {
		super(dataSource);
	}

	@Override
	protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
			throws SQLException {
		super.prepareTransactionalConnection(connection, definition);
		try (PreparedStatement bind = connection.prepareStatement(BIND_SQL)) {
			bind.setString(1, TenantContext.current().map(TenantId::toString).orElse(""));
			bind.execute();
		}
	}

}
