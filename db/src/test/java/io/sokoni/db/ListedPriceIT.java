package io.sokoni.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sokoni.db.ScratchDatabase.AdminConnection;

/**
 * {@code products.listed_price_cents} (V8): the lowest active variant price, else the base price, kept
 * by the database whoever writes, including two transactions changing variants of one product at once,
 * and only ever for the bound tenant's products.
 */
class ListedPriceIT {

	private static ScratchDatabase scratch;

	private static final UUID TENANT_A = UUID.randomUUID();

	private static final UUID TENANT_B = UUID.randomUUID();

	@BeforeAll
	static void createDatabase() throws SQLException {
		Optional<AdminConnection> admin = AdminConnection.fromEnvironmentOrLocalhost();
		assumeTrue(admin.isPresent(), "No PostgreSQL server answers; skipping");
		scratch = ScratchDatabase.createAndMigrate(admin.get(), "sokoni_price");
		try (Connection c = superuser()) {
			for (UUID tenant : new UUID[] { TENANT_A, TENANT_B }) {
				update(c, "insert into app.tenants (id, slug, name) values (?, ?, 'T')", tenant, "t" + tenant.toString().substring(0, 8));
				update(c, "insert into app.stores (tenant_id, id, slug, name) values (?, ?, 's', 'S')", tenant, tenant);
			}
		}
	}

	@AfterAll
	static void dropDatabase() throws SQLException {
		if (scratch != null) {
			scratch.drop();
		}
	}

	@Test
	void followsVariantsAndBasePrice() throws SQLException {
		UUID product = product(TENANT_A, 1000);
		assertThat(listed(product)).as("no variants: base price").isEqualTo(1000);

		UUID cheap = UUID.randomUUID();
		UUID dear = UUID.randomUUID();
		try (Connection c = tenant(TENANT_A)) {
			update(c, """
					insert into app.product_variants (tenant_id, id, product_id, sku, price_cents)
					values (?, ?, ?, ?, 800), (?, ?, ?, ?, 1200)""", TENANT_A, cheap, product, "C-" + cheap, TENANT_A, dear,
					product, "D-" + dear);
			c.commit();
		}
		assertThat(listed(product)).as("lowest variant, below the base price").isEqualTo(800);

		inTenant(TENANT_A, "update app.product_variants set is_active = false where id = ?", cheap);
		assertThat(listed(product)).as("inactive variants do not count").isEqualTo(1200);

		inTenant(TENANT_A, "update app.products set base_price_cents = 500 where id = ?", product);
		assertThat(listed(product)).as("an active variant beats the base price").isEqualTo(1200);

		inTenant(TENANT_A, "update app.product_variants set price_cents = 1500 where id = ?", dear);
		assertThat(listed(product)).isEqualTo(1500);

		inTenant(TENANT_A, "delete from app.product_variants where product_id = ?", product);
		assertThat(listed(product)).as("no variants left: base price").isEqualTo(500);
	}

	/**
	 * A at 500 and B at 600. One transaction raises A to 700 and, before it commits, another raises B to
	 * 800: the second must see the first's change once it commits, or the product stays listed at 500.
	 */
	@Test
	void concurrentVariantChangesLeaveNoStalePrice() throws Exception {
		UUID product = product(TENANT_A, 1000);
		UUID a = variant(TENANT_A, product, 500);
		UUID b = variant(TENANT_A, product, 600);
		try (Connection first = tenant(TENANT_A); Connection second = tenant(TENANT_A)) {
			update(first, "update app.product_variants set price_cents = 700 where id = ?", a);
			CompletableFuture<Void> racing = CompletableFuture.runAsync(() -> {
				try {
					update(second, "update app.product_variants set price_cents = 800 where id = ?", b);
					second.commit();
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			});
			Thread.sleep(300);
			assertThat(racing).as("the second change waits for the first's lock on the product").isNotDone();
			first.commit();
			racing.get(10, TimeUnit.SECONDS);
		}
		assertThat(listed(product)).isEqualTo(700);
	}

	@Test
	void anotherTenantCannotRecomputeOrSeeThePrice() throws SQLException {
		UUID product = product(TENANT_A, 1000);
		try (Connection c = superuser()) {
			update(c, "update app.products set listed_price_cents = 1 where id = ?", product);
		}
		String refresh = "select app.refresh_listed_prices(array[?]::uuid[], array[?]::uuid[])";
		inTenant(TENANT_B, refresh, TENANT_A, product);
		assertThat(listed(product)).as("tenant B's call does not reach tenant A's product").isEqualTo(1);
		inTenant(TENANT_A, refresh, TENANT_A, product);
		assertThat(listed(product)).isEqualTo(1000);
	}

	private static UUID product(UUID tenant, long basePrice) throws SQLException {
		UUID id = UUID.randomUUID();
		inTenant(tenant, """
				insert into app.products (tenant_id, id, store_id, name, slug, base_price_cents, currency)
				values (?, ?, ?, 'P', ?, ?, 'KES')""", tenant, id, tenant, "p-" + id, basePrice);
		return id;
	}

	private static UUID variant(UUID tenant, UUID product, long price) throws SQLException {
		UUID id = UUID.randomUUID();
		inTenant(tenant, """
				insert into app.product_variants (tenant_id, id, product_id, sku, price_cents)
				values (?, ?, ?, ?, ?)""", tenant, id, product, "V-" + id, price);
		return id;
	}

	/** As the superuser, which sees every tenant. */
	private static long listed(UUID product) throws SQLException {
		try (Connection c = superuser();
				PreparedStatement ps = c.prepareStatement("select listed_price_cents from app.products where id = ?")) {
			ps.setObject(1, product);
			try (ResultSet rs = ps.executeQuery()) {
				assertThat(rs.next()).as("product exists").isTrue();
				return rs.getLong(1);
			}
		}
	}

	private static void inTenant(UUID tenant, String sql, Object... args) throws SQLException {
		try (Connection c = tenant(tenant)) {
			update(c, sql, args);
			c.commit();
		}
	}

	/** The runtime role in an open transaction bound to the tenant. */
	private static Connection tenant(UUID tenant) throws SQLException {
		Connection c = DriverManager.getConnection(scratch.jdbcUrl(), scratch.roles().runtime(), null);
		c.setAutoCommit(false);
		try (PreparedStatement ps = c.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
			ps.setString(1, tenant.toString());
			ps.execute();
		}
		return c;
	}

	private static Connection superuser() throws SQLException {
		return DriverManager.getConnection(scratch.jdbcUrl(), scratch.admin().user(), scratch.admin().password());
	}

	private static void update(Connection c, String sql, Object... args) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				ps.setObject(i + 1, args[i]);
			}
			ps.execute();
		}
	}

}
