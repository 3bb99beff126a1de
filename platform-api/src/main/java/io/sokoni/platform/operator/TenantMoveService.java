package io.sokoni.platform.operator;

import static io.sokoni.jooq.Tables.PAYMENT_CALLBACK_TOKENS;
import static io.sokoni.jooq.Tables.STORE_DOMAINS;
import static io.sokoni.jooq.Tables.TENANTS;
import static io.sokoni.jooq.Tables.TENANT_DB_ROUTING;
import static io.sokoni.jooq.Tables.WHATSAPP_PHONE_NUMBERS;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.sokoni.jooq.App;
import io.sokoni.jooq.tables.records.TenantsRecord;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.database.SchemaProperties;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.DatabaseRegistry;
import io.sokoni.tenant.RegisteredDatabase;
import io.sokoni.tenant.SecretResolver;
import io.sokoni.tenant.TenantDatabaseRouter;
import io.sokoni.tenant.TenantId;
import io.sokoni.tenant.TenantRouterProperties;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Moves a tenant from the shared database to a dedicated one: copies its rows (every table with a
 * tenant_id, parents first), switches the routing, then deletes the rows from the shared database.
 * Each step is repeatable, so a move interrupted by a crash is finished by running it again: the copy
 * first clears what an earlier attempt left in the target, and a tenant already routed only has its
 * shared leftovers removed. Works as the owner roles, which FORCE row level security still confines
 * to the tenant bound on each connection. Writes the tenant makes while the copy runs can be lost:
 * suspend the tenant for the move.
 */
@Service
class TenantMoveService {

	private static final Logger log = LoggerFactory.getLogger(TenantMoveService.class);

	/** Platform tables stay in the control database whatever the tenant's route. */
	private static final List<Table<?>> STAYS_IN_CONTROL_DATABASE = List.of(STORE_DOMAINS, TENANT_DB_ROUTING,
			PAYMENT_CALLBACK_TOKENS, WHATSAPP_PHONE_NUMBERS);

	private final DatabaseRegistry registry;

	private final TenantDatabaseRouter router;

	private final PlatformRepository platform;

	private final SchemaProperties schema;

	private final TenantRouterProperties db;

	private final AuditTrail audit;

	private final SecretResolver secrets = new SecretResolver();

	TenantMoveService(DatabaseRegistry registry, TenantDatabaseRouter router, PlatformRepository platform,
			SchemaProperties schema, TenantRouterProperties db, AuditTrail audit) {
		this.registry = registry;
		this.router = router;
		this.platform = platform;
		this.schema = schema;
		this.db = db;
		this.audit = audit;
	}

	Map<String, Integer> move(UUID tenantId, UUID databaseId) {
		TenantId tenant = TenantId.of(tenantId);
		platform.findTenant(tenantId).orElseThrow(() -> ApiException.notFound("Tenant"));
		RegisteredDatabase target = registry.find(databaseId)
			.filter(RegisteredDatabase::dedicated)
			.orElseThrow(() -> ApiException.notFound("Dedicated database"));
		Optional<UUID> current = registry.routeOf(tenant);
		if (current.isPresent() && !current.get().equals(databaseId)) {
			throw new ApiException(ProblemType.BUSINESS_RULE,
					"The tenant already lives in another dedicated database; moves between dedicated databases are not supported");
		}
		List<Table<?>> tables = tenantTablesParentsFirst();
		Map<String, Integer> copied = new LinkedHashMap<>();
		try (Connection shared = connect(db.url(), schema.ownerUsername(), schema.ownerPassword(), tenant);
				Connection dedicated = connect(target.jdbcUrl(), target.ownerUsername(),
						secrets.resolve(target.ownerSecretRef()), tenant)) {
			DSLContext from = DSL.using(shared, SQLDialect.POSTGRES);
			DSLContext to = DSL.using(dedicated, SQLDialect.POSTGRES);
			if (current.isEmpty()) {
				deleteTenantRows(to, tables, tenantId);
				to.deleteFrom(TENANTS).where(TENANTS.ID.eq(tenantId)).execute();
				TenantsRecord tenantRow = from.selectFrom(TENANTS).where(TENANTS.ID.eq(tenantId)).fetchSingle();
				to.insertInto(TENANTS).set(allChanged(tenantRow)).execute();
				Set<String> generated = new HashSet<>(from.fetch("""
						select table_name || '.' || column_name from information_schema.columns
						where table_schema = 'app' and is_generated = 'ALWAYS'""").getValues(0, String.class));
				for (Table<?> table : tables) {
					copied.put(table.getName(), copy(from, to, table, tenantId, generated));
				}
				dedicated.commit();
				platform.route(tenantId, databaseId);
				router.invalidateRoute(tenant);
			}
			deleteTenantRows(from, tables, tenantId);
			shared.commit();
		}
		catch (SQLException ex) {
			log.error("Moving tenant {} to database {} failed", tenantId, target.name(), ex);
			throw new ApiException(ProblemType.BUSINESS_RULE,
					"The move could not complete; it is safe to run it again");
		}
		audit.recordOperator("tenant.moved", "tenant", tenantId,
				Map.of("database", target.name(), "rows", copied));
		return copied;
	}

	private static int copy(DSLContext from, DSLContext to, Table<?> table, UUID tenantId, Set<String> generated) {
		// Generated columns (products.search_tsv) are computed again by the target, never written.
		List<Field<?>> columns = Arrays.stream(table.fields())
			.filter(f -> !generated.contains(table.getName() + "." + f.getName()))
			.toList();
		List<? extends Record> rows = from.select(columns).from(table).where(tenantIdOf(table).eq(tenantId)).fetch();
		if (rows.isEmpty()) {
			return 0;
		}
		to.batch(rows.stream().map(row -> to.insertInto(table).set(allChanged(row))).toList()).execute();
		return rows.size();
	}

	/**
	 * {@code insertInto(...).set(record)} sets only the fields flagged as changed, and a fetched record
	 * has none: flag them all so every column is copied.
	 */
	private static <R extends Record> R allChanged(R row) {
		row.changed(true);
		return row;
	}

	private static void deleteTenantRows(DSLContext dsl, List<Table<?>> parentsFirst, UUID tenantId) {
		for (int i = parentsFirst.size() - 1; i >= 0; i--) {
			Table<?> table = parentsFirst.get(i);
			dsl.deleteFrom(table).where(tenantIdOf(table).eq(tenantId)).execute();
		}
	}

	/** Every table with a tenant_id (but the platform ones), each after the tables it references. */
	static List<Table<?>> tenantTablesParentsFirst() {
		List<Table<?>> remaining = new ArrayList<>(App.APP.getTables()
			.stream()
			.filter(t -> t.field("tenant_id") != null && !STAYS_IN_CONTROL_DATABASE.contains(t))
			.toList());
		List<Table<?>> ordered = new ArrayList<>();
		while (!remaining.isEmpty()) {
			Table<?> next = remaining.stream()
				.filter(t -> t.getReferences()
					.stream()
					.map(fk -> fk.getKey().getTable())
					.allMatch(parent -> parent.equals(t) || !remaining.contains(parent)))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("Foreign key cycle among " + remaining));
			ordered.add(next);
			remaining.remove(next);
		}
		return ordered;
	}

	@SuppressWarnings("unchecked")
	private static Field<UUID> tenantIdOf(Table<?> table) {
		return (Field<UUID>) table.field("tenant_id");
	}

	private static Connection connect(String url, String user, String password, TenantId tenant)
			throws SQLException {
		Connection connection = DriverManager.getConnection(url, user, password);
		connection.setAutoCommit(false);
		try (PreparedStatement bind = connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
			bind.setString(1, tenant.toString());
			bind.execute();
		}
		return connection;
	}

}
