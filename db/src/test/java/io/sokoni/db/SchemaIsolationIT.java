package io.sokoni.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.sokoni.db.ScratchDatabase.AdminConnection;

/**
 * The isolation suite of the schema (ARCHITECTURE section 2, reference/postgres-rls-multitenancy.md
 * section 10): the catalog has forced row-level security and a tenant policy on every tenant table and
 * the roles are as narrow as they must be; and, connected as the runtime role with two tenants A and B,
 * tenant A can neither read nor write tenant B's rows, and no tenant bound means no rows.
 *
 * <p>Tenant tables are discovered from the catalog, so a new table is covered automatically; the
 * behavioural tests need a way to insert a valid row into each, kept in {@link #FIXTURES} (a test fails
 * when a tenant table has none). Skipped when no PostgreSQL server answers.
 */
class SchemaIsolationIT {

	private static final String TENANT_SETTING = "app.tenant_id";

	/** Tables without tenant_id that are platform-wide by design (ARCHITECTURE section 2: "few and named"). */
	private static final Set<String> PLATFORM_TABLES = Set.of("tenants", "db_connections", "platform_audit_log",
			"login_throttle", "flyway_schema_history", "whatsapp_webhook_deliveries");

	/**
	 * What the platform role may read: platform tables, the routing tables and the outbox's claim
	 * columns (never its payload; see platformRoleCannotReadOutboxPayloads), never tenant data.
	 */
	private static final Set<String> PLATFORM_READABLE = Set.of("tenants", "db_connections", "platform_audit_log",
			"login_throttle", "store_domains", "tenant_db_routing", "outbox_events", "carts", "inventory_reservations",
			"idempotency_keys", "catalog_imports", "payment_callback_tokens", "payment_attempts", "payment_callbacks",
			"whatsapp_phone_numbers", "whatsapp_webhook_deliveries", "whatsapp_notifications", "insight_refresh_state");

	/**
	 * Tenant tables whose key is global by design: they find the tenant from what an unauthenticated
	 * caller names (a request's Host, an M-Pesa callback's token, a WhatsApp delivery's phone-number id),
	 * so the key must be unique across tenants and cannot include tenant_id. On a distributed
	 * PostgreSQL they are reference tables (or stay on the coordinator), like the platform tables.
	 */
	private static final Set<String> TENANT_LOOKUP_TABLES = Set.of("store_domains", "payment_callback_tokens",
			"whatsapp_phone_numbers");

	/** Tenant tables that must exist whatever else the catalog holds. */
	private static final List<String> REQUIRED_TENANT_TABLES = List.of("stores", "users", "staff_invites",
			"audit_log", "store_domains", "tenant_db_routing");

	/** A valid row for every tenant table, in insertion order (referenced tables first). */
	private static final Map<String, TableFixture> FIXTURES = fixtures();

	private static ScratchDatabase scratch;

	private static UUID sharedDatabaseId;

	private static Tenant tenantA;

	private static Tenant tenantB;

	@BeforeAll
	static void createDatabaseAndTwoTenants() throws SQLException {
		Optional<AdminConnection> admin = AdminConnection.fromEnvironmentOrLocalhost();
		assumeTrue(admin.isPresent(), "No PostgreSQL server answers; skipping the isolation suite");
		scratch = ScratchDatabase.createAndMigrate(admin.get(), "sokoni_iso");
		sharedDatabaseId = UUID.randomUUID();
		asSuperuser(c -> update(c, """
				insert into app.db_connections (id, name, kind, jdbc_url, runtime_username, owner_username)
				values (?, 'shared', 'shared', ?, ?, ?)""", sharedDatabaseId, scratch.jdbcUrl(),
				scratch.roles().runtime(), scratch.roles().owner()));
		tenantA = seed("alpha");
		tenantB = seed("bravo");
	}

	@AfterAll
	static void dropDatabase() throws SQLException {
		if (scratch != null) {
			scratch.drop();
		}
	}

	// ------------------------------------------------------------------------------------------------
	// The catalog
	// ------------------------------------------------------------------------------------------------

	@Nested
	@DisplayName("catalog")
	class Catalog {

		@Test
		void tenantTablesAreDiscoveredFromTheCatalogAndIncludeTheKnownOnes() throws SQLException {
			assertThat(tenantTables()).containsAll(REQUIRED_TENANT_TABLES);
		}

		@Test
		void everyTenantTableHasAFixtureInThisSuite() throws SQLException {
			assertThat(FIXTURES.keySet())
				.as("add a TableFixture for each new tenant table so the behavioural tests cover it")
				.containsAll(tenantTablesWithoutPartitions());
		}

		@Test
		void partitionsOfTenantTablesAreTenantTablesToo() throws SQLException {
			// tenantTables() lists partitions, so the RLS, policy and permissive-policy checks of this class
			// hold for each partition as well as for its parent (a partition read directly is checked
			// against its own policies only).
			List<String> partitions = asSuperuser(c -> strings(c, """
					select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
					where n.nspname = 'app' and c.relkind in ('r', 'p') and c.relispartition order by 1"""));
			assertThat(partitions).as("the insight events' monthly partitions")
				.anyMatch(p -> p.matches("insight_events_[0-9]{6}"));
			assertThat(tenantTables()).containsAll(partitions);
		}

		@Test
		void aPartitionReadDirectlyShowsOnlyTheBoundTenantsRows() throws SQLException {
			// The owner role is subject to the forced policies too: reading this month's partition as the
			// owner bound to A shows A's event and not B's (the runtime role may not read partitions at all).
			String partition = asSuperuser(c -> string(c,
					"select 'insight_events_' || to_char(now() at time zone 'UTC', 'YYYYMM')"));
			String sql = "select count(*) from app." + partition + " where id = ?";
			long own = asOwner(tenantA.id(), c -> count(c, sql, tenantA.key("insight_events")));
			long foreign = asOwner(tenantA.id(), c -> count(c, sql, tenantB.key("insight_events")));
			long unbound = asOwner(null, c -> count(c, "select count(*) from app." + partition));
			assertThat(own).isEqualTo(1);
			assertThat(foreign).isZero();
			assertThat(unbound).isZero();
			assertPermissionDenied(failureAsTenant(tenantA.id(), c -> count(c, sql, tenantA.key("insight_events"))));
		}

		@Test
		void partitionsAreCreatedAheadWithForcedRlsAndOldOnesDroppedByThePlatformRole() throws SQLException {
			asSuperuser(c -> update(c, """
					create table app.insight_events_200001 partition of app.insight_events
					for values from ('2000-01-01 00:00:00+00') to ('2000-02-01 00:00:00+00')"""));
			List<String> dropped = asPlatform(c -> strings(c, "select app.insight_events_drop_partitions(13)"));
			assertThat(dropped).containsExactly("insight_events_200001");
			long created = asPlatform(c -> count(c, "select app.insight_events_ensure_partitions(6)::bigint"));
			assertThat(created).as("months 4 to 6 ahead (the migration created up to 3)").isEqualTo(3);
			long again = asPlatform(c -> count(c, "select app.insight_events_ensure_partitions(6)::bigint"));
			assertThat(again).isZero();
			List<String> unprotected = asSuperuser(c -> strings(c, """
					select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
					where i.inhparent = 'app.insight_events'::regclass
					  and not (c.relrowsecurity and c.relforcerowsecurity
					           and exists (select 1 from pg_policies p where p.schemaname = 'app'
					                       and p.tablename = c.relname and p.qual like '%app.tenant_id%'
					                       and p.with_check like '%app.tenant_id%'))"""));
			assertThat(unprotected).isEmpty();
			List<String> droppedAgain = asPlatform(c -> strings(c, "select app.insight_events_drop_partitions(13)"));
			assertThat(droppedAgain).isEmpty();
			assertPermissionDenied(failureAsTenant(tenantA.id(),
					c -> count(c, "select app.insight_events_ensure_partitions(1)::bigint")));
		}

		@Test
		void everyTableIsEitherATenantTableOrANamedPlatformTable() throws SQLException {
			List<String> others = asSuperuser(c -> strings(c, """
					select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
					where n.nspname = 'app' and c.relkind in ('r', 'p')
					  and not exists (select 1 from pg_attribute a
					                  where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
					order by 1"""));
			assertThat(others).isNotEmpty().isSubsetOf(PLATFORM_TABLES);
		}

		@Test
		void everyTenantTableHasEnabledAndForcedRowLevelSecurity() throws SQLException {
			List<String> tables = new ArrayList<>(tenantTables());
			tables.add("tenants");
			List<String> unprotected = asSuperuser(c -> strings(c, """
					select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
					where n.nspname = 'app' and c.relname = any (?) and not (c.relrowsecurity and c.relforcerowsecurity)
					order by 1""", (Object) tables.toArray(String[]::new)));
			assertThat(unprotected).isEmpty();
		}

		@Test
		void everyTenantTableHasAPolicyOnTheBoundTenantForReadsAndWrites() throws SQLException {
			List<String> tables = new ArrayList<>(tenantTables());
			tables.add("tenants");
			List<String> withoutPolicy = asSuperuser(c -> strings(c, """
					select t from unnest(?::text[]) t
					where not exists (select 1 from pg_policies p
					                  where p.schemaname = 'app' and p.tablename = t and p.cmd = 'ALL'
					                    and p.qual like '%app.tenant_id%' and p.with_check like '%app.tenant_id%')
					order by 1""", (Object) tables.toArray(String[]::new)));
			assertThat(withoutPolicy).isEmpty();
		}

		@Test
		void noPermissivePolicyOnATenantTableIgnoresTheBoundTenant() throws SQLException {
			// Permissive policies are OR-ed: one "using (true)" beside the tenant policy would open the table.
			List<String> tables = new ArrayList<>(tenantTables());
			tables.add("tenants");
			List<String> loose = asSuperuser(c -> strings(c, """
					select p.tablename || '.' || p.policyname from pg_policies p
					where p.schemaname = 'app' and p.tablename = any (?) and p.permissive = 'PERMISSIVE'
					  and (coalesce(p.qual, '') not like '%app.tenant_id%'
					       or (p.with_check is not null and p.with_check not like '%app.tenant_id%'))
					order by 1""", (Object) tables.toArray(String[]::new)));
			assertThat(loose).isEmpty();
		}

		/**
		 * What distributing by tenant needs (Citus-style, distribution column tenant_id; README
		 * "Distributed PostgreSQL"): a node can enforce a primary key, unique constraint, unique index,
		 * exclusion constraint or foreign key only when it includes the distribution column. Foreign keys
		 * to platform tables are fine (those become reference tables, copied to every node). The named
		 * exceptions are the lookup tables that find the tenant from a global key before any tenant is
		 * bound; they would be reference tables too, not distributed.
		 */
		@Test
		void everyKeyOfATenantTableIncludesTheTenantExceptTheNamedTenantLookups() throws SQLException {
			List<String[]> keys = asSuperuser(c -> rows(c, """
					with tenant_tables as (
					  select c.oid, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
					  where n.nspname = 'app' and c.relkind in ('r', 'p')
					    and exists (select 1 from pg_attribute a
					                where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped))
					select t.relname, con.conname || ' ' || pg_get_constraintdef(con.oid)
					from tenant_tables t join pg_constraint con on con.conrelid = t.oid
					left join pg_class referenced on referenced.oid = con.confrelid
					where con.contype in ('p', 'u', 'f', 'x')
					  and not (con.contype = 'f' and referenced.relname = any (?))
					  and not exists (select 1 from unnest(con.conkey) k
					                  join pg_attribute a on a.attrelid = t.oid and a.attnum = k
					                  where a.attname = 'tenant_id')
					union all
					select t.relname, pg_get_indexdef(i.indexrelid)
					from tenant_tables t join pg_index i on i.indrelid = t.oid
					where i.indisunique
					  and not exists (select 1 from pg_constraint con where con.conindid = i.indexrelid)
					  and not exists (select 1 from unnest(i.indkey) k
					                  join pg_attribute a on a.attrelid = t.oid and a.attnum = k
					                  where a.attname = 'tenant_id')
					order by 1, 2""", (Object) PLATFORM_TABLES.toArray(String[]::new)));
			assertThat(keys).filteredOn(k -> !TENANT_LOOKUP_TABLES.contains(k[0]))
				.as("keys of tenant tables without tenant_id (table, key)")
				.extracting(k -> k[0] + ": " + k[1])
				.isEmpty();
			// The exceptions stay justified: each still has a key without the tenant (else drop it here).
			assertThat(keys).extracting(k -> k[0]).containsAll(TENANT_LOOKUP_TABLES);
		}

		@Test
		void foreignKeysBetweenTenantTablesIncludeTheTenant() throws SQLException {
			// PostgreSQL checks foreign keys without RLS: a key without tenant_id lets A point at B's row.
			List<String[]> keys = asSuperuser(c -> rows(c, """
					select con.conname,
					       coalesce((select bool_or(ca.attname = 'tenant_id' and ra.attname = 'tenant_id')
					                 from generate_subscripts(con.conkey, 1) i
					                 join pg_attribute ca on ca.attrelid = con.conrelid and ca.attnum = con.conkey[i]
					                 join pg_attribute ra on ra.attrelid = con.confrelid and ra.attnum = con.confkey[i]),
					                false)::text
					from pg_constraint con
					join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
					where con.contype = 'f' and n.nspname = 'app'
					  and exists (select 1 from pg_attribute a
					              where a.attrelid = con.conrelid and a.attname = 'tenant_id' and not a.attisdropped)
					  and exists (select 1 from pg_attribute a
					              where a.attrelid = con.confrelid and a.attname = 'tenant_id' and not a.attisdropped)
					order by 1"""));
			assertThat(keys).as("foreign keys between tenant tables").isNotEmpty();
			assertThat(keys).filteredOn(k -> !Boolean.parseBoolean(k[1])).extracting(k -> k[0]).isEmpty();
		}

		@Test
		void runtimeRoleIsNotPrivileged() throws SQLException {
			String runtime = scratch.roles().runtime();
			List<String[]> flags = asSuperuser(c -> rows(c, """
					select rolsuper::text, rolbypassrls::text, rolcreaterole::text, rolcreatedb::text
					from pg_roles where rolname = ?""", runtime));
			assertThat(flags).hasSize(1);
			assertThat(flags.get(0)).as("superuser, bypassrls, createrole, createdb")
				.containsExactly("false", "false", "false", "false");
			long memberships = asSuperuser(c -> count(c, """
					select count(*) from pg_auth_members m join pg_roles r on r.oid = m.member
					where r.rolname = ?""", runtime));
			assertThat(memberships).as("roles the runtime role is a member of").isZero();
		}

		@Test
		void runtimeRoleOwnsNothing() throws SQLException {
			String runtime = scratch.roles().runtime();
			List<String> owned = asSuperuser(c -> strings(c, """
					select 'relation ' || c.oid::regclass::text from pg_class c where c.relowner = (select oid from pg_roles where rolname = ?)
					union all
					select 'schema ' || nspname from pg_namespace where nspowner = (select oid from pg_roles where rolname = ?)
					union all
					select 'function ' || p.oid::regprocedure::text from pg_proc p where p.proowner = (select oid from pg_roles where rolname = ?)
					union all
					select 'table ' || schemaname || '.' || tablename from pg_tables where tableowner = ?""", runtime,
					runtime, runtime, runtime));
			assertThat(owned).isEmpty();
		}

		@Test
		void runtimeRoleHasNoTruncateOnAnyTable() throws SQLException {
			List<String> truncatable = asSuperuser(c -> strings(c, """
					select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
					where n.nspname = 'app' and c.relkind in ('r', 'p')
					  and has_table_privilege(?, c.oid, 'TRUNCATE')
					order by 1""", scratch.roles().runtime()));
			assertThat(truncatable).isEmpty();
		}

		@Test
		void runtimeRoleHasNoPrivilegeOnTablesWithoutRowLevelSecurity() throws SQLException {
			List<String> open = asSuperuser(c -> strings(c, """
					select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
					where n.nspname = 'app' and c.relkind in ('r', 'p')
					  and not (c.relrowsecurity and c.relforcerowsecurity)
					  and has_table_privilege(?, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
					order by 1""", scratch.roles().runtime()));
			assertThat(open).isEmpty();
		}

		@Test
		void runtimeRoleCannotCreateObjects() throws SQLException {
			String runtime = scratch.roles().runtime();
			List<String[]> rights = asSuperuser(c -> rows(c, """
					select has_schema_privilege(?, 'app', 'CREATE')::text,
					       has_schema_privilege(?, 'public', 'CREATE')::text,
					       has_database_privilege(?, current_database(), 'CREATE')::text""", runtime, runtime,
					runtime));
			assertThat(rights.get(0)).as("create on schema app, schema public, database")
				.containsExactly("false", "false", "false");
		}

		@Test
		void viewsRunWithTheCallersRights() throws SQLException {
			List<String> offenders = asSuperuser(c -> viewsWithoutSecurityInvoker(c, "app"));
			assertThat(offenders).isEmpty();
		}

		@Test
		void securityDefinerFunctionsPinTheirSearchPathAndAreNotPublic() throws SQLException {
			List<String> offenders = asSuperuser(c -> unsafeSecurityDefinerFunctions(c, "app"));
			assertThat(offenders).isEmpty();
		}

		@Test
		void theViewAndFunctionChecksDetectUnsafeObjects() throws SQLException {
			// app has no views or SECURITY DEFINER functions yet: prove the two checks above would notice.
			List<List<String>> found = asSuperuser(c -> {
				try (Statement st = c.createStatement()) {
					st.execute("create schema selftest");
					st.execute("create table selftest.t (tenant_id uuid)");
					st.execute("create view selftest.definer_view as select * from selftest.t");
					st.execute("create view selftest.invoker_view with (security_invoker = true) as select * from selftest.t");
					st.execute("create function selftest.open_definer() returns int language sql security definer as 'select 1'");
					st.execute("""
							create function selftest.pinned_definer() returns int language sql security definer
							set search_path = pg_catalog, pg_temp as 'select 1'""");
					st.execute("revoke execute on function selftest.pinned_definer() from public");
				}
				try {
					return List.of(viewsWithoutSecurityInvoker(c, "selftest"), unsafeSecurityDefinerFunctions(c, "selftest"));
				}
				finally {
					try (Statement st = c.createStatement()) {
						st.execute("drop schema selftest cascade");
					}
				}
			});
			assertThat(found.get(0)).containsExactly("definer_view");
			assertThat(found.get(1)).containsExactly("selftest.open_definer()");
		}

		@Test
		void platformRoleHasNoPrivilegeOnTenantData() throws SQLException {
			List<String> readable = asSuperuser(c -> strings(c, """
					select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
					where n.nspname = 'app' and c.relkind in ('r', 'p', 'v', 'm')
					  and has_table_privilege(?, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')
					order by 1""", scratch.roles().platform()));
			assertThat(readable).isNotEmpty().isSubsetOf(PLATFORM_READABLE);
		}

	}

	// ------------------------------------------------------------------------------------------------
	// Tenant A against tenant B, as the runtime role
	// ------------------------------------------------------------------------------------------------

	@Nested
	@DisplayName("runtime role bound to tenant A")
	class RuntimeRoleBoundToTenantA {

		@ParameterizedTest(name = "{0}")
		@MethodSource("io.sokoni.db.SchemaIsolationIT#fixtureTables")
		void runtimeRoleCannotReadAnotherTenantsRows(String table) throws SQLException {
			TableFixture f = FIXTURES.get(table);
			String keyQuery = "select count(*) from app." + table + " where " + f.keyColumn() + " = ?";
			if (!runtimeMay("SELECT", table)) {
				assertPermissionDenied(failureAsTenant(tenantA.id(), c -> count(c, keyQuery, tenantB.key(table))));
				return;
			}
			assertThat(tenantCount(tenantA.id(), c -> count(c, keyQuery, tenantA.key(table)))).as("A's own row").isEqualTo(1);
			assertThat(tenantCount(tenantA.id(), c -> count(c, keyQuery, tenantB.key(table)))).as("B's row").isZero();
			assertThat(tenantCount(tenantA.id(), c -> count(c, "select count(*) from app." + table + " where "
					+ f.tenantColumn() + " <> ?", tenantA.id()))).as("rows of any other tenant").isZero();
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("io.sokoni.db.SchemaIsolationIT#fixtureTables")
		void runtimeRoleCannotUpdateAnotherTenantsRows(String table) throws SQLException {
			TableFixture f = FIXTURES.get(table);
			String touch = "update app." + table + " set " + f.keyColumn() + " = " + f.keyColumn() + " where "
					+ f.keyColumn() + " = ?";
			if (!runtimeMay("UPDATE", table)) {
				assertPermissionDenied(failureAsTenant(tenantA.id(), c -> update(c, touch, tenantB.key(table))));
				return;
			}
			assertThat(updateRolledBack(tenantA.id(), c -> update(c, touch, tenantA.key(table)))).as("A's own row")
				.isEqualTo(1);
			assertThat(updateCommitted(tenantA.id(), c -> update(c, touch, tenantB.key(table)))).as("B's row").isZero();
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("io.sokoni.db.SchemaIsolationIT#fixtureTables")
		void runtimeRoleCannotDeleteAnotherTenantsRows(String table) throws SQLException {
			TableFixture f = FIXTURES.get(table);
			String delete = "delete from app." + table + " where " + f.keyColumn() + " = ?";
			if (!runtimeMay("DELETE", table)) {
				assertPermissionDenied(failureAsTenant(tenantA.id(), c -> update(c, delete, tenantB.key(table))));
			}
			else {
				assertThat(updateCommitted(tenantA.id(), c -> update(c, delete, tenantB.key(table)))).as("B's row").isZero();
			}
			assertThat(superuserCount(c -> count(c, "select count(*) from app." + table + " where " + f.keyColumn()
					+ " = ?", tenantB.key(table)))).as("B's row afterwards").isEqualTo(1);
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("io.sokoni.db.SchemaIsolationIT#fixtureTables")
		void runtimeRoleCannotInsertRowsOfAnotherTenant(String table) throws SQLException {
			TableFixture f = FIXTURES.get(table);
			SQLException failure = failureAsTenant(tenantA.id(), c -> {
				f.writer().insert(c, tenantB, UUID.randomUUID());
				return null;
			});
			if (runtimeMay("INSERT", table)) {
				assertRowLevelSecurityViolation(failure);
			}
			else {
				assertPermissionDenied(failure);
			}
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("io.sokoni.db.SchemaIsolationIT#fixtureTables")
		void runtimeRoleCannotMoveItsRowsToAnotherTenant(String table) throws SQLException {
			TableFixture f = FIXTURES.get(table);
			SQLException failure = failureAsTenant(tenantA.id(), c -> update(c, "update app." + table + " set "
					+ f.tenantColumn() + " = ? where " + f.keyColumn() + " = ?", tenantB.id(), tenantA.key(table)));
			if (runtimeMay("UPDATE", table)) {
				assertRowLevelSecurityViolation(failure);
			}
			else {
				assertPermissionDenied(failure);
			}
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("io.sokoni.db.SchemaIsolationIT#fixtureTables")
		void runtimeRoleCannotTruncate(String table) throws SQLException {
			assertPermissionDenied(failureAsTenant(tenantA.id(), c -> update(c, "truncate app." + table)));
			assertThat(superuserCount(c -> count(c, "select count(*) from app." + table))).isGreaterThanOrEqualTo(2);
		}

		@Test
		void compositeForeignKeyRejectsAnotherTenantsUser() throws SQLException {
			String invite = """
					insert into app.staff_invites (tenant_id, id, email, role, token_hash, invited_by, user_id, expires_at)
					values (?, ?, 'new@example.com', 'staff', ?, ?, ?, now() + interval '7 days')""";
			// Control: the same invite pointing at A's own user is accepted.
			assertThat(updateRolledBack(tenantA.id(), c -> update(c, invite, tenantA.id(), UUID.randomUUID(), "h1",
					tenantA.userId(), null))).isEqualTo(1);
			assertThat(failureAsTenant(tenantA.id(), c -> update(c, invite, tenantA.id(), UUID.randomUUID(), "h2",
					tenantB.userId(), null)).getSQLState()).as("invited_by = B's user").isEqualTo("23503");
			assertThat(failureAsTenant(tenantA.id(), c -> update(c, invite, tenantA.id(), UUID.randomUUID(), "h3",
					tenantA.userId(), tenantB.userId())).getSQLState()).as("user_id = B's user").isEqualTo("23503");
		}

	}

	// ------------------------------------------------------------------------------------------------
	// No tenant bound: fail closed, without errors
	// ------------------------------------------------------------------------------------------------

	@Nested
	@DisplayName("runtime role with no tenant bound")
	class NoTenantBound {

		@ParameterizedTest(name = "{0}")
		@MethodSource("io.sokoni.db.SchemaIsolationIT#fixtureTables")
		void freshConnectionSeesNoRows(String table) throws SQLException {
			if (!runtimeMay("SELECT", table)) {
				assertPermissionDenied(failure(() -> countWithoutTenant(table)));
				return;
			}
			assertThat(superuserCount(c -> count(c, "select count(*) from app." + table))).as("rows present")
				.isGreaterThanOrEqualTo(2);
			try (Connection c = connect(scratch.roles().runtime())) {
				assertThat(count(c, "select count(*) from app." + table)).as("autocommit").isZero();
				c.setAutoCommit(false);
				assertThat(count(c, "select count(*) from app." + table)).as("transaction").isZero();
				c.rollback();
			}
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("io.sokoni.db.SchemaIsolationIT#fixtureTables")
		void reusedConnectionSeesNoRowsAfterATenantTransaction(String table) throws SQLException {
			if (!runtimeMay("SELECT", table)) {
				assertPermissionDenied(failure(() -> countWithoutTenant(table)));
				return;
			}
			String countAll = "select count(*) from app." + table;
			try (Connection c = connect(scratch.roles().runtime())) {
				c.setAutoCommit(false);
				bind(c, tenantA.id().toString());
				assertThat(count(c, countAll)).as("bound to A").isEqualTo(1);
				c.commit();
				bind(c, tenantB.id().toString());
				assertThat(count(c, countAll)).as("bound to B").isEqualTo(1);
				c.rollback();
				// The transaction-local setting has ended: the session now reports '' rather than NULL.
				assertThat(string(c, "select current_setting('app.tenant_id', true)")).isEmpty();
				assertThat(count(c, countAll)).as("next transaction, nothing bound").isZero();
				c.commit();
				bind(c, "");
				assertThat(count(c, countAll)).as("bound to the empty tenant").isZero();
				c.commit();
				c.setAutoCommit(true);
				assertThat(count(c, countAll)).as("autocommit").isZero();
			}
		}

		private static long countWithoutTenant(String table) throws SQLException {
			try (Connection c = connect(scratch.roles().runtime())) {
				return count(c, "select count(*) from app." + table);
			}
		}

		@Test
		void localBindingOutsideATransactionEndsWithItsStatement() throws SQLException {
			try (Connection c = connect(scratch.roles().runtime())) {
				bind(c, tenantA.id().toString());
				assertThat(count(c, "select count(*) from app.stores")).isZero();
			}
		}

	}

	// ------------------------------------------------------------------------------------------------
	// The platform role
	// ------------------------------------------------------------------------------------------------

	@Nested
	@DisplayName("platform role")
	class PlatformRole {

		@ParameterizedTest(name = "{0}")
		@MethodSource("io.sokoni.db.SchemaIsolationIT#tenantDataTables")
		void platformRoleCannotReadTenantData(String table) throws SQLException {
			SQLException failure = failure(() -> asPlatform(c -> count(c, "select count(*) from app." + table)));
			assertPermissionDenied(failure);
		}

		@Test
		void platformRoleCannotReadOutboxPayloads() throws SQLException {
			assertPermissionDenied(failure(() -> asPlatform(c -> count(c,
					"select count(payload) from app.outbox_events"))));
			assertThat(platformCount(c -> count(c, "select count(id) from app.outbox_events where tenant_id = any (?)",
					(Object) new Object[] { tenantA.id(), tenantB.id() }))).isEqualTo(2);
		}

		@Test
		void platformRoleReadsOnlyTheKeysAndTimesItsJobsNeed() throws SQLException {
			// The cart-abandonment, reservation-expiry, key-purge and import sweep jobs find due rows across
			// tenants; nothing else.
			assertPermissionDenied(failure(() -> asPlatform(c -> count(c, "select count(token_hash) from app.carts"))));
			assertPermissionDenied(failure(() -> asPlatform(c -> count(c, "select count(customer_id) from app.carts"))));
			assertPermissionDenied(failure(() -> asPlatform(c -> count(c,
					"select count(variant_id) from app.inventory_reservations"))));
			assertPermissionDenied(failure(() -> asPlatform(c -> count(c, "update app.carts set status = 'abandoned'"))));
			assertThat(platformCount(c -> count(c, "select count(id) from app.carts where tenant_id = any (?)",
					(Object) new Object[] { tenantA.id(), tenantB.id() }))).isEqualTo(2);
			// The idempotency-key purge: a key's age, never the request or the answer it stored.
			for (String column : List.of("idempotency_key", "request_hash", "response_body", "scope")) {
				assertPermissionDenied(failure(() -> asPlatform(c -> count(c,
						"select count(" + column + ") from app.idempotency_keys"))));
			}
			assertPermissionDenied(failure(() -> asPlatform(c -> count(c,
					"update app.idempotency_keys set created_at = now()"))));
			assertThat(platformCount(c -> count(c,
					"select count(created_at) from app.idempotency_keys where tenant_id = any (?)",
					(Object) new Object[] { tenantA.id(), tenantB.id() }))).isEqualTo(2);
			// The interrupted-import sweep: an import's status and heartbeat, never its rows, errors or author.
			for (String column : List.of("errors", "created_by", "store_id", "total_rows")) {
				assertPermissionDenied(failure(() -> asPlatform(c -> count(c,
						"select count(" + column + ") from app.catalog_imports"))));
			}
			assertPermissionDenied(failure(() -> asPlatform(c -> count(c,
					"update app.catalog_imports set saved_rows = 0"))));
			assertThat(platformCount(c -> count(c,
					"select count(heartbeat_at) from app.catalog_imports where status = 'running' and tenant_id = any (?)",
					(Object) new Object[] { tenantA.id(), tenantB.id() }))).isEqualTo(2);
		}

		@Test
		void platformRoleReadsOnlyThePaymentKeysItsJobsNeed() throws SQLException {
			// The payment reconciler: an attempt's status and schedule, never the phone, amount or Daraja ids.
			for (String column : List.of("phone", "amount_shillings", "checkout_request_id", "payment_id")) {
				assertPermissionDenied(failure(() -> asPlatform(c -> count(c,
						"select count(" + column + ") from app.payment_attempts"))));
			}
			assertPermissionDenied(failure(() -> asPlatform(c -> count(c,
					"update app.payment_attempts set status = 'failed'"))));
			assertThat(platformCount(c -> count(c,
					"select count(next_query_at) from app.payment_attempts where tenant_id = any (?)",
					(Object) new Object[] { tenantA.id(), tenantB.id() }))).isEqualTo(2);
			// The raw-callback pruning: a callback's age, never its body.
			assertPermissionDenied(failure(() -> asPlatform(c -> count(c, "select count(body) from app.payment_callbacks"))));
			assertPermissionDenied(failure(() -> asPlatform(c -> count(c,
					"update app.payment_callbacks set outcome = 'x'"))));
			// The callback sweep: a callback's schedule, never the attempt nonce of its URL; it claims one bound
			// to the tenant, not as the platform role.
			assertPermissionDenied(failure(() -> asPlatform(c -> count(c, "select count(url_nonce) from app.payment_callbacks"))));
			assertPermissionDenied(failure(() -> asPlatform(c -> count(c,
					"update app.payment_callbacks set apply_due_at = now()"))));
			assertThat(platformCount(c -> count(c,
					"select count(*) from app.payment_callbacks where apply_due_at is null and tenant_id = any (?)",
					(Object) new Object[] { tenantA.id(), tenantB.id() }))).isEqualTo(2);
			// Payments themselves stay out of its reach.
			assertPermissionDenied(failure(() -> asPlatform(c -> count(c, "select count(*) from app.payments"))));
		}

		@Test
		void platformRoleReadsOnlyTheWhatsAppKeysItsJobsNeed() throws SQLException {
			// The notification sender's claim query: schedule and keys, never the text or the recipient.
			for (String column : List.of("body", "to_wa_id", "notification_key")) {
				assertPermissionDenied(failure(() -> asPlatform(c -> count(c,
						"select count(" + column + ") from app.whatsapp_notifications"))));
			}
			assertPermissionDenied(failure(() -> asPlatform(c -> count(c,
					"update app.whatsapp_notifications set status = 'parked'"))));
			assertThat(platformCount(c -> count(c,
					"select count(next_attempt_at) from app.whatsapp_notifications where tenant_id = any (?)",
					(Object) new Object[] { tenantA.id(), tenantB.id() }))).isEqualTo(2);
			// The webhook's routing table and raw deliveries are platform tables; conversations are not.
			assertThat(platformCount(c -> count(c,
					"select count(*) from app.whatsapp_phone_numbers where tenant_id = any (?)",
					(Object) new Object[] { tenantA.id(), tenantB.id() }))).isEqualTo(2);
			for (String table : List.of("whatsapp_threads", "whatsapp_messages", "whatsapp_message_statuses",
					"whatsapp_accounts", "whatsapp_notification_settings")) {
				assertPermissionDenied(failure(() -> asPlatform(c -> count(c, "select count(*) from app." + table))));
			}
		}

		@Test
		void platformRoleReadsOnlyTheInsightRefreshQueue() throws SQLException {
			assertPermissionDenied(failure(() -> asPlatform(c -> count(c,
					"select count(refreshed_at) from app.insight_refresh_state"))));
			assertPermissionDenied(failure(() -> asPlatform(c -> count(c,
					"update app.insight_refresh_state set dirty_from = null"))));
			assertThat(platformCount(c -> count(c,
					"select count(dirty_from) from app.insight_refresh_state where tenant_id = any (?)",
					(Object) new Object[] { tenantA.id(), tenantB.id() }))).isEqualTo(2);
		}

		@Test
		void tenantDataTablesIncludeUsersAndStores() throws SQLException {
			assertThat(tenantDataTables()).contains("users", "stores");
		}

		@Test
		void platformRoleReadsTenantsAndDomainsOfAllTenants() throws SQLException {
			Object[] both = { tenantA.id(), tenantB.id() };
			assertThat(platformCount(c -> count(c, "select count(*) from app.tenants where id = any (?)",
					(Object) both))).isEqualTo(2);
			assertThat(platformCount(c -> count(c, "select count(*) from app.store_domains where tenant_id = any (?)",
					(Object) both))).isEqualTo(2);
			assertThat(platformCount(c -> count(c,
					"select count(*) from app.tenant_db_routing where tenant_id = any (?)", (Object) both)))
				.isEqualTo(2);
		}

	}

	// ------------------------------------------------------------------------------------------------
	// Parameter sources
	// ------------------------------------------------------------------------------------------------

	/** Every table with a fixture: the tenant tables of the catalog and app.tenants. */
	static Stream<String> fixtureTables() {
		return FIXTURES.keySet().stream();
	}

	/** Tenant tables holding tenant data, as opposed to the routing tables the platform role needs. */
	static List<String> tenantDataTables() throws SQLException {
		return tenantTables().stream().filter(t -> !PLATFORM_READABLE.contains(t)).toList();
	}

	static List<String> tenantTablesWithoutPartitions() throws SQLException {
		return asSuperuser(c -> strings(c, """
				select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
				where n.nspname = 'app' and c.relkind in ('r', 'p') and not c.relispartition
				  and exists (select 1 from pg_attribute a
				              where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
				order by 1"""));
	}

	/** Tenant tables and their partitions. */
	static List<String> tenantTables() throws SQLException {
		return asSuperuser(c -> strings(c, """
				select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
				where n.nspname = 'app' and c.relkind in ('r', 'p')
				  and exists (select 1 from pg_attribute a
				              where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
				order by 1"""));
	}

	// ------------------------------------------------------------------------------------------------
	// Fixtures
	// ------------------------------------------------------------------------------------------------

	/** One tenant's rows: the key of its row in each table. */
	record Tenant(UUID id, UUID storeId, UUID userId, Map<String, UUID> keys) {

		UUID key(String table) {
			return keys.get(table);
		}

	}

	@FunctionalInterface
	interface RowWriter {

		/** Inserts a valid row of {@code owner} with key {@code id} (ignored where the key is the tenant). */
		void insert(Connection c, Tenant owner, UUID id) throws SQLException;

	}

	/**
	 * How to write one row of a tenant table.
	 * @param keyColumn    identifies one row
	 * @param tenantColumn the column the policy compares with the bound tenant
	 */
	record TableFixture(String table, String keyColumn, String tenantColumn, RowWriter writer) {
	}

	private static Map<String, TableFixture> fixtures() {
		Map<String, TableFixture> all = new LinkedHashMap<>();
		all.put("tenants", new TableFixture("tenants", "id", "id", (c, t, id) -> update(c,
				"insert into app.tenants (id, slug, name) values (?, ?, 'Tenant')", t.id(), "t-" + hex(t.id()))));
		all.put("stores", new TableFixture("stores", "id", "tenant_id", (c, t, id) -> update(c,
				"insert into app.stores (tenant_id, id, slug, name) values (?, ?, ?, 'Store')", t.id(), id,
				"s-" + hex(id))));
		all.put("users", new TableFixture("users", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.users (tenant_id, id, email, full_name, password_hash, role)
				values (?, ?, ?, 'Someone', 'x', 'owner')""", t.id(), id, "u-" + hex(id) + "@example.com")));
		all.put("staff_invites", new TableFixture("staff_invites", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.staff_invites (tenant_id, id, email, role, token_hash, invited_by, expires_at)
				values (?, ?, ?, 'staff', ?, ?, now() + interval '7 days')""", t.id(), id,
				"i-" + hex(id) + "@example.com", "hash-" + id, t.userId())));
		all.put("audit_log", new TableFixture("audit_log", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.audit_log (tenant_id, id, actor_type, action) values (?, ?, 'system', 'test.seed')""",
				t.id(), id)));
		all.put("store_domains", new TableFixture("store_domains", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.store_domains (id, tenant_id, store_id, host, kind, verification_status,
				                               verification_token)
				values (?, ?, ?, ?, 'platform', 'verified', 'token')""", id, t.id(), t.storeId(),
				"d-" + hex(id) + ".sokoni.test")));
		all.put("tenant_db_routing", new TableFixture("tenant_db_routing", "tenant_id", "tenant_id",
				(c, t, id) -> update(c, "insert into app.tenant_db_routing (tenant_id, db_connection_id) values (?, ?)",
						t.id(), sharedDatabaseId)));
		all.put("categories", new TableFixture("categories", "id", "tenant_id", (c, t, id) -> update(c,
				"insert into app.categories (tenant_id, id, name, slug) values (?, ?, 'Category', ?)", t.id(), id,
				"c-" + hex(id))));
		all.put("products", new TableFixture("products", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.products (tenant_id, id, store_id, name, slug, base_price_cents, currency)
				values (?, ?, ?, 'Product', ?, 1000, 'KES')""", t.id(), id, t.storeId(), "p-" + hex(id))));
		all.put("product_variants", new TableFixture("product_variants", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.product_variants (tenant_id, id, product_id, sku, price_cents)
				values (?, ?, ?, ?, 1000)""", t.id(), id, t.key("products"), "SKU-" + hex(id))));
		all.put("product_images", new TableFixture("product_images", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.product_images (tenant_id, id, product_id, url)
				values (?, ?, ?, 'https://img.example/p.jpg')""", t.id(), id, t.key("products"))));
		all.put("store_locations", new TableFixture("store_locations", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.store_locations (tenant_id, id, store_id, code, name)
				values (?, ?, ?, ?, 'Main')""", t.id(), id, t.storeId(), "L-" + hex(id))));
		// One level per variant in these fixtures, so the variant identifies the row.
		all.put("inventory_levels", new TableFixture("inventory_levels", "variant_id", "tenant_id",
				(c, t, id) -> update(c, """
						insert into app.inventory_levels (tenant_id, variant_id, location_id, on_hand)
						values (?, ?, ?, 5)""", t.id(), t.key("product_variants"), t.key("store_locations"))));
		all.put("inventory_movements", new TableFixture("inventory_movements", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.inventory_movements (tenant_id, id, variant_id, location_id, reason, on_hand_change,
				                                     on_hand_after, reserved_after, actor_type)
				values (?, ?, ?, ?, 'set', 5, 5, 0, 'system')""", t.id(), id, t.key("product_variants"),
				t.key("store_locations"))));
		all.put("outbox_events", new TableFixture("outbox_events", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.outbox_events (tenant_id, id, aggregate_type, aggregate_id, event_type)
				values (?, ?, 'product', ?, 'product.changed')""", t.id(), id, t.key("products"))));
		all.put("catalog_imports", new TableFixture("catalog_imports", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.catalog_imports (tenant_id, id, store_id, format, mode)
				values (?, ?, ?, 'json', 'valid_only')""", t.id(), id, t.storeId())));
		all.put("idempotency_keys", new TableFixture("idempotency_keys", "id", "tenant_id", (c, t, id) -> update(c,
				"insert into app.idempotency_keys (tenant_id, id, scope, idempotency_key, request_hash) values (?, ?, 'test', ?, 'h')",
				t.id(), id, "key-" + id)));
		all.put("customers", new TableFixture("customers", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.customers (tenant_id, id, phone, name) values (?, ?, '+254712345678', 'Wanjiru')""",
				t.id(), id)));
		all.put("customer_addresses", new TableFixture("customer_addresses", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.customer_addresses (tenant_id, id, customer_id, city_area) values (?, ?, ?, 'Kilimani')""",
				t.id(), id, t.key("customers"))));
		all.put("delivery_zones", new TableFixture("delivery_zones", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.delivery_zones (tenant_id, id, store_id, name, fee_cents, eta_minutes)
				values (?, ?, ?, 'Westlands', 20000, 90)""", t.id(), id, t.storeId())));
		// One area per zone in these fixtures, so the zone identifies the row.
		all.put("delivery_zone_areas", new TableFixture("delivery_zone_areas", "zone_id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.delivery_zone_areas (tenant_id, zone_id, store_id, area_key, area_name)
				values (?, ?, ?, 'westlands', 'Westlands')""", t.id(), t.key("delivery_zones"), t.storeId())));
		all.put("delivery_partners", new TableFixture("delivery_partners", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.delivery_partners (tenant_id, id, store_id, name, provider)
				values (?, ?, ?, 'Riders', 'own_riders')""", t.id(), id, t.storeId())));
		all.put("price_rules", new TableFixture("price_rules", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.price_rules (tenant_id, id, store_id, name, kind, percent_off, scope)
				values (?, ?, ?, 'Ten off', 'percentage', 10, 'storewide')""", t.id(), id, t.storeId())));
		all.put("coupons", new TableFixture("coupons", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.coupons (tenant_id, id, store_id, price_rule_id, code) values (?, ?, ?, ?, 'KARIBU10')""",
				t.id(), id, t.storeId(), t.key("price_rules"))));
		all.put("carts", new TableFixture("carts", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.carts (tenant_id, id, store_id, token_hash, currency, expires_at)
				values (?, ?, ?, ?, 'KES', now() + interval '7 days')""", t.id(), id, t.storeId(), "hash-" + id)));
		all.put("cart_items", new TableFixture("cart_items", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.cart_items (tenant_id, id, cart_id, product_id, variant_id, quantity, unit_price_cents)
				values (?, ?, ?, ?, ?, 1, 1000)""", t.id(), id, t.key("carts"), t.key("products"),
				t.key("product_variants"))));
		all.put("delivery_quotes", new TableFixture("delivery_quotes", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.delivery_quotes (tenant_id, id, cart_id, zone_id, city_area, subtotal_cents, fee_cents,
				                                 eta_minutes, rule_applied, expires_at)
				values (?, ?, ?, ?, 'Westlands', 1000, 20000, 90, 'zone_fee', now() + interval '15 minutes')""",
				t.id(), id, t.key("carts"), t.key("delivery_zones"))));
		all.put("checkout_abandonment_reasons", new TableFixture("checkout_abandonment_reasons", "id", "tenant_id",
				(c, t, id) -> update(c, """
						insert into app.checkout_abandonment_reasons (tenant_id, id, cart_id, reason)
						values (?, ?, ?, 'delivery_cost')""", t.id(), id, t.key("carts"))));
		all.put("order_counters", new TableFixture("order_counters", "tenant_id", "tenant_id", (c, t, id) -> update(c,
				"insert into app.order_counters (tenant_id, last_number) values (?, 1000)", t.id())));
		all.put("orders", new TableFixture("orders", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.orders (tenant_id, id, store_id, order_number, customer_id, cart_id, status, channel,
				                        currency, subtotal_cents, delivery_fee_cents, discount_cents, total_cents,
				                        payment_method, customer_phone, customer_name, delivery_city_area)
				values (?, ?, ?, 1001, ?, ?, 'pending', 'web', 'KES', 1000, 20000, 0, 21000, 'cod', '+254712345678',
				        'Wanjiru', 'Westlands')""", t.id(), id, t.storeId(), t.key("customers"), t.key("carts"))));
		all.put("order_items", new TableFixture("order_items", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.order_items (tenant_id, id, order_id, product_id, variant_id, sku, name_snapshot,
				                             quantity, unit_price_cents, line_total_cents)
				values (?, ?, ?, ?, ?, 'SKU-1', 'Product', 1, 1000, 1000)""", t.id(), id, t.key("orders"),
				t.key("products"), t.key("product_variants"))));
		all.put("order_status_history", new TableFixture("order_status_history", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.order_status_history (tenant_id, id, order_id, to_status, actor_type)
				values (?, ?, ?, 'pending', 'customer')""", t.id(), id, t.key("orders"))));
		all.put("coupon_redemptions", new TableFixture("coupon_redemptions", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.coupon_redemptions (tenant_id, id, coupon_id, customer_id, order_id) values (?, ?, ?, ?, ?)""",
				t.id(), id, t.key("coupons"), t.key("customers"), t.key("orders"))));
		all.put("inventory_reservations", new TableFixture("inventory_reservations", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.inventory_reservations (tenant_id, id, order_id, variant_id, location_id, quantity)
				values (?, ?, ?, ?, ?, 1)""", t.id(), id, t.key("orders"), t.key("product_variants"),
				t.key("store_locations"))));
		all.put("delivery_orders", new TableFixture("delivery_orders", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.delivery_orders (tenant_id, id, order_id, partner_id) values (?, ?, ?, ?)""",
				t.id(), id, t.key("orders"), t.key("delivery_partners"))));
		all.put("mpesa_accounts", new TableFixture("mpesa_accounts", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.mpesa_accounts (tenant_id, id, environment, account_type, business_shortcode,
				                                consumer_key_ciphertext, consumer_key_hint, consumer_secret_ciphertext,
				                                passkey_ciphertext)
				values (?, ?, 'sandbox', 'paybill', '174379', '\\x01', 'ab12', '\\x02', '\\x03')""", t.id(), id)));
		all.put("payments", new TableFixture("payments", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.payments (tenant_id, id, order_id, method, status, amount_cents, currency, phone)
				values (?, ?, ?, 'mpesa_stk', 'pending', 21000, 'KES', '+254712345678')""", t.id(), id, t.key("orders"))));
		all.put("payment_attempts", new TableFixture("payment_attempts", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.payment_attempts (tenant_id, id, payment_id, order_id, nonce, phone, amount_shillings,
				                                  status, next_query_at)
				values (?, ?, ?, ?, ?, '254712345678', 210, 'pending', now())""", t.id(), id, t.key("payments"),
				t.key("orders"), "nonce-" + id.toString().replace("-", ""))));
		all.put("payment_callbacks", new TableFixture("payment_callbacks", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.payment_callbacks (tenant_id, id, kind, body) values (?, ?, 'stk', '{}')""", t.id(), id)));
		all.put("payment_audit", new TableFixture("payment_audit", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.payment_audit (tenant_id, id, payment_id, event_type, actor_type)
				values (?, ?, ?, 'initiated', 'system')""", t.id(), id, t.key("payments"))));
		all.put("cod_collections", new TableFixture("cod_collections", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.cod_collections (tenant_id, id, order_id, payment_id, amount_cents, currency,
				                                 collector_kind, collector_name)
				values (?, ?, ?, ?, 21000, 'KES', 'rider', 'Otieno')""", t.id(), id, t.key("orders"), t.key("payments"))));
		all.put("refunds", new TableFixture("refunds", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.refunds (tenant_id, id, order_id, payment_id, amount_cents, currency, method, status)
				values (?, ?, ?, ?, 100, 'KES', 'manual', 'processed')""", t.id(), id, t.key("orders"), t.key("payments"))));
		all.put("payment_callback_tokens", new TableFixture("payment_callback_tokens", "id", "tenant_id",
				(c, t, id) -> update(c, """
						insert into app.payment_callback_tokens (id, tenant_id, token_hash, token_ciphertext)
						values (?, ?, sha256(?::bytea), '\\x01')""", id, t.id(), id.toString())));
		// WhatsApp (V40). One row per tenant where the key is the tenant (phone numbers, accounts, settings,
		// statuses), so the tenant identifies the row.
		all.put("whatsapp_phone_numbers", new TableFixture("whatsapp_phone_numbers", "tenant_id", "tenant_id",
				(c, t, id) -> update(c, "insert into app.whatsapp_phone_numbers (phone_number_id, tenant_id) values (?, ?)",
						digits(t.id()), t.id())));
		all.put("whatsapp_accounts", new TableFixture("whatsapp_accounts", "tenant_id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.whatsapp_accounts (tenant_id, phone_number_id, waba_id, display_number,
				                                   access_token_ciphertext)
				values (?, ?, '1234567890', '+254711000000', '\\x01')""", t.id(), digits(t.id()))));
		all.put("whatsapp_notification_settings", new TableFixture("whatsapp_notification_settings", "tenant_id",
				"tenant_id", (c, t, id) -> update(c, """
						insert into app.whatsapp_notification_settings (tenant_id, kind, enabled, template_name,
						                                                template_language)
						values (?, 'order_placed', true, 'order_placed', 'en')""", t.id())));
		all.put("whatsapp_threads", new TableFixture("whatsapp_threads", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.whatsapp_threads (tenant_id, id, customer_id, wa_id, cart_id, last_inbound_at)
				values (?, ?, ?, '+254712345678', ?, now())""", t.id(), id, t.key("customers"), t.key("carts"))));
		all.put("whatsapp_messages", new TableFixture("whatsapp_messages", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.whatsapp_messages (tenant_id, id, thread_id, direction, wamid, kind, body, status)
				values (?, ?, ?, 'inbound', ?, 'text', 'Hi', 'received')""", t.id(), id, t.key("whatsapp_threads"),
				"wamid." + hex(id))));
		all.put("whatsapp_message_statuses", new TableFixture("whatsapp_message_statuses", "tenant_id", "tenant_id",
				(c, t, id) -> update(c, """
						insert into app.whatsapp_message_statuses (tenant_id, wamid, status, rank, occurred_at)
						values (?, 'wamid.out', 'delivered', 2, now())""", t.id())));
		all.put("whatsapp_notifications", new TableFixture("whatsapp_notifications", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.whatsapp_notifications (tenant_id, id, notification_key, kind, order_id, thread_id,
				                                        to_wa_id, body, message_id)
				values (?, ?, ?, 'order_placed', ?, ?, '+254712345678', 'Thanks', ?)""", t.id(), id, "order:" + id,
				t.key("orders"), t.key("whatsapp_threads"), t.key("whatsapp_messages"))));
		// SEO (V55): pages by slug and the store's SEO defaults (one row per store, keyed by the store).
		all.put("seo_pages", new TableFixture("seo_pages", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.seo_pages (tenant_id, id, store_id, kind, slug, title, structured_data)
				values (?, ?, ?, 'blog', ?, 'A page', '{"@type": "Article"}'::jsonb)""", t.id(), id, t.storeId(),
				"p-" + hex(id))));
		all.put("store_seo_settings", new TableFixture("store_seo_settings", "store_id", "tenant_id",
				(c, t, id) -> update(c, """
						insert into app.store_seo_settings (tenant_id, store_id, title_template, robots_policy)
						values (?, ?, '{title} | Store', 'index')""", t.id(), t.storeId())));
		all.put("insight_events", new TableFixture("insight_events", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.insight_events (tenant_id, id, occurred_at, store_id, event_type, source, session_id)
				values (?, ?, now(), ?, 'page_view', 'storefront', 'session-1')""", t.id(), id, t.storeId())));
		all.put("insight_refresh_state", new TableFixture("insight_refresh_state", "tenant_id", "tenant_id",
				(c, t, id) -> update(c, "insert into app.insight_refresh_state (tenant_id, dirty_from) values (?, now())",
						t.id())));
		// One row of each daily aggregate per tenant in these fixtures, so the store identifies it.
		all.put("insight_daily_funnel", new TableFixture("insight_daily_funnel", "store_id", "tenant_id",
				(c, t, id) -> update(c, """
						insert into app.insight_daily_funnel (tenant_id, store_id, day, channel, city_area, page_views)
						values (?, ?, current_date, 'web', '', 1)""", t.id(), t.storeId())));
		all.put("insight_daily_products", new TableFixture("insight_daily_products", "store_id", "tenant_id",
				(c, t, id) -> update(c, """
						insert into app.insight_daily_products (tenant_id, store_id, day, product_id, views)
						values (?, ?, current_date, ?, 1)""", t.id(), t.storeId(), t.key("products"))));
		all.put("insight_daily_searches", new TableFixture("insight_daily_searches", "store_id", "tenant_id",
				(c, t, id) -> update(c, """
						insert into app.insight_daily_searches (tenant_id, store_id, day, query, searches, empty)
						values (?, ?, current_date, 'shoes', 1, 1)""", t.id(), t.storeId())));
		all.put("insight_daily_abandonments", new TableFixture("insight_daily_abandonments", "store_id", "tenant_id",
				(c, t, id) -> update(c, """
						insert into app.insight_daily_abandonments (tenant_id, store_id, day, reason, city_area, carts)
						values (?, ?, current_date, 'delivery_cost', 'kilimani', 1)""", t.id(), t.storeId())));
		all.put("insight_daily_sessions", new TableFixture("insight_daily_sessions", "store_id", "tenant_id",
				(c, t, id) -> update(c, """
						insert into app.insight_daily_sessions (tenant_id, store_id, day, sessions, product_view_sessions)
						values (?, ?, current_date, 1, 1)""", t.id(), t.storeId())));
		all.put("insight_cards", new TableFixture("insight_cards", "id", "tenant_id", (c, t, id) -> update(c, """
				insert into app.insight_cards (tenant_id, id, store_id, rule, card_key, category, severity, title, body,
				                               metric_snapshot)
				values (?, ?, ?, 'searches_without_results', ?, 'catalog', 'info', 'Title', 'Body', '{}')""", t.id(), id,
				t.storeId(), "k-" + id)));
		return all;
	}

	/**
	 * Seeds one row per table for a new tenant: as the runtime role bound to that tenant where it may
	 * insert (the normal path, and proof that a tenant can write its own rows), else as the superuser.
	 */
	private static Tenant seed(String label) throws SQLException {
		UUID id = UUID.randomUUID();
		Map<String, UUID> keys = new LinkedHashMap<>();
		Tenant tenant = new Tenant(id, UUID.randomUUID(), UUID.randomUUID(), keys);
		for (TableFixture f : FIXTURES.values()) {
			UUID key = switch (f.table()) {
				case "tenants", "tenant_db_routing", "order_counters", "whatsapp_phone_numbers", "whatsapp_accounts",
						"whatsapp_notification_settings", "whatsapp_message_statuses", "insight_refresh_state" -> id;
				case "stores", "store_seo_settings", "insight_daily_funnel", "insight_daily_products",
						"insight_daily_searches", "insight_daily_abandonments", "insight_daily_sessions" -> tenant.storeId();
				case "users" -> tenant.userId();
				case "inventory_levels" -> keys.get("product_variants");
				case "delivery_zone_areas" -> keys.get("delivery_zones");
				default -> UUID.randomUUID();
			};
			keys.put(f.table(), key);
			if (runtimeMay("INSERT", f.table())) {
				asTenant(id, c -> {
					f.writer().insert(c, tenant, key);
					return null;
				});
			}
			else {
				asSuperuser(c -> {
					f.writer().insert(c, tenant, key);
					return null;
				});
			}
		}
		return tenant;
	}

	private static String hex(UUID id) {
		return id.toString().substring(0, 8);
	}

	/** A WhatsApp phone-number id (digits) derived from a tenant id. */
	private static String digits(UUID id) {
		return Long.toUnsignedString(id.getMostSignificantBits());
	}

	// ------------------------------------------------------------------------------------------------
	// Catalog checks shared with their self-test
	// ------------------------------------------------------------------------------------------------

	private static List<String> viewsWithoutSecurityInvoker(Connection c, String schema) throws SQLException {
		return strings(c, """
				select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
				where n.nspname = ? and c.relkind = 'v'
				  and not exists (select 1 from unnest(coalesce(c.reloptions, '{}')) o
				                  where lower(o) in ('security_invoker=true', 'security_invoker=on',
				                                     'security_invoker=1', 'security_invoker=yes'))
				order by 1""", schema);
	}

	private static List<String> unsafeSecurityDefinerFunctions(Connection c, String schema) throws SQLException {
		return strings(c, """
				select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
				where n.nspname = ? and p.prosecdef
				  and (not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) s where s like 'search_path=%')
				       or exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
				                  where a.grantee = 0 and a.privilege_type = 'EXECUTE'))
				order by 1""", schema);
	}

	private static boolean runtimeMay(String privilege, String table) throws SQLException {
		return asSuperuser(c -> "true".equals(string(c, "select has_table_privilege(?, ?, ?)::text",
				scratch.roles().runtime(), "app." + table, privilege)));
	}

	// ------------------------------------------------------------------------------------------------
	// Connections and statements
	// ------------------------------------------------------------------------------------------------

	@FunctionalInterface
	interface SqlWork<T> {

		T run(Connection c) throws SQLException;

	}

	@FunctionalInterface
	interface SqlAction {

		void run() throws SQLException;

	}

	private static Connection connect(String user) throws SQLException {
		AdminConnection admin = scratch.admin();
		return DriverManager.getConnection(scratch.jdbcUrl(), user,
				user.equals(admin.user()) ? admin.password() : null);
	}

	private static <T> T asSuperuser(SqlWork<T> work) throws SQLException {
		try (Connection c = connect(scratch.admin().user())) {
			return work.run(c);
		}
	}

	private static <T> T asPlatform(SqlWork<T> work) throws SQLException {
		try (Connection c = connect(scratch.roles().platform())) {
			return work.run(c);
		}
	}

	private static long superuserCount(SqlWork<Long> work) throws SQLException {
		return asSuperuser(work);
	}

	private static long platformCount(SqlWork<Long> work) throws SQLException {
		return asPlatform(work);
	}

	private static long tenantCount(UUID tenant, SqlWork<Long> work) throws SQLException {
		return asTenant(tenant, work);
	}

	private static int updateCommitted(UUID tenant, SqlWork<Integer> work) throws SQLException {
		return asTenant(tenant, work);
	}

	private static int updateRolledBack(UUID tenant, SqlWork<Integer> work) throws SQLException {
		return asTenantRolledBack(tenant, work);
	}

	/** Runs work as the owner role (subject to forced RLS) bound to a tenant, or to none; rolls back. */
	private static <T> T asOwner(UUID tenant, SqlWork<T> work) throws SQLException {
		try (Connection c = connect(scratch.roles().owner())) {
			c.setAutoCommit(false);
			try {
				bind(c, tenant == null ? "" : tenant.toString());
				return work.run(c);
			}
			finally {
				c.rollback();
			}
		}
	}

	/** Runs work as the runtime role in one transaction bound to a tenant, and commits. */
	private static <T> T asTenant(UUID tenant, SqlWork<T> work) throws SQLException {
		return inTenantTransaction(tenant, work, true);
	}

	/** Like {@link #asTenant} but rolls back, leaving the fixtures as they were. */
	private static <T> T asTenantRolledBack(UUID tenant, SqlWork<T> work) throws SQLException {
		return inTenantTransaction(tenant, work, false);
	}

	private static <T> T inTenantTransaction(UUID tenant, SqlWork<T> work, boolean commit) throws SQLException {
		try (Connection c = connect(scratch.roles().runtime())) {
			c.setAutoCommit(false);
			try {
				bind(c, tenant.toString());
				T result = work.run(c);
				if (commit) {
					c.commit();
				}
				else {
					c.rollback();
				}
				return result;
			}
			catch (SQLException | RuntimeException ex) {
				c.rollback();
				throw ex;
			}
		}
	}

	/** The error of work that must fail as the runtime role bound to a tenant. */
	private static SQLException failureAsTenant(UUID tenant, SqlWork<?> work) {
		return failure(() -> asTenant(tenant, work));
	}

	private static SQLException failure(SqlAction action) {
		try {
			action.run();
		}
		catch (SQLException ex) {
			return ex;
		}
		throw new AssertionError("Expected the statement to fail, but it succeeded");
	}

	private static void bind(Connection c, String tenant) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("select set_config(?, ?, true)")) {
			ps.setString(1, TENANT_SETTING);
			ps.setString(2, tenant);
			ps.execute();
		}
	}

	private static void assertRowLevelSecurityViolation(SQLException failure) {
		assertThat(failure.getSQLState()).as(failure.getMessage()).isEqualTo("42501");
		assertThat(failure.getMessage()).contains("row-level security policy");
	}

	private static void assertPermissionDenied(SQLException failure) {
		assertThat(failure.getSQLState()).as(failure.getMessage()).isEqualTo("42501");
		assertThat(failure.getMessage()).contains("permission denied");
	}

	private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
		PreparedStatement ps = c.prepareStatement(sql);
		for (int i = 0; i < params.length; i++) {
			Object p = params[i];
			if (p instanceof Object[] array) {
				String type = array.length > 0 && array[0] instanceof UUID ? "uuid" : "text";
				ps.setArray(i + 1, c.createArrayOf(type, array));
			}
			else {
				ps.setObject(i + 1, p);
			}
		}
		return ps;
	}

	private static int update(Connection c, String sql, Object... params) throws SQLException {
		try (PreparedStatement ps = prepare(c, sql, params)) {
			return ps.executeUpdate();
		}
	}

	private static long count(Connection c, String sql, Object... params) throws SQLException {
		return Long.parseLong(string(c, sql, params));
	}

	private static String string(Connection c, String sql, Object... params) throws SQLException {
		List<String> values = strings(c, sql, params);
		assertThat(values).as(sql).hasSize(1);
		return values.get(0);
	}

	private static List<String> strings(Connection c, String sql, Object... params) throws SQLException {
		return rows(c, sql, params).stream().map(r -> r[0]).toList();
	}

	private static List<String[]> rows(Connection c, String sql, Object... params) throws SQLException {
		try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
			int columns = rs.getMetaData().getColumnCount();
			List<String[]> result = new ArrayList<>();
			while (rs.next()) {
				String[] row = new String[columns];
				for (int i = 0; i < columns; i++) {
					row[i] = rs.getString(i + 1);
				}
				result.add(row);
			}
			return result;
		}
	}

}
