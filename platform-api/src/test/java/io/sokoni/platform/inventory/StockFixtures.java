package io.sokoni.platform.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.sokoni.platform.support.OwnerJdbc;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Fixtures.TestTenant;

/**
 * Stock test data. Products and variants belong to the catalog feature, so they are seeded with SQL as
 * the scratch database's owner, with the tenant bound in the transaction (FORCE row level security
 * applies to the owner too); locations are created through the API. Also reads stock, journal and
 * outbox rows back for assertions, the same way.
 */
final class StockFixtures {

	private final Api api;

	StockFixtures(Api api) {
		this.api = api;
	}

	/** A seeded product with one variant. */
	record SeededVariant(UUID productId, UUID variantId, UUID storeId, String productName, String sku) {
	}

	/** What a seeded variant starts with; change it in {@code customize}. */
	static final class VariantSpec {

		UUID storeId;

		String productName = "Kikoi " + UUID.randomUUID().toString().substring(0, 8);

		String productStatus = "active";

		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 12);

		String variantName = "Default";

		int lowStockThreshold;

		boolean active = true;

	}

	SeededVariant variant(TestTenant tenant) {
		return variant(tenant, spec -> {
		});
	}

	SeededVariant variant(TestTenant tenant, Consumer<VariantSpec> customize) {
		VariantSpec spec = new VariantSpec();
		spec.storeId = tenant.storeId();
		customize.accept(spec);
		UUID productId = UUID.randomUUID();
		UUID variantId = UUID.randomUUID();
		inTenant(tenant.id(), c -> {
			update(c, """
					insert into app.products (tenant_id, id, store_id, name, slug, status, base_price_cents, currency)
					values (?, ?, ?, ?, ?, ?, 150000, 'KES')""", tenant.id(), productId, spec.storeId,
					spec.productName, "p-" + productId, spec.productStatus);
			update(c, """
					insert into app.product_variants (tenant_id, id, product_id, name, sku, price_cents,
					    low_stock_threshold, is_active)
					values (?, ?, ?, ?, ?, 150000, ?, ?)""", tenant.id(), variantId, productId, spec.variantName,
					spec.sku, spec.lowStockThreshold, spec.active);
			return null;
		});
		return new SeededVariant(productId, variantId, spec.storeId, spec.productName, spec.sku);
	}

	/** A second store of the tenant (stores are created at onboarding; this one directly). */
	UUID store(TestTenant tenant) {
		UUID id = UUID.randomUUID();
		inTenant(tenant.id(), c -> update(c, "insert into app.stores (tenant_id, id, slug, name) values (?, ?, ?, ?)",
				tenant.id(), id, "s" + id.toString().substring(0, 8), "Second store"));
		return id;
	}

	/** An active location of the tenant's first store, through the API. */
	UUID location(TestTenant tenant) {
		return location(tenant, tenant.storeId());
	}

	UUID location(TestTenant tenant, UUID storeId) {
		Api.Response created = api.post("/admin/v1/locations")
			.bearer(tenant.ownerToken())
			.body(Map.of("storeId", storeId, "code", "L" + UUID.randomUUID().toString().substring(0, 8), "name",
					"Shop on Moi Avenue", "area", "CBD"))
			.send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return UUID.fromString(created.json().path("id").asString());
	}

	/** The stored level, or null when there is none. */
	Level level(UUID tenantId, UUID variantId, UUID locationId) {
		return inTenant(tenantId, c -> {
			try (PreparedStatement ps = c.prepareStatement(
					"select on_hand, reserved from app.inventory_levels where variant_id = ? and location_id = ?")) {
				ps.setObject(1, variantId);
				ps.setObject(2, locationId);
				try (ResultSet rs = ps.executeQuery()) {
					return rs.next() ? new Level(rs.getInt(1), rs.getInt(2)) : null;
				}
			}
		});
	}

	/** The journal of one level, summed up. */
	Journal journal(UUID tenantId, UUID variantId, UUID locationId) {
		return inTenant(tenantId, c -> {
			try (PreparedStatement ps = c.prepareStatement("""
					select count(*), coalesce(sum(on_hand_change), 0), coalesce(sum(reserved_change), 0),
					       count(*) filter (where on_hand_after < 0 or reserved_after < 0 or reserved_after > on_hand_after)
					from app.inventory_movements where variant_id = ? and location_id = ?""")) {
				ps.setObject(1, variantId);
				ps.setObject(2, locationId);
				try (ResultSet rs = ps.executeQuery()) {
					rs.next();
					return new Journal(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
				}
			}
		});
	}

	/** The on hand each movement of a reason left, in no particular order. */
	List<Integer> onHandAfter(UUID tenantId, UUID variantId, UUID locationId, String reason) {
		return inTenant(tenantId, c -> {
			try (PreparedStatement ps = c.prepareStatement("""
					select on_hand_after from app.inventory_movements
					where variant_id = ? and location_id = ? and reason = ?""")) {
				ps.setObject(1, variantId);
				ps.setObject(2, locationId);
				ps.setString(3, reason);
				List<Integer> values = new ArrayList<>();
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						values.add(rs.getInt(1));
					}
				}
				return values;
			}
		});
	}

	/** How many search-index events were written for a product. */
	long stockEvents(UUID tenantId, UUID productId) {
		return inTenant(tenantId, c -> {
			try (PreparedStatement ps = c.prepareStatement("""
					select count(*) from app.outbox_events
					where aggregate_type = 'product' and aggregate_id = ? and event_type = 'product.upserted'
					  and payload ->> 'reason' = 'stock'""")) {
				ps.setObject(1, productId);
				try (ResultSet rs = ps.executeQuery()) {
					rs.next();
					return rs.getLong(1);
				}
			}
		});
	}

	/** The stock of a level as stored. */
	record Level(int onHand, int reserved) {
	}

	/** Movement rows of a level: how many, their summed changes, and how many record an invalid level. */
	record Journal(long entries, long onHandChanges, long reservedChanges, long invalidAfter) {
	}

	/** Runs work in one transaction as the owner role, with the tenant bound for row-level security. */
	static <T> T inTenant(UUID tenantId, TenantSql.SqlWork<T> work) {
		return OwnerJdbc.inTenant(tenantId, work);
	}

	private static int update(Connection c, String sql, Object... args) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				ps.setObject(i + 1, args[i]);
			}
			return ps.executeUpdate();
		}
	}

}
