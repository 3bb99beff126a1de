package io.sokoni.platform.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import tools.jackson.databind.JsonNode;

/**
 * Delivery test data: zones and partners through the admin API (defaults overridable in
 * {@code customize}); orders, which belong to the order feature, seeded with SQL in the tenant.
 */
final class DeliveryFixtures {

	private final Api api;

	DeliveryFixtures(Api api) {
		this.api = api;
	}

	/** A zone request with defaults: KES 200 fee, no minimum, 90 minutes, one area. */
	static Map<String, Object> zoneRequest(TestTenant tenant, String name, String... areas) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("storeId", tenant.storeId());
		body.put("name", name);
		body.put("cityAreas", List.of(areas));
		body.put("feeCents", 20000);
		body.put("etaMinutes", 90);
		return body;
	}

	JsonNode zone(TestTenant tenant, String name, String... areas) {
		return zone(tenant, name, List.of(areas), z -> {
		});
	}

	JsonNode zone(TestTenant tenant, String name, List<String> areas, Consumer<Map<String, Object>> customize) {
		Map<String, Object> body = zoneRequest(tenant, name, areas.toArray(String[]::new));
		customize.accept(body);
		Response created = api.post("/admin/v1/delivery-zones").bearer(tenant.ownerToken()).body(body).send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	JsonNode partner(TestTenant tenant, String name, Consumer<Map<String, Object>> customize) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("storeId", tenant.storeId());
		body.put("name", name);
		body.put("provider", "own_riders");
		customize.accept(body);
		Response created = api.post("/admin/v1/delivery-partners").bearer(tenant.ownerToken()).body(body).send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	/** A second store of the tenant, seeded with SQL. */
	static UUID store(TestTenant tenant) {
		UUID id = UUID.randomUUID();
		TenantSql.run(tenant.id(), jdbc -> jdbc.update(
				"insert into app.stores (tenant_id, id, slug, name) values (?, ?, ?, 'Second store')", tenant.id(), id,
				"s" + id.toString().substring(0, 8)));
		return id;
	}

	/** A seeded order of the tenant's store in the given status (and its customer). */
	static UUID order(TestTenant tenant, String status) {
		UUID customer = UUID.randomUUID();
		UUID order = UUID.randomUUID();
		TenantSql.run(tenant.id(), jdbc -> {
			jdbc.update("""
					insert into app.customers (tenant_id, id, phone, name) values (?, ?, ?, 'Wanjiku Kamau')""",
					tenant.id(), customer, "+2547" + String.format("%08d", (long) (Math.random() * 1e8)));
			Long number = jdbc.queryForObject("""
					insert into app.order_counters (tenant_id, last_number) values (?, 1)
					on conflict (tenant_id) do update set last_number = app.order_counters.last_number + 1
					returning last_number""", Long.class, tenant.id());
			jdbc.update("""
					insert into app.orders (tenant_id, id, store_id, order_number, customer_id, status, channel, currency,
					    subtotal_cents, delivery_fee_cents, discount_cents, total_cents, payment_method,
					    customer_phone, customer_name, delivery_city_area)
					values (?, ?, ?, ?, ?, ?, 'web', 'KES', 150000, 20000, 0, 170000, 'cod', '+254712345678',
					    'Wanjiku Kamau', 'Kilimani')""", tenant.id(), order, tenant.storeId(), number, customer, status);
		});
		return order;
	}

	/** A delivery seeded with SQL (for isolation tests that must not depend on the order lifecycle). */
	static UUID delivery(TestTenant tenant, UUID orderId, String status) {
		UUID id = UUID.randomUUID();
		TenantSql.run(tenant.id(), jdbc -> jdbc.update("""
				insert into app.delivery_orders (tenant_id, id, order_id, status, tracking_code, notes)
				values (?, ?, ?, ?, 'TRK-1', 'Gate B')""", tenant.id(), id, orderId, status));
		return id;
	}

	static String orderStatus(TestTenant tenant, UUID orderId) {
		return TenantSql.call(tenant.id(), jdbc -> jdbc.queryForObject(
				"select status from app.orders where tenant_id = ? and id = ?", String.class, tenant.id(), orderId));
	}

	/** The status history of an order, oldest first, as "from->to". */
	static List<String> orderHistory(TestTenant tenant, UUID orderId) {
		return TenantSql.call(tenant.id(), jdbc -> jdbc.queryForList("""
				select coalesce(from_status, '') || '->' || to_status from app.order_status_history
				where tenant_id = ? and order_id = ? order by changed_at, id""", String.class, tenant.id(), orderId));
	}

	static long auditCount(TestTenant tenant, String action) {
		return TenantSql.call(tenant.id(), jdbc -> jdbc.queryForObject(
				"select count(*) from app.audit_log where tenant_id = ? and action = ?", Long.class, tenant.id(),
				action));
	}

	static List<String> values(JsonNode array, String field) {
		List<String> values = new ArrayList<>();
		array.forEach(item -> values.add(item.path(field).asString()));
		return values;
	}

	static List<String> ids(Response page) {
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		return values(page.json().path("items"), "id");
	}

	static List<String> fields(Response problem) {
		return values(problem.json().path("errors"), "field");
	}

}
