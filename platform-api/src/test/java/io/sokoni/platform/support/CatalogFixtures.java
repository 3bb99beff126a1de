package io.sokoni.platform.support;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.sokoni.platform.Ids;

/**
 * Catalog rows of one tenant and store, written directly as the owner with the tenant bound (the
 * admin catalog API is another feature). Defaults make a sellable product: active, one active variant
 * in stock at an active location; {@code customize} through the fluent setters, then {@code persist}.
 */
public final class CatalogFixtures {

	private final UUID tenant;

	private final UUID storeId;

	private UUID location;

	public CatalogFixtures(UUID tenant, UUID storeId) {
		this.tenant = tenant;
		this.storeId = storeId;
	}

	public CatalogFixtures(Fixtures.TestTenant tenant) {
		this(tenant.id(), tenant.storeId());
	}

	public UUID category(String name, String slug, UUID parentId) {
		return category(name, slug, parentId, true);
	}

	public UUID category(String name, String slug, UUID parentId, boolean active) {
		UUID id = Ids.next();
		TenantSql.run(tenant, jdbc -> jdbc.update("""
				insert into app.categories (tenant_id, id, parent_id, name, slug, is_active)
				values (?, ?, ?, ?, ?, ?)""", tenant, id, parentId, name, slug, active));
		return id;
	}

	/** The store's default active location, created on first use. */
	public UUID location() {
		if (location == null) {
			location = location("main", "active");
		}
		return location;
	}

	public UUID location(String code, String status) {
		UUID id = Ids.next();
		TenantSql.run(tenant, jdbc -> jdbc.update("""
				insert into app.store_locations (tenant_id, id, store_id, code, name, status)
				values (?, ?, ?, ?, ?, ?)""", tenant, id, storeId, code, "Location " + code, status));
		return id;
	}

	public void stock(UUID variantId, UUID locationId, int onHand, int reserved) {
		TenantSql.run(tenant, jdbc -> jdbc.update("""
				insert into app.inventory_levels (tenant_id, variant_id, location_id, on_hand, reserved)
				values (?, ?, ?, ?, ?)
				on conflict (tenant_id, variant_id, location_id)
				do update set on_hand = excluded.on_hand, reserved = excluded.reserved""", tenant, variantId,
				locationId, onHand, reserved));
	}

	public void setStatus(UUID productId, String status) {
		TenantSql.run(tenant, jdbc -> jdbc.update("update app.products set status = ? where id = ?", status,
				productId));
	}

	/** Another store of the tenant, without a host of its own. */
	public UUID otherStore() {
		UUID id = Ids.next();
		TenantSql.run(tenant, jdbc -> jdbc.update(
				"insert into app.stores (tenant_id, id, slug, name, is_live) values (?, ?, ?, 'Other store', true)",
				tenant, id, "other-" + id.toString().substring(0, 8)));
		return id;
	}

	public Product product() {
		return new Product();
	}

	/** A product being built. */
	public final class Product {

		private final String key = UUID.randomUUID().toString().substring(0, 8);

		private String name = "Product " + key;

		private String slug = "product-" + key;

		private String status = "active";

		private String brand;

		private String description;

		private long basePriceCents = 1000;

		private UUID categoryId;

		private UUID store = storeId;

		private OffsetDateTime createdAt;

		private final List<Variant> variants = new ArrayList<>();

		private final List<String> images = new ArrayList<>();

		public final List<UUID> variantIds = new ArrayList<>();

		public Product name(String value) {
			this.name = value;
			return this;
		}

		public Product slug(String value) {
			this.slug = value;
			return this;
		}

		public Product status(String value) {
			this.status = value;
			return this;
		}

		public Product brand(String value) {
			this.brand = value;
			return this;
		}

		public Product description(String value) {
			this.description = value;
			return this;
		}

		public Product basePrice(long cents) {
			this.basePriceCents = cents;
			return this;
		}

		public Product category(UUID value) {
			this.categoryId = value;
			return this;
		}

		public Product store(UUID value) {
			this.store = value;
			return this;
		}

		public Product createdAt(OffsetDateTime value) {
			this.createdAt = value;
			return this;
		}

		/** An active variant with this price and stock (on hand, nothing reserved) at the main location. */
		public Product variant(long priceCents, int onHand) {
			return variant(priceCents, onHand, 0, true);
		}

		public Product variant(long priceCents, int onHand, int reserved, boolean active) {
			variants.add(new Variant("SKU-" + UUID.randomUUID().toString().substring(0, 12), priceCents, onHand,
					reserved, active));
			return this;
		}

		public Product image(String url) {
			images.add(url);
			return this;
		}

		public String slug() {
			return slug;
		}

		public String name() {
			return name;
		}

		/** Writes the product, its variants (a default one in stock if none was given), stock and images. */
		public UUID persist() {
			if (variants.isEmpty()) {
				variant(basePriceCents, 5);
			}
			UUID id = Ids.next();
			UUID at = location();
			TenantSql.run(tenant, jdbc -> {
				jdbc.update("""
						insert into app.products (tenant_id, id, store_id, category_id, name, slug, description, status,
						    brand, base_price_cents, currency, created_at)
						values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'KES', coalesce(?, now()))""", tenant, id, store, categoryId,
						name, slug, description, status, brand, basePriceCents, createdAt);
				int position = 0;
				for (Variant v : variants) {
					UUID variantId = Ids.next();
					variantIds.add(variantId);
					jdbc.update("""
							insert into app.product_variants (tenant_id, id, product_id, name, sku, price_cents, is_active,
							    position, attributes)
							values (?, ?, ?, ?, ?, ?, ?, ?, '{"size": "M"}'::jsonb)""", tenant, variantId, id, "Variant " + position,
							v.sku(), v.priceCents(), v.active(), position++);
					jdbc.update("""
							insert into app.inventory_levels (tenant_id, variant_id, location_id, on_hand, reserved)
							values (?, ?, ?, ?, ?)""", tenant, variantId, at, v.onHand(), v.reserved());
				}
				position = 0;
				for (String url : images) {
					jdbc.update("""
							insert into app.product_images (tenant_id, id, product_id, url, position, alt_text)
							values (?, ?, ?, ?, ?, ?)""", tenant, Ids.next(), id, url, position++, name);
				}
			});
			return id;
		}

	}

	private record Variant(String sku, long priceCents, int onHand, int reserved, boolean active) {
	}

}
