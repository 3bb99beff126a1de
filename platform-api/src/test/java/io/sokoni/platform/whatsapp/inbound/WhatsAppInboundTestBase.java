package io.sokoni.platform.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import io.sokoni.platform.whatsapp.WhatsAppContextBase;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.support.TestDatabase;
import io.sokoni.platform.whatsapp.standin.StandInWebhooks;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The app with a known app secret and verify token, the Graph stand-in on, and a fast sweep: the shared
 * WhatsApp test context (WhatsAppContextBase).
 */
abstract class WhatsAppInboundTestBase extends WhatsAppContextBase {

	static final String APP_SECRET = TEST_APP_SECRET;

	static final String VERIFY_TOKEN = TEST_VERIFY_TOKEN;

	static final WebhookSignature SIGNATURE = new WebhookSignature(APP_SECRET);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/** Registers a new WhatsApp phone-number id for the tenant (what connecting a number writes). */
	static String registerNumber(UUID tenant) {
		String id = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
		TenantSql.run(tenant, jdbc -> jdbc.update(
				"insert into app.whatsapp_phone_numbers (phone_number_id, tenant_id) values (?, ?)", id, tenant));
		return id;
	}

	/** A Kenyan shopper's wa_id (digits, as Meta sends it). */
	static String shopper() {
		return "2547" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
	}

	static ObjectNode text(String body) {
		return JsonNodeFactory.instance.objectNode().put("body", body);
	}

	static ObjectNode textDelivery(String phoneNumberId, String from, String wamid, String body) {
		return StandInWebhooks.message(phoneNumberId, from, "Wanjiku", wamid, "text", text(body));
	}

	static ObjectNode order(String... skuAndQuantity) {
		ObjectNode order = JsonNodeFactory.instance.objectNode();
		order.put("catalog_id", "1234567890");
		var items = order.putArray("product_items");
		for (int i = 0; i < skuAndQuantity.length; i += 2) {
			items.addObject()
				.put("product_retailer_id", skuAndQuantity[i])
				.put("quantity", Integer.parseInt(skuAndQuantity[i + 1]))
				.put("item_price", 1.5)
				.put("currency", "KES");
		}
		return order;
	}

	record Answer(int status, String body, String contentType) {
	}

	Answer post(byte[] body, String signature) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/whatsapp"))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (signature != null) {
			request.header(WebhookSignature.HEADER, signature);
		}
		return send(request.build());
	}

	Answer postSigned(ObjectNode delivery) {
		byte[] bytes = StandInWebhooks.metaBytes(delivery);
		Answer answer = post(bytes, SIGNATURE.sign(bytes));
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return answer;
	}

	Answer get(String query) {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/whatsapp?" + query))
			.GET()
			.build());
	}

	private static Answer send(HttpRequest request) {
		try {
			HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body(),
					response.headers().firstValue("Content-Type").orElse(""));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static long count(UUID tenant, String sql, Object... args) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForObject(sql, Long.class, args));
	}

	static long count(String url, UUID tenant, String sql, Object... args) {
		return TenantSql.call(url, tenant, jdbc -> jdbc.queryForObject(sql, Long.class, args));
	}

	static List<Map<String, Object>> rows(UUID tenant, String sql, Object... args) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForList(sql, args));
	}

	/** Rows of the control database's deliveries (no tenant: a platform table without RLS). */
	static List<Map<String, Object>> deliveries(String sql, Object... args) {
		return TenantSql.call(TestDatabase.get().orElseThrow().jdbcUrl(), null, jdbc -> jdbc.queryForList(sql, args));
	}

	/** A count over every tenant (as the superuser, which row-level security does not apply to). */
	static long everyTenantCount(String sql, Object... args) {
		var db = TestDatabase.get().orElseThrow();
		try (var c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.admin().user(), db.admin().password());
				var st = c.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				st.setObject(i + 1, args[i]);
			}
			try (var rs = st.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static void await(String what, BooleanSupplier condition) {
		await(what, Duration.ofSeconds(20), condition);
	}

	static void await(String what, Duration patience, BooleanSupplier condition) {
		long deadline = System.nanoTime() + patience.toNanos();
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
