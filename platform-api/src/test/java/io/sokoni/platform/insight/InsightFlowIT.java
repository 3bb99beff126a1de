package io.sokoni.platform.insight;

import static io.sokoni.platform.insight.InsightTestSupport.count;
import static io.sokoni.platform.insight.InsightTestSupport.event;
import static io.sokoni.platform.insight.InsightTestSupport.sendAll;
import static io.sokoni.platform.insight.InsightTestSupport.session;
import static io.sokoni.platform.insight.InsightTestSupport.times;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.outbox.OutboxRelay;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * From events to figures and cards: storefront events and the server's own (from outbox events of
 * orders, payments and abandoned carts), refreshed into the daily aggregates, read through the admin
 * API, judged into cards; and none of it crosses tenants.
 */
@TestPropertySource(locations = "classpath:insight-test.properties")
class InsightFlowIT extends ApiTestBase {

	private TestTenant a;

	private TestTenant b;

	private final UUID popular = UUID.randomUUID();

	private final List<UUID> outboxOfA = new ArrayList<>();

	@BeforeEach
	void aBusyStoreAndAQuietOne() {
		a = fixtures().tenant();
		b = fixtures().tenant();
		// A: a product viewed 120 times and never bought, a search that finds nothing six times, three
		// checkouts started; ten M-Pesa orders in Kilimani of which six payments failed and one was paid;
		// six carts left in Karen for the delivery cost.
		String s = session();
		List<Map<String, Object>> events = new ArrayList<>(times(120, i -> event("product_view", session(), "productId",
				popular.toString(), "cityArea", "Kilimani")));
		events.addAll(times(2, i -> event("add_to_cart", s, "productId", popular.toString())));
		events.addAll(times(6, i -> event("search", session(), "query", "Maasai sandals", "resultCount", 0)));
		events.addAll(times(3, i -> event("checkout_start", s)));
		sendAll(api(), a, events);
		for (int i = 0; i < 10; i++) {
			UUID order = order(a, "mpesa");
			outboxOfA.add(outbox(a, "order", order, "order.placed", "{}"));
			if (i < 6) {
				outboxOfA.add(outbox(a, "order", order, "order.payment_failed",
						"{\"reason\": \"The customer cancelled the M-Pesa prompt\"}"));
			}
			if (i == 9) {
				outboxOfA.add(outbox(a, "order", order, "order.paid", "{\"amountPaidCents\": 170000}"));
			}
		}
		for (int i = 0; i < 6; i++) {
			outboxOfA.add(outbox(a, "cart", abandonedCart(a, "Karen", "delivery_cost"), "cart.abandoned", "{}"));
		}
		// B: below every threshold.
		sendAll(api(), b, times(50, i -> event("product_view", session(), "productId", popular.toString())));
		sendAll(api(), b, times(3, i -> event("search", session(), "query", "maasai sandals", "resultCount", 0)));
		outbox(b, "order", order(b, "cod"), "order.placed", "{}");
		deliverOutboxAndRefresh();
	}

	@Test
	void theFunnelCountsStorefrontAndServerEventsByChannelAndArea() {
		JsonNode funnel = get(a, "/admin/v1/insights/funnel?storeId=" + a.storeId());
		JsonNode total = funnel.path("total");
		assertThat(total.path("productViews").asLong()).isEqualTo(120);
		assertThat(total.path("addToCarts").asLong()).isEqualTo(2);
		assertThat(total.path("checkoutStarts").asLong()).isEqualTo(3);
		assertThat(total.path("orders").asLong()).isEqualTo(10);
		assertThat(total.path("paid").asLong()).isEqualTo(1);
		assertThat(total.path("paymentsStarted").asLong()).isEqualTo(10);
		assertThat(total.path("paymentsFailed").asLong()).isEqualTo(6);
		assertThat(total.path("cartsAbandoned").asLong()).isEqualTo(6);
		assertThat(total.path("revenueCents").asLong()).isEqualTo(170_000);
		assertThat(funnel.path("byChannel")).hasSize(1);
		assertThat(funnel.path("byChannel").path(0).path("key").asString()).isEqualTo("web");
		JsonNode kilimani = find(funnel.path("byCityArea"), "key", "kilimani");
		assertThat(kilimani.path("steps").path("productViews").asLong()).isEqualTo(120);
		assertThat(kilimani.path("steps").path("orders").asLong()).isEqualTo(10);

		JsonNode ofB = get(b, "/admin/v1/insights/funnel").path("total");
		assertThat(ofB.path("productViews").asLong()).isEqualTo(50);
		assertThat(ofB.path("orders").asLong()).isEqualTo(1);
		assertThat(ofB.path("paymentsStarted").asLong()).as("cash on delivery starts no payment").isZero();
	}

	@Test
	void theFunnelAlsoCountsDistinctSessionsPerStepEachOnceAcrossRefreshes() {
		// A: 120 sessions viewed the product once each; one session added twice and started three checkouts;
		// six sessions searched. Events: 2 add-to-carts, 3 checkout starts; sessions: 1 and 1.
		JsonNode sessions = get(a, "/admin/v1/insights/funnel").path("sessions");
		assertThat(sessions.path("sessions").asLong()).isEqualTo(127);
		assertThat(sessions.path("productViews").asLong()).isEqualTo(120);
		assertThat(sessions.path("addToCarts").asLong()).isEqualTo(1);
		assertThat(sessions.path("checkoutStarts").asLong()).isEqualTo(1);
		assertThat(sessions.path("whatsappClicks").asLong()).isZero();
		JsonNode ofB = get(b, "/admin/v1/insights/funnel?storeId=" + b.storeId()).path("sessions");
		assertThat(ofB.path("sessions").asLong()).isEqualTo(53);
		assertThat(ofB.path("productViews").asLong()).isEqualTo(50);
		assertThat(get(a, "/admin/v1/insights/funnel?storeId=" + b.storeId()).path("sessions").path("sessions").asLong())
			.as("A naming B's store").isZero();

		// The session that added to its cart comes back: it views the product, adds again, clicks to WhatsApp.
		String back = TenantSql.call(a.id(), jdbc -> jdbc.queryForObject(
				"select session_id from app.insight_events where event_type = 'add_to_cart' limit 1", String.class));
		sendAll(api(), a, List.of(event("product_view", back, "productId", popular.toString()),
				event("add_to_cart", back, "productId", popular.toString()), event("whatsapp_click", back)));
		context.getBean(InsightRefreshJob.class).refreshDue();
		JsonNode after = get(a, "/admin/v1/insights/funnel");
		assertThat(after.path("total").path("addToCarts").asLong()).as("events").isEqualTo(3);
		assertThat(after.path("sessions").path("sessions").asLong()).as("the same session, not a new one").isEqualTo(127);
		assertThat(after.path("sessions").path("productViews").asLong()).isEqualTo(121);
		assertThat(after.path("sessions").path("addToCarts").asLong()).isEqualTo(1);
		assertThat(after.path("sessions").path("whatsappClicks").asLong()).isEqualTo(1);
	}

	@Test
	void productsSearchesAbandonmentsAndRevenueAreReported() {
		JsonNode products = get(a, "/admin/v1/insights/products");
		assertThat(products).hasSize(1);
		assertThat(products.path(0).path("productId").asString()).isEqualTo(popular.toString());
		assertThat(products.path(0).path("views").asLong()).isEqualTo(120);
		assertThat(products.path(0).path("addToCarts").asLong()).isEqualTo(2);
		assertThat(products.path(0).path("conversionRate").asDouble()).isZero();

		JsonNode searches = get(a, "/admin/v1/insights/searches/no-results");
		assertThat(searches).hasSize(1);
		assertThat(searches.path(0).path("query").asString()).isEqualTo("maasai sandals");
		assertThat(searches.path(0).path("emptySearches").asLong()).isEqualTo(6);

		JsonNode abandonments = get(a, "/admin/v1/insights/abandonments");
		assertThat(abandonments.path("byReason").path(0).path("reason").asString()).isEqualTo("delivery_cost");
		assertThat(abandonments.path("byReason").path(0).path("carts").asLong()).isEqualTo(6);
		assertThat(abandonments.path("byArea").path(0).path("cityArea").asString()).isEqualTo("karen");

		JsonNode revenue = get(a, "/admin/v1/insights/revenue");
		assertThat(revenue).hasSize(30);
		long total = 0;
		for (JsonNode day : revenue) {
			total += day.path("revenueCents").asLong();
		}
		assertThat(total).isEqualTo(170_000);
	}

	@Test
	void aRedeliveredOutboxEventChangesNothing() {
		long before = count(a, "select count(*) from app.insight_events where source = 'server'");
		assertThat(before).isEqualTo(10 + 10 + 6 + 1 + 6);
		TransactionTemplate tx = context.getBean(TransactionTemplate.class);
		InsightEventRepository repository = context.getBean(InsightEventRepository.class);
		Object again = TenantContext.callAs(TenantId.of(a.id()), () -> tx.execute(s -> repository.insertFromOutbox(outboxOfA)));
		assertThat(again).as("nothing written").isNull();
		assertThat(count(a, "select count(*) from app.insight_events where source = 'server'")).isEqualTo(before);
	}

	@Test
	void eachCardRuleFiresForTheBusyStoreAndNoneForTheQuietOne() {
		JsonNode cards = get(a, "/admin/v1/insights/cards").path("items");
		List<String> rules = new ArrayList<>();
		cards.forEach(c -> rules.add(c.path("rule").asString()));
		assertThat(rules).containsExactlyInAnyOrder("delivery_fee_abandonment", "product_low_conversion",
				"payment_failure_rate", "searches_without_results");
		JsonNode fee = find(cards, "rule", "delivery_fee_abandonment");
		assertThat(fee.path("appliesToArea").asString()).isEqualTo("karen");
		assertThat(fee.path("metricSnapshot").path("feeLedAbandonments").asLong()).isEqualTo(6);
		JsonNode payment = find(cards, "rule", "payment_failure_rate");
		assertThat(payment.path("severity").asString()).isEqualTo("action");
		assertThat(payment.path("metricSnapshot").path("failureRate").asDouble()).isEqualTo(0.6);
		assertThat(find(cards, "rule", "product_low_conversion").path("appliesToProductId").asString())
			.isEqualTo(popular.toString());

		assertThat(get(b, "/admin/v1/insights/cards").path("items")).isEmpty();
	}

	@Test
	void aDismissedCardStaysDismissedAndTheDismissalIsAudited() {
		JsonNode card = find(get(a, "/admin/v1/insights/cards").path("items"), "rule", "searches_without_results");
		String path = "/admin/v1/insights/cards/" + card.path("id").asString();
		String viewer = fixtures().staffMember(a, "viewer");
		assertThat(api().post(path + "/dismiss").bearer(viewer).send().status()).isEqualTo(403);
		assertThat(api().get(path).bearer(viewer).send().status()).as("a viewer reads").isEqualTo(200);
		assertThat(api().post(path + "/dismiss").bearer(b.ownerToken()).send().status()).as("another tenant's card")
			.isEqualTo(404);
		assertThat(api().get(path).bearer(b.ownerToken()).send().status()).isEqualTo(404);

		Response dismissed = api().post(path + "/dismiss").bearer(a.ownerToken()).send();
		assertThat(dismissed.status()).as(dismissed.toString()).isEqualTo(200);
		assertThat(dismissed.json().path("dismissedBy").asString()).isEqualTo(a.ownerId().toString());
		assertThat(api().post(path + "/dismiss").bearer(a.ownerToken()).send().status()).as("again").isEqualTo(200);
		assertThat(count(a, "select count(*) from app.audit_log where action = 'insight_card.dismissed' and target_id = ?",
				card.path("id").asString())).isEqualTo(1);

		TenantContext.runAs(TenantId.of(a.id()), () -> context.getBean(InsightCards.class).generate());
		JsonNode active = get(a, "/admin/v1/insights/cards");
		assertThat(active.path("items")).hasSize(3);
		JsonNode gone = get(a, "/admin/v1/insights/cards?status=dismissed").path("items");
		assertThat(gone).hasSize(1);
		assertThat(gone.path(0).path("id").asString()).isEqualTo(card.path("id").asString());
	}

	@Test
	void aRefreshTakesOnlyTenantsWithNewEventsAndOnlyTheirNewDays() {
		String refreshedB = TenantSql.call(b.id(), jdbc -> jdbc.queryForObject(
				"select refreshed_at::text from app.insight_refresh_state", String.class));
		sendAll(api(), a, times(5, i -> event("product_view", session(), "productId", popular.toString())));
		assertThat(count(a, "select count(*) from app.insight_refresh_state where dirty_from >= current_date - 1"))
			.isEqualTo(1);
		context.getBean(InsightRefreshJob.class).refreshDue();
		assertThat(get(a, "/admin/v1/insights/funnel").path("total").path("productViews").asLong()).isEqualTo(125);
		assertThat(count(a, "select count(*) from app.insight_refresh_state where dirty_from is null")).isEqualTo(1);
		String refreshedBAfter = TenantSql.call(b.id(), jdbc -> jdbc.queryForObject(
				"select refreshed_at::text from app.insight_refresh_state", String.class));
		assertThat(refreshedBAfter).as("B had nothing new: not refreshed again").isEqualTo(refreshedB);
	}

	@Test
	void badQueriesAre400() {
		for (String query : List.of("/funnel?from=2026-12-07&to=2026-12-01", "/funnel?from=2024-01-01&to=2026-01-01",
				"/funnel?from=yesterday", "/funnel?storeId=nope", "/products?sort=price", "/products?limit=0",
				"/searches/no-results?limit=101", "/cards?status=old", "/cards?after=nope")) {
			Response r = api().get("/admin/v1/insights" + query).bearer(a.ownerToken()).send();
			assertThat(r.status()).as(query + " " + r).isEqualTo(400);
		}
		assertThat(api().get("/admin/v1/insights/funnel").send().status()).as("no token").isEqualTo(401);
		assertThat(api().get("/admin/v1/insights/cards/" + UUID.randomUUID()).bearer(a.ownerToken()).send().status())
			.isEqualTo(404);
	}

	@Test
	void datesOutsideTheSupportedYearsAre400AndTheBoundsAreReadAsGiven() {
		for (String query : List.of("/revenue?from=0000-01-01&to=0000-12-31", "/revenue?from=-0001-01-01&to=-0001-01-31",
				"/revenue?from=1582-10-01&to=1582-10-31", "/funnel?to=%2B999999999-12-31", "/funnel?from=%2B10000-01-01",
				"/products?from=9999-12-31&to=%2B10000-01-01", "/searches/no-results?to=%2B999999999-12-31",
				"/abandonments?from=1899-12-31&to=1900-01-01", "/revenue?from=%2B999999999-12-01&to=%2B999999999-12-31")) {
			Response r = api().get("/admin/v1/insights" + query).bearer(a.ownerToken()).send();
			assertThat(r.status()).as(query + " " + r).isEqualTo(400);
			assertThat(r.problemType()).isEqualTo("validation-failed");
		}
		assertThat(get(a, "/admin/v1/insights/revenue?from=1900-01-01&to=1900-01-02").findValuesAsString("day"))
			.containsExactly("1900-01-01", "1900-01-02");
		assertThat(get(a, "/admin/v1/insights/revenue?from=9999-12-30&to=9999-12-31").findValuesAsString("day"))
			.containsExactly("9999-12-30", "9999-12-31");
		assertThat(get(a, "/admin/v1/insights/funnel?from=9999-12-30&to=9999-12-31").path("total").path("productViews")
			.asLong()).isZero();
	}

	@Test
	void anotherTenantsStoreShowsNothing() {
		// A names B's store: RLS and the tenant condition leave nothing to show.
		JsonNode funnel = get(a, "/admin/v1/insights/funnel?storeId=" + b.storeId()).path("total");
		assertThat(funnel.path("productViews").asLong()).isZero();
		assertThat(get(a, "/admin/v1/insights/products?storeId=" + b.storeId())).isEmpty();
		assertThat(get(a, "/admin/v1/insights/searches/no-results?storeId=" + b.storeId())).isEmpty();
		assertThat(get(a, "/admin/v1/insights/cards?storeId=" + b.storeId()).path("items")).isEmpty();
		assertThat(get(b, "/admin/v1/insights/abandonments").path("byReason")).isEmpty();
	}

	private void deliverOutboxAndRefresh() {
		OutboxRelay relay = context.getBean(OutboxRelay.class);
		InsightTestSupport.await("the outbox events of A and B recorded", () -> {
			relay.pollOnce();
			return count(a, "select count(*) from app.insight_events where source = 'server'") == 33
					&& count(b, "select count(*) from app.insight_events where source = 'server'") == 1;
		});
		context.getBean(InsightRefreshJob.class).refreshDue();
	}

	private JsonNode get(TestTenant tenant, String path) {
		Response r = api().get(path).bearer(tenant.ownerToken()).send();
		assertThat(r.status()).as(path + " " + r).isEqualTo(200);
		return r.json();
	}

	private static JsonNode find(JsonNode list, String field, String value) {
		for (JsonNode item : list) {
			if (value.equals(item.path(field).asString())) {
				return item;
			}
		}
		throw new AssertionError("no item with " + field + " = " + value + " in " + list);
	}

	/** An order seeded with SQL, in Kilimani. */
	static UUID order(TestTenant tenant, String paymentMethod) {
		UUID customer = UUID.randomUUID();
		UUID order = UUID.randomUUID();
		TenantSql.run(tenant.id(), jdbc -> {
			jdbc.update("insert into app.customers (tenant_id, id, phone, name) values (?, ?, ?, 'Wanjiku Kamau')",
					tenant.id(), customer, "+2547" + String.format("%08d", (long) (Math.random() * 1e8)));
			Long number = jdbc.queryForObject("""
					insert into app.order_counters (tenant_id, last_number) values (?, 1)
					on conflict (tenant_id) do update set last_number = app.order_counters.last_number + 1
					returning last_number""", Long.class, tenant.id());
			jdbc.update("""
					insert into app.orders (tenant_id, id, store_id, order_number, customer_id, status, channel, currency,
					    subtotal_cents, delivery_fee_cents, discount_cents, total_cents, payment_method,
					    customer_phone, customer_name, delivery_city_area)
					values (?, ?, ?, ?, ?, 'awaiting_payment', 'web', 'KES', 150000, 20000, 0, 170000, ?, '+254712345678',
					    'Wanjiku Kamau', ' Kilimani ')""", tenant.id(), order, tenant.storeId(), number, customer,
					paymentMethod);
		});
		return order;
	}

	/** An abandoned cart with the shopper's reason, seeded with SQL. */
	static UUID abandonedCart(TestTenant tenant, String area, String reason) {
		UUID cart = UUID.randomUUID();
		TenantSql.run(tenant.id(), jdbc -> {
			jdbc.update("""
					insert into app.carts (tenant_id, id, store_id, token_hash, status, currency, city_area, expires_at,
					                       abandoned_at)
					values (?, ?, ?, ?, 'abandoned', 'KES', ?, now() + interval '1 day', now())""", tenant.id(), cart,
					tenant.storeId(), "hash-" + cart, area);
			jdbc.update("insert into app.checkout_abandonment_reasons (tenant_id, id, cart_id, reason) values (?, ?, ?, ?)",
					tenant.id(), UUID.randomUUID(), cart, reason);
		});
		return cart;
	}

	static UUID outbox(TestTenant tenant, String aggregateType, UUID aggregateId, String type, String payload) {
		UUID id = UUID.randomUUID();
		TenantSql.run(tenant.id(), jdbc -> jdbc.update("""
				insert into app.outbox_events (tenant_id, id, aggregate_type, aggregate_id, event_type, payload)
				values (?, ?, ?, ?, ?, ?::jsonb)""", tenant.id(), id, aggregateType, aggregateId, type, payload));
		return id;
	}

}
