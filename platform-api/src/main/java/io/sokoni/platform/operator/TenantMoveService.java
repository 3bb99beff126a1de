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
import java.sql.Statement;
import java.time.Duration;
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
import io.sokoni.platform.database.AllDatabases;
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
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Moves a tenant between databases: from the shared database to a dedicated one, back, or from one
 * dedicated database to another. Copies its rows (every table with a tenant_id, parents first),
 * switches the routing, then deletes the rows from the database it left and marks it departed there.
 * <p>
 * No write is lost: the move holds the tenant's move lock in the source database (migration V70) from
 * before the copy until the source rows are gone. It waits for the tenant's running transactions to
 * end first; transactions that start meanwhile are refused at once (the request gets 503 with
 * Retry-After), and so are those that reach the old database afterwards through a stale route.
 * <p>
 * Each step is repeatable, so a move interrupted by a crash is finished by running it again: the copy
 * first clears what an earlier attempt left in the target, and a tenant already routed to the target
 * only has its leftovers elsewhere removed. Works as the owner roles, which FORCE row level security
 * still confines to the tenant bound on each connection.
 */
@Service
class TenantMoveService {

	private static final Logger log = LoggerFactory.getLogger(TenantMoveService.class);

	/** Platform tables stay in the control database whatever the tenant's route. */
	private static final List<Table<?>> STAYS_IN_CONTROL_DATABASE = List.of(STORE_DOMAINS, TENANT_DB_ROUTING,
			PAYMENT_CALLBACK_TOKENS, WHATSAPP_PHONE_NUMBERS);

	/** How long a move waits for the tenant's running transactions before giving up (nothing changed). */
	static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

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

	/** Where a tenant's rows can live, reached as that database's owner role. */
	private record Home(String name, Optional<UUID> databaseId, String url, String owner, String password) {

		boolean shared() {
			return databaseId.isEmpty();
		}

	}

	/** Moves the tenant to a dedicated database (from the shared one or another dedicated one). */
	Map<String, Integer> moveToDedicated(UUID tenantId, UUID databaseId) {
		platform.findTenant(tenantId).orElseThrow(() -> ApiException.notFound("Tenant"));
		RegisteredDatabase target = registry.find(databaseId)
			.filter(RegisteredDatabase::dedicated)
			.orElseThrow(() -> ApiException.notFound("Dedicated database"));
		return move(tenantId, dedicated(target));
	}

	/** Moves the tenant back to the shared database. */
	Map<String, Integer> moveToShared(UUID tenantId) {
		platform.findTenant(tenantId).orElseThrow(() -> ApiException.notFound("Tenant"));
		return move(tenantId, shared());
	}

	private Map<String, Integer> move(UUID tenantId, Home target) {
		TenantId tenant = TenantId.of(tenantId);
		Home source = registry.routeOf(tenant)
			.map(id -> dedicated(registry.find(id).orElseThrow()))
			.orElseGet(this::shared);
		Map<String, Integer> copied = new LinkedHashMap<>();
		try {
			if (!source.name().equals(target.name())) {
				copied = copy(tenantId, source, target);
			}
			else {
				// Already routed there (an earlier run got past the switch): only leave the other
				// databases, where that run may have left rows behind.
				for (Home other : homesOtherThan(target)) {
					leave(tenantId, other);
				}
			}
		}
		catch (SQLException | DataAccessException ex) {
			log.error("Moving tenant {} from {} to {} failed", tenantId, source.name(), target.name(), ex);
			throw new ApiException(ProblemType.BUSINESS_RULE,
					"The move could not complete; it is safe to run it again");
		}
		audit.recordOperator("tenant.moved", "tenant", tenantId, Map.of("from", source.name(), "to", target.name(),
				"database", target.name(), "rows", copied));
		return copied;
	}

	/**
	 * Copies the tenant from source to target under the source's move lock, switches the route, and
	 * empties the source: all before the lock is released.
	 */
	private Map<String, Integer> copy(UUID tenantId, Home source, Home target) throws SQLException {
		TenantId tenant = TenantId.of(tenantId);
		List<Table<?>> tables = tenantTablesParentsFirst();
		Map<String, Integer> copied = new LinkedHashMap<>();
		try (Connection sourceConnection = connect(source, tenant); Connection targetConnection = connect(target, tenant)) {
			lockForMove(sourceConnection, tenantId);
			DSLContext from = DSL.using(sourceConnection, SQLDialect.POSTGRES);
			DSLContext to = DSL.using(targetConnection, SQLDialect.POSTGRES);
			deleteTenantRows(to, tables, tenantId);
			if (target.shared()) {
				// The shared database's tenant row is the control row: it stays, now lived in again.
				to.update(TENANTS).setNull(TENANTS.DEPARTED_AT).where(TENANTS.ID.eq(tenantId)).execute();
			}
			else {
				to.deleteFrom(TENANTS).where(TENANTS.ID.eq(tenantId)).execute();
				TenantsRecord tenantRow = from.selectFrom(TENANTS).where(TENANTS.ID.eq(tenantId)).fetchSingle();
				tenantRow.setDepartedAt(null);
				to.insertInto(TENANTS).set(allChanged(tenantRow)).execute();
			}
			Set<String> generated = new HashSet<>(from.fetch("""
					select table_name || '.' || column_name from information_schema.columns
					where table_schema = 'app' and is_generated = 'ALWAYS'""").getValues(0, String.class));
			for (Table<?> table : tables) {
				copied.put(table.getName(), copy(from, to, table, tenantId, generated));
			}
			targetConnection.commit();
			if (target.shared()) {
				platform.unroute(tenantId);
			}
			else {
				platform.route(tenantId, target.databaseId().orElseThrow());
			}
			router.invalidateRoute(tenant);
			empty(from, tables, tenantId);
			sourceConnection.commit();
		}
		return copied;
	}

	/** Removes what is left of the tenant in a database it no longer lives in, and fences it out there. */
	private void leave(UUID tenantId, Home former) throws SQLException {
		try (Connection connection = connect(former, TenantId.of(tenantId))) {
			lockForMove(connection, tenantId);
			empty(DSL.using(connection, SQLDialect.POSTGRES), tenantTablesParentsFirst(), tenantId);
			connection.commit();
		}
	}

	/**
	 * Deletes the tenant's rows and marks the tenant departed (its tenant row stays: in the shared
	 * database it is the control row, elsewhere it carries the mark).
	 */
	private static void empty(DSLContext dsl, List<Table<?>> tables, UUID tenantId) {
		deleteTenantRows(dsl, tables, tenantId);
		dsl.update(TENANTS)
			.set(TENANTS.DEPARTED_AT, DSL.currentOffsetDateTime())
			.where(TENANTS.ID.eq(tenantId), TENANTS.DEPARTED_AT.isNull())
			.execute();
	}

	/** Waits for the tenant's running transactions in this database and keeps new ones out until commit. */
	private static void lockForMove(Connection connection, UUID tenantId) throws SQLException {
		try (Statement timeout = connection.createStatement()) {
			timeout.execute("set local lock_timeout = '" + DRAIN_TIMEOUT.toMillis() + "ms'");
		}
		try (PreparedStatement lock = connection.prepareStatement("select app.lock_tenant_for_move(?)")) {
			lock.setObject(1, tenantId);
			lock.execute();
		}
	}

	private List<Home> homesOtherThan(Home target) {
		List<Home> others = new ArrayList<>();
		if (!target.shared()) {
			others.add(shared());
		}
		for (RegisteredDatabase other : registry.activeDedicated()) {
			if (!other.name().equals(target.name())) {
				others.add(dedicated(other));
			}
		}
		return others;
	}

	private Home shared() {
		return new Home(AllDatabases.SHARED, Optional.empty(), db.url(), schema.ownerUsername(),
				schema.ownerPassword());
	}

	private Home dedicated(RegisteredDatabase database) {
		return new Home(database.name(), Optional.of(database.id()), database.jdbcUrl(), database.ownerUsername(),
				secrets.resolve(database.ownerSecretRef()));
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

	private static Connection connect(Home home, TenantId tenant) throws SQLException {
		Connection connection = DriverManager.getConnection(home.url(), home.owner(), home.password());
		connection.setAutoCommit(false);
		try (PreparedStatement bind = connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
			bind.setString(1, tenant.toString());
			bind.execute();
		}
		return connection;
	}

}
