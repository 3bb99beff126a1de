package io.sokoni.tenant;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Reads the database registry and the tenant routing from the control (shared) database, through the
 * platform role: the runtime role cannot see these tables.
 */
public class DatabaseRegistry {

	private static final RowMapper<RegisteredDatabase> MAPPER = (rs, i) -> new RegisteredDatabase(
			rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("kind"), rs.getString("jdbc_url"),
			rs.getString("runtime_username"), rs.getString("runtime_secret_ref"), rs.getString("owner_username"),
			rs.getString("owner_secret_ref"), rs.getInt("max_pool_size"));

	private static final String COLUMNS = "id, name, kind, jdbc_url, runtime_username, runtime_secret_ref, "
			+ "owner_username, owner_secret_ref, max_pool_size";

	private final JdbcTemplate platform;

	public DatabaseRegistry(DataSource platformDataSource) {
		this.platform = new JdbcTemplate(platformDataSource);
	}

	/** The dedicated database a tenant is routed to; empty means the shared database. */
	public Optional<UUID> routeOf(TenantId tenant) {
		return platform
			.query("select db_connection_id from app.tenant_db_routing where tenant_id = ?",
					(rs, i) -> rs.getObject(1, UUID.class), tenant.value())
			.stream()
			.findFirst();
	}

	/** The dedicated databases of these tenants (a tenant left out is routed to the shared database). */
	public Map<TenantId, UUID> routesOf(List<TenantId> tenants) {
		return BulkRefreshedCache.byTenant(platform,
				"select tenant_id, db_connection_id from app.tenant_db_routing where tenant_id = any(?)", tenants);
	}

	public Optional<RegisteredDatabase> find(UUID id) {
		return platform.query("select " + COLUMNS + " from app.db_connections where id = ?", MAPPER, id)
			.stream()
			.findFirst();
	}

	/** Every active dedicated database: each is migrated to the same schema version at start. */
	public List<RegisteredDatabase> activeDedicated() {
		return platform.query("select " + COLUMNS
				+ " from app.db_connections where kind = 'dedicated' and status = 'active' order by name", MAPPER);
	}

}
