package io.sokoni.tenant;

import java.sql.Connection;
import java.sql.SQLException;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The application's DataSource: each connection comes from the current tenant's database. The tenant
 * must be bound before a transaction begins; the transaction keeps its connection to the end.
 */
public class TenantRoutingDataSource extends AbstractDataSource {

	private final TenantDatabaseRouter router;

	public TenantRoutingDataSource(TenantDatabaseRouter router) {
		this.router = router;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return router.connectionFor(TenantContext.current());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLException("Credentials come from the database registry, not from callers");
	}

}
