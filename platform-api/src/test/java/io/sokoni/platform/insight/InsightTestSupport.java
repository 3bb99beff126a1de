package io.sokoni.platform.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;

/** Helpers of the insight tests: events sent as a storefront would, and rows counted as a tenant. */
final class InsightTestSupport {

	private static final java.util.Random RANDOM = new java.util.Random();

	private InsightTestSupport() {
	}

	static Map<String, Object> event(String type, String session, Object... more) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", type);
		event.put("sessionId", session);
		for (int i = 0; i < more.length; i += 2) {
			event.put((String) more[i], more[i + 1]);
		}
		return event;
	}

	/** Sends one batch from a client address of its own (see insight-test.properties). */
	static Api.Response send(Api api, TestTenant tenant, List<Map<String, Object>> events) {
		return send(api, tenant, events, "10.%d.%d.%d".formatted(RANDOM.nextInt(256), RANDOM.nextInt(256),
				RANDOM.nextInt(256)));
	}

	static Api.Response send(Api api, TestTenant tenant, List<Map<String, Object>> events, String clientAddress) {
		return api.post("/storefront/v1/events")
			.host(tenant.host())
			.header("X-Forwarded-For", clientAddress)
			.body(Map.of("events", events))
			.send();
	}

	/** Sends events in batches of 50 and expects each batch stored whole. */
	static void sendAll(Api api, TestTenant tenant, List<Map<String, Object>> events) {
		for (int i = 0; i < events.size(); i += 50) {
			Api.Response r = send(api, tenant, events.subList(i, Math.min(events.size(), i + 50)));
			assertThat(r.status()).as(r.toString()).isEqualTo(202);
			assertThat(r.json().path("rejected").asInt()).as(r.toString()).isZero();
		}
	}

	static List<Map<String, Object>> times(int n, java.util.function.IntFunction<Map<String, Object>> event) {
		List<Map<String, Object>> all = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			all.add(event.apply(i));
		}
		return all;
	}

	/** A session id of its own per call, so per-session limits never interfere between tests. */
	static String session() {
		return "s-" + UUID.randomUUID().toString().substring(0, 12);
	}

	static long count(TestTenant tenant, String sql, Object... args) {
		return TenantSql.call(tenant.id(), jdbc -> jdbc.queryForObject(sql, Long.class, args));
	}

	static void await(String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited 20 s for " + what).isLessThan(deadline);
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
