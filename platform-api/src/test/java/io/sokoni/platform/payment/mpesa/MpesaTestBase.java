package io.sokoni.platform.payment.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.springframework.test.context.TestPropertySource;

/**
 * M-Pesa tests against the Daraja stand-in served by the application itself (callbacks sent at once,
 * to this instance on its random port). The reconciler does not run by itself: tests call it. The demo
 * merchant is loaded too (one application context for all M-Pesa tests, the demo's included).
 */
@TestPropertySource(locations = "classpath:mpesa-test.properties")
abstract class MpesaTestBase extends ApiTestBase {

	static final String SUCCESS = "0700000001";

	static final String CANCELLED = "0700000002";

	static final String TIMEOUT = "0700000003";

	static final String INSUFFICIENT = "0700000004";

	static final String NO_CALLBACK = "0700000005";

	static final String DUPLICATED = "0700000006";

	static final String WRONG_AMOUNT = "0700000007";

	static final String REFUSED = "0700000008";

	static final String HANGS = "0700000009";

	static final String SLOW_QUERY = "0700000010";

	static final String STRING_CODE = "0700000011";

	/** A store with a sandbox M-Pesa account (served by the stand-in) and stock to sell. */
	OrderFixtures mpesaShop() {
		TestTenant tenant = fixtures().tenant();
		configureAccount(tenant, "sandbox");
		return new OrderFixtures(api(), tenant);
	}

	Response configureAccount(TestTenant tenant, String environment) {
		Response saved = api().put("/admin/v1/payments/mpesa-account")
			.bearer(tenant.ownerToken())
			.body(Map.of("environment", environment, "accountType", "paybill", "businessShortcode", "174379",
					"consumerKey", "consumer-key-1234", "consumerSecret", "consumer-secret-5678", "passkey",
					"passkey-abcdefgh-9999"))
			.send();
		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
		return saved;
	}

	private final Map<UUID, String> carts = new ConcurrentHashMap<>();

	/** An M-Pesa checkout of one unit of a new product at this price, prompting this phone. */
	Response checkout(OrderFixtures shop, long priceCents, String phone) {
		UUID variant = shop.variant(priceCents, 10);
		Map<String, Object> body = OrderFixtures.checkoutBody("mpesa", "0712 345 678", "Westlands");
		body.put("mpesaPhone", phone);
		String cart = shop.cart(variant, 1);
		Response placed = shop.checkout(cart, UUID.randomUUID().toString(), body);
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		carts.put(id(placed), cart);
		return placed;
	}

	/** The token of the cart the order came from (only its hash is stored, so the test remembers it). */
	String cartOf(OrderFixtures shop, UUID orderId) {
		String token = carts.get(orderId);
		assertThat(token).as("cart of order " + orderId).isNotNull();
		return token;
	}

	Response retry(OrderFixtures shop, String cart, String phone) {
		return api().post("/storefront/v1/carts/" + cart + "/order/payment/retry")
			.host(shop.tenant.host())
			.body(Map.of("mpesaPhone", phone))
			.send();
	}

	static UUID id(Response response) {
		return UUID.fromString(response.json().path("id").asString());
	}

	static String attemptStatus(OrderFixtures shop, UUID orderId) {
		return TenantSql.call(shop.tenant.id(), jdbc -> jdbc.queryForList(
				"select status from app.payment_attempts where order_id = ? order by created_at desc limit 1", String.class,
				orderId)).stream().findFirst().orElse(null);
	}

	static Map<String, Object> order(OrderFixtures shop, UUID orderId) {
		return TenantSql.call(shop.tenant.id(), jdbc -> jdbc.queryForMap(
				"select status, payment_status, amount_paid_cents, payment_flag from app.orders where id = ?", orderId));
	}

	static Map<String, Object> payment(OrderFixtures shop, UUID orderId) {
		return TenantSql.call(shop.tenant.id(), jdbc -> jdbc.queryForMap(
				"select id, status, amount_cents, received_cents, mpesa_receipt, phone, failure_code, failure_reason "
						+ "from app.payments where order_id = ? order by created_at desc limit 1", orderId));
	}

	/** Makes the order's open attempts due for the reconciler now. */
	static void dueNow(OrderFixtures shop, UUID orderId) {
		TenantSql.run(shop.tenant.id(), jdbc -> jdbc.update(
				"update app.payment_attempts set next_query_at = now() - interval '1 second' where order_id = ? "
						+ "and status in ('recorded', 'pending')", orderId));
	}

	static long count(UUID tenant, String sql, Object... args) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForObject(sql, Long.class, args));
	}

	static long count(String jdbcUrl, UUID tenant, String sql, Object... args) {
		return TenantSql.call(jdbcUrl, tenant, jdbc -> jdbc.queryForObject(sql, Long.class, args));
	}

	static String text(UUID tenant, String sql, Object... args) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForObject(sql, String.class, args));
	}

	int reconcile() {
		return context.getBean(MpesaReconciliationJob.class).reconcileDue();
	}

	static void await(String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited for: " + what).isLessThan(deadline);
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
