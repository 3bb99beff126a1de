package io.sokoni.platform.discount;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import io.sokoni.platform.Ids;
import io.sokoni.platform.support.TenantSql;

/**
 * Price rules, coupons, customers and orders of one tenant and store, written directly as the owner
 * with the tenant bound (customers and orders belong to other features). Defaults: an active automatic
 * 10% storewide rule; an active coupon without limits; {@code customize} the column map, then it is
 * inserted.
 */
final class DiscountFixtures {

	private final UUID tenant;

	private final UUID storeId;

	DiscountFixtures(UUID tenant, UUID storeId) {
		this.tenant = tenant;
		this.storeId = storeId;
	}

	UUID rule(Consumer<Map<String, Object>> customize) {
		Map<String, Object> columns = new LinkedHashMap<>();
		columns.put("name", "Rule " + UUID.randomUUID().toString().substring(0, 6));
		columns.put("kind", "percentage");
		columns.put("percent_off", 10);
		columns.put("scope", "storewide");
		columns.put("store_id", storeId);
		customize.accept(columns);
		return insert("price_rules", columns);
	}

	UUID coupon(UUID ruleId, String code, Consumer<Map<String, Object>> customize) {
		Map<String, Object> columns = new LinkedHashMap<>();
		columns.put("store_id", storeId);
		columns.put("price_rule_id", ruleId);
		columns.put("code", code);
		customize.accept(columns);
		return insert("coupons", columns);
	}

	UUID customer() {
		UUID id = Ids.next();
		String phone = "+2547" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
		TenantSql.run(tenant, jdbc -> jdbc.update(
				"insert into app.customers (tenant_id, id, phone, name) values (?, ?, ?, 'Shopper')", tenant, id, phone));
		return id;
	}

	/** A pending cash-on-delivery order of the customer (the order feature's rows, seeded). */
	UUID order(UUID customerId) {
		UUID id = Ids.next();
		long number = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
		TenantSql.run(tenant, jdbc -> jdbc.update("""
				insert into app.orders (tenant_id, id, store_id, order_number, customer_id, status, channel, currency,
				    subtotal_cents, delivery_fee_cents, discount_cents, total_cents, payment_method, customer_phone,
				    customer_name, delivery_city_area)
				values (?, ?, ?, ?, ?, 'pending', 'web', 'KES', 1000, 0, 0, 1000, 'cod', '+254700000000', 'Shopper',
				    'Westlands')""", tenant, id, storeId, number, customerId));
		return id;
	}

	/** Records a use of the coupon as a checkout would have (times_used included). */
	void used(UUID couponId, UUID customerId, UUID orderId) {
		TenantSql.run(tenant, jdbc -> {
			jdbc.update("""
					insert into app.coupon_redemptions (tenant_id, id, coupon_id, customer_id, order_id)
					values (?, ?, ?, ?, ?)""", tenant, Ids.next(), couponId, customerId, orderId);
			jdbc.update("update app.coupons set times_used = times_used + 1 where id = ?", couponId);
		});
	}

	int timesUsed(UUID couponId) {
		return TenantSql.call(tenant,
				jdbc -> jdbc.queryForObject("select times_used from app.coupons where id = ?", Integer.class, couponId));
	}

	List<String> redemptionStatuses(UUID couponId) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForList(
				"select status from app.coupon_redemptions where coupon_id = ? order by created_at", String.class,
				couponId));
	}

	Map<String, Object> row(String table, UUID id) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForMap("select * from app." + table + " where id = ?", id));
	}

	List<String> auditActions(UUID targetId) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForList(
				"select action from app.audit_log where target_id = ? order by created_at, id", String.class,
				targetId.toString()));
	}

	static OffsetDateTime hoursFromNow(long hours) {
		return OffsetDateTime.now().plusHours(hours);
	}

	private UUID insert(String table, Map<String, Object> columns) {
		UUID id = Ids.next();
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("tenant_id", tenant);
		all.put("id", id);
		all.putAll(columns);
		String sql = "insert into app." + table + " (" + String.join(", ", all.keySet()) + ") values ("
				+ String.join(", ", all.keySet().stream().map(k -> "?").toList()) + ")";
		TenantSql.run(tenant, jdbc -> jdbc.update(sql, all.values().toArray()));
		return id;
	}

}
