package io.sokoni.platform.web;

import java.util.Map;

import io.sokoni.platform.Amounts;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Maps database constraint names to client-facing messages, so a unique or check violation that
 * slipped past validation still answers a clear 409 instead of a 500.
 */
final class ConstraintMessages {

	private static final Map<String, String> BY_CONSTRAINT = Map.ofEntries(
			Map.entry("tenants_slug_key", "A tenant with this slug already exists"),
			Map.entry("store_domains_host_key", "This host name is already attached to a store"),
			Map.entry("stores_tenant_slug_key", "A store with this slug already exists"),
			Map.entry("users_tenant_email_key", "A user with this email already exists"),
			Map.entry("db_connections_name_key", "A database with this name is already registered"),
			Map.entry("store_locations_store_code_key", "A location with this code already exists in this store"),
			Map.entry("categories_tenant_slug_key", "A category with this slug already exists"),
			Map.entry("products_tenant_slug_key", "A product with this slug already exists"),
			Map.entry("product_variants_tenant_sku_key", "A variant with this SKU already exists"),
			Map.entry("product_variants_tenant_barcode_key", "A variant with this barcode already exists"),
			Map.entry("delivery_zones_store_name_key", "A delivery zone with this name already exists in this store"),
			Map.entry("delivery_zones_one_default_idx", "This store already has a default delivery zone"),
			Map.entry("delivery_zone_areas_store_area_key",
					"One of these city areas is already served by another delivery zone of this store"),
			Map.entry("delivery_partners_store_name_key", "A delivery partner with this name already exists in this store"),
			Map.entry("coupons_store_code_key", "A coupon with this code already exists in this store"),
			Map.entry("coupons_within_limit", "This coupon has reached its usage limit"),
			Map.entry("orders_tenant_cart_key", "This cart has already been checked out"),
			Map.entry("seo_pages_store_slug_key", "A page with this slug already exists in this store"),
			Map.entry("delivery_orders_live_idx", "This order already has a delivery in progress"));

	/** Check constraints that guard state many requests share: their violation is a 409 conflict, not bad input. */
	private static final java.util.Set<String> CONFLICT_CHECKS = java.util.Set.of("coupons_within_limit",
			"inventory_levels_on_hand_not_negative", "inventory_levels_reserved_within_on_hand");

	private ConstraintMessages() {
	}

	static boolean isConflict(DataIntegrityViolationException ex) {
		String message = String.valueOf(ex.getMostSpecificCause().getMessage());
		return CONFLICT_CHECKS.stream().anyMatch(name -> message.contains("\"" + name + "\""));
	}

	static String invalid(DataIntegrityViolationException ex) {
		if (String.valueOf(ex.getMostSpecificCause().getMessage()).matches("(?s).*\"[a-z_]+_capped\".*")) {
			return "An amount is above its cap: a price, fee or amount is at most " + Amounts.MAX_PRICE_CENTS
					+ " minor units and a line at most " + Amounts.MAX_LINE_QUANTITY + " units";
		}
		return find(ex).orElse("A value in the request is outside what is accepted (too long, too large or "
				+ "badly formed)");
	}

	static String duplicate(DataIntegrityViolationException ex) {
		return find(ex).orElse("This already exists");
	}

	static String violation(DataIntegrityViolationException ex) {
		return find(ex).orElse("The change conflicts with existing data");
	}

	private static java.util.Optional<String> find(DataIntegrityViolationException ex) {
		String message = String.valueOf(ex.getMostSpecificCause().getMessage());
		return BY_CONSTRAINT.entrySet()
			.stream()
			.filter(e -> message.contains("\"" + e.getKey() + "\""))
			.map(Map.Entry::getValue)
			.findFirst();
	}

}
