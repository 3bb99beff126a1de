package io.sokoni.platform.payment;

import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;

/** Orders of a store ready to sell, with payments arranged directly and money columns read back. */
public final class PaymentFixtures {

	public final OrderFixtures shop;

	public final TestTenant tenant;

	public PaymentFixtures(Api api, TestTenant tenant) {
		this.shop = new OrderFixtures(api, tenant);
		this.tenant = tenant;
	}

	/** A succeeded payment of the order that received {@code cents} (not yet settled), paid from the customer's phone. */
	public UUID succeeded(UUID orderId, String method, long cents, String payerName, String receipt) {
		return succeeded(orderId, method, cents, null, payerName, receipt);
	}

	/** The same, paid from {@code payerPhone} (null: the order's customer phone). */
	public UUID succeeded(UUID orderId, String method, long cents, String payerPhone, String payerName, String receipt) {
		UUID id = Ids.next();
		TenantSql.run(tenant.id(), jdbc -> jdbc.update("""
				insert into app.payments (tenant_id, id, order_id, method, status, amount_cents, received_cents, currency,
				    phone, payer_name, mpesa_receipt, completed_at)
				values (?, ?, ?, ?, 'succeeded', ?, ?, 'KES',
				        coalesce(?, (select customer_phone from app.orders where id = ?)), ?, ?, now())""", tenant.id(),
				id, orderId, method, cents, cents, payerPhone, orderId, payerName, receipt));
		return id;
	}

	/** The order's status, payment status, amount paid, amount refunded and flag. */
	public Map<String, Object> money(UUID orderId) {
		return TenantSql.call(tenant.id(), jdbc -> jdbc.queryForMap("""
				select status, payment_status, amount_paid_cents, amount_refunded_cents, payment_flag
				from app.orders where id = ?""", orderId));
	}

	public long count(String sql, Object... args) {
		return shop.count(sql, args);
	}

	/** A random valid M-Pesa receipt number. */
	public static String receipt() {
		return ("R" + UUID.randomUUID().toString().replace("-", "").toUpperCase()).substring(0, 10);
	}

}
