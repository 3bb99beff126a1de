package io.sokoni.platform.insight;

import static io.sokoni.platform.insight.InsightTestSupport.count;
import static io.sokoni.platform.insight.InsightTestSupport.event;
import static io.sokoni.platform.insight.InsightTestSupport.send;
import static io.sokoni.platform.insight.InsightTestSupport.session;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The storefront event intake: per-event results, bounds, limits, and the store taken from the Host. */
@TestPropertySource(locations = "classpath:insight-test.properties")
class StorefrontEventsIT extends ApiTestBase {

	private TestTenant a;

	private TestTenant b;

	@BeforeEach
	void twoTenants() {
		a = fixtures().tenant();
		b = fixtures().tenant();
	}

	@Test
	void validEventsAreStoredAndInvalidOnesRefusedWithTheirReasons() {
		String s = session();
		UUID product = UUID.randomUUID();
		Response r = send(api(), a, List.of(event("product_view", s, "productId", product.toString(), "device", "mobile"),
				event("order_completed", s), event("search", s, "query", "Kikoy", "resultCount", 0),
				event("add_to_cart", s, "productId", "nope"), event("page_view", s, "properties", Map.of("page", "/"))));
		assertThat(r.status()).as(r.toString()).isEqualTo(202);
		JsonNode body = r.json();
		assertThat(body.path("accepted").asInt()).isEqualTo(3);
		assertThat(body.path("rejected").asInt()).isEqualTo(2);
		assertThat(body.path("results").path(0).path("status").asString()).isEqualTo("accepted");
		assertThat(body.path("results").path(1).path("status").asString()).isEqualTo("rejected");
		assertThat(body.path("results").path(1).path("errors").path(0).path("field").asString()).isEqualTo("type");
		assertThat(body.path("results").path(3).path("errors").path(0).path("field").asString()).isEqualTo("productId");
		UUID stored = UUID.fromString(body.path("results").path(0).path("id").asString());

		assertThat(count(a, "select count(*) from app.insight_events where session_id = ?", s)).isEqualTo(3);
		assertThat(count(a, "select count(*) from app.insight_events where id = ? and product_id = ? and store_id = ?"
				+ " and device = 'mobile' and source = 'storefront' and channel = 'web'", stored, product, a.storeId()))
			.isEqualTo(1);
		assertThat(count(a, "select count(*) from app.insight_events where search_query = 'kikoy' and result_count = 0"))
			.isEqualTo(1);
		assertThat(count(a, "select count(*) from app.insight_refresh_state where dirty_from is not null")).isEqualTo(1);
		// The events are A's: B's store, bound to B, sees none of them.
		assertThat(count(b, "select count(*) from app.insight_events where session_id = ?", s)).isZero();
	}

	@Test
	void aRequiredFieldSentAsNullRefusesItsEventAndKeepsTheOthers() {
		String s = session();
		Response r = send(api(), a, List.of(event("page_view", s), event(null, s), event("page_view", null),
				event("product_view", s, "productId", null), event("search", s, "query", null, "resultCount", 0)));
		assertThat(r.status()).as(r.toString()).isEqualTo(202);
		assertThat(r.json().path("accepted").asInt()).isEqualTo(1);
		for (int i = 1; i < 5; i++) {
			assertThat(r.json().path("results").path(i).path("errors").path(0).path("message").asString())
				.as(r.toString())
				.startsWith("required");
		}
		assertThat(count(a, "select count(*) from app.insight_events where session_id = ?", s)).isEqualTo(1);
		assertThat(count(a, "select count(*) from app.insight_events where session_id is null")).isZero();
	}

	@Test
	void propertiesOverTheTablesSizeAreRefusedBeforeTheInsert() {
		String s = session();
		Map<String, Object> ascii = new java.util.LinkedHashMap<>();
		Map<String, Object> euros = new java.util.LinkedHashMap<>();
		for (int i = 0; i < 20; i++) {
			ascii.put("p" + i, "a".repeat(200));
			if (i < 7) {
				euros.put("p" + i, "€".repeat(200));
			}
		}
		Response r = send(api(), a, List.of(event("page_view", s, "properties", ascii),
				event("page_view", s, "properties", euros),
				event("page_view", s, "properties", EventValidatorTest.propertiesOfBytes(4096)), event("page_view", s)));
		assertThat(r.status()).as(r.toString()).isEqualTo(202);
		assertThat(r.json().path("accepted").asInt()).as(r.toString()).isEqualTo(2);
		assertThat(r.json().path("results").path(0).path("errors").path(0).path("field").asString())
			.isEqualTo("properties");
		assertThat(r.json().path("results").path(1).path("errors").path(0).path("field").asString())
			.isEqualTo("properties");
		// The largest the validator lets through is what the table's check allows.
		assertThat(count(a, "select count(*) from app.insight_events where session_id = ?", s)).isEqualTo(2);
		assertThat(count(a, "select count(*) from app.insight_events where session_id = ? and properties ->> 'p6' like '€%'",
				s))
			.isEqualTo(1);
	}

	@Test
	void aLoneSurrogateAnywhereInTheBatchIs400AndStoresNothing() {
		String s = session();
		for (String bad : List.of("\"cityArea\": \"x\\udc00\"", "\"properties\": {\"note\": \"x\\udc00\"}",
				"\"properties\": {\"x\\ud800\": 1}")) {
			Response r = api().post("/storefront/v1/events").host(a.host())
				.raw("{\"events\": [{\"type\": \"page_view\", \"sessionId\": \"" + s + "\"}, {\"type\": \"page_view\", "
						+ "\"sessionId\": \"" + s + "\", " + bad + "}]}")
				.send();
			assertThat(r.status()).as(bad + " -> " + r).isEqualTo(400);
			assertThat(r.problemType()).isEqualTo("malformed-request");
		}
		assertThat(count(a, "select count(*) from app.insight_events where session_id = ?", s)).isZero();
	}

	@Test
	void aBatchWithNoValidEventIs422AndStoresNothing() {
		String s = session();
		Response r = send(api(), a, List.of(event("payment_succeeded", s), event("page_view", "short")));
		assertThat(r.status()).as(r.toString()).isEqualTo(422);
		assertThat(r.problemType()).isEqualTo("invalid-value");
		assertThat(r.json().path("results")).hasSize(2);
		assertThat(count(a, "select count(*) from app.insight_events where session_id = ?", s)).isZero();
	}

	@Test
	void malformedOrOversizedBatchesAre400AndStoreNothing() {
		String s = session();
		List<Map<String, Object>> tooMany = new ArrayList<>();
		for (int i = 0; i < 51; i++) {
			tooMany.add(event("page_view", s));
		}
		assertThat(send(api(), a, tooMany).status()).isEqualTo(400);
		assertThat(send(api(), a, List.of()).status()).isEqualTo(400);
		assertThat(api().post("/storefront/v1/events").host(a.host()).body(Map.of("event", List.of())).send().status())
			.isEqualTo(400);
		assertThat(api().post("/storefront/v1/events").host(a.host()).raw("{\"events\": [").send().status())
			.isEqualTo(400);
		Response big = api().post("/storefront/v1/events").host(a.host())
			.body(Map.of("events", List.of(event("page_view", s, "properties", Map.of("x", "y".repeat(70_000))))))
			.send();
		assertThat(big.status()).isEqualTo(413);
		assertThat(count(a, "select count(*) from app.insight_events where session_id = ?", s)).isZero();
	}

	@Test
	void anUnknownHostLearnsNothing() {
		Response r = api().post("/storefront/v1/events").host("nobody.sokoni.test")
			.body(Map.of("events", List.of(event("page_view", session()))))
			.send();
		assertThat(r.status()).isEqualTo(404);
	}

	@Test
	void aSessionOverItsBudgetLosesOnlyItsOwnSurplusEvents() {
		String chatty = session();
		String quiet = session();
		List<Map<String, Object>> first = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			first.add(event("page_view", chatty));
		}
		assertThat(send(api(), a, first).json().path("accepted").asInt()).isEqualTo(30);
		List<Map<String, Object>> second = new ArrayList<>();
		for (int i = 0; i < 15; i++) {
			second.add(event("page_view", chatty));
		}
		second.add(event("page_view", quiet));
		Response r = send(api(), a, second);
		assertThat(r.status()).isEqualTo(202);
		// 40 a minute in these tests: 10 more of the chatty session pass, 5 are refused; the quiet one passes.
		assertThat(r.json().path("accepted").asInt()).isEqualTo(11);
		assertThat(r.json().path("results").path(14).path("errors").path(0).path("field").asString())
			.isEqualTo("sessionId");
		assertThat(r.json().path("results").path(15).path("status").asString()).isEqualTo("accepted");
		assertThat(count(a, "select count(*) from app.insight_events where session_id = ?", chatty)).isEqualTo(40);
	}

	@Test
	void anAddressOverItsBudgetIsRefusedWholeAndOthersPass() {
		String address = "10.200.0.1";
		String s = session();
		// 100 events a minute per address in these tests: two batches of 50 pass, the next is refused whole.
		for (int i = 0; i < 2; i++) {
			List<Map<String, Object>> batch = new ArrayList<>();
			for (int j = 0; j < 50; j++) {
				batch.add(event("page_view", session()));
			}
			assertThat(send(api(), a, batch, address).status()).isEqualTo(202);
		}
		Response refused = send(api(), a, List.of(event("page_view", s)), address);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
		assertThat(refused.json().path("retryAfterSeconds").asLong()).isPositive();
		assertThat(count(a, "select count(*) from app.insight_events where session_id = ?", s)).isZero();
		assertThat(send(api(), a, List.of(event("page_view", s)), "10.200.0.2").status()).as("another address")
			.isEqualTo(202);
	}

}
