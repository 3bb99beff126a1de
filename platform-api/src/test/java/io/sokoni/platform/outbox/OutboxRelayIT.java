package io.sokoni.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.sokoni.platform.database.AllDatabases;
import io.sokoni.platform.database.PlatformDatabase;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class OutboxRelayIT extends ApiTestBase {

	@Test
	void eventExistsOnlyIfItsTransactionCommitted() {
		TestTenant tenant = fixtures().tenant();
		OutboxWriter writer = context.getBean(OutboxWriter.class);
		TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		UUID aggregate = UUID.randomUUID();
		List<UUID> appended = new ArrayList<>();

		assertThatThrownBy(() -> TenantContext.runAs(TenantId.of(tenant.id()), () -> tx.executeWithoutResult(s -> {
			appended.add(writer.append("product", aggregate, "product.upserted", Map.of()));
			throw new IllegalStateException("the change failed after the event was appended");
		}))).isInstanceOf(IllegalStateException.class);
		UUID committed = TenantContext.callAs(TenantId.of(tenant.id()),
				() -> tx.execute(s -> writer.append("product", aggregate, "product.upserted", Map.of("n", 1))));

		List<UUID> stored = TenantSql.call(tenant.id(), jdbc -> jdbc.queryForList(
				"select id from app.outbox_events where aggregate_id = ?", UUID.class, aggregate));
		assertThat(appended).hasSize(1);
		assertThat(stored).containsExactly(committed).doesNotContain(appended.get(0));
		assertThatThrownBy(() -> writer.append("product", aggregate, "product.upserted", Map.of()))
			.as("appending outside a transaction is refused")
			.isInstanceOf(IllegalTransactionStateException.class);
	}

	@Test
	void failedDeliveryIsRetriedWithBackoffThenDelivered() {
		TestTenant tenant = fixtures().tenant();
		String type = uniqueType("flaky");
		UUID event = insertEvents(tenant.id(), type, List.of(UUID.randomUUID())).get(0);
		AtomicInteger calls = new AtomicInteger();
		// A first backoff of 1-2 s, not 200-400 ms: "not due again" below holds unless the machine stalls for
		// over a second between the two polls (answers taking a few hundred ms were common here under load).
		OutboxRelay relay = relay(props(5, Duration.ofSeconds(2)), handler(type, e -> {
			if (calls.incrementAndGet() == 1) {
				throw new IllegalStateException("search index unreachable");
			}
		}));

		assertThat(relay.pollOnce()).isEqualTo(1);
		Map<String, Object> failed = row(tenant.id(), event);
		assertThat(failed).containsEntry("status", "pending").containsEntry("attempts", 1);
		assertThat((String) failed.get("last_error")).contains("search index unreachable");
		assertThat((Boolean) failed.get("in_future")).as("next attempt is pushed back").isTrue();
		assertThat(failed.get("locked_until")).as("lease released").isNull();
		assertThat(relay.pollOnce()).as("not due again before its backoff").isZero();

		await().atMost(Duration.ofSeconds(10)).until(() -> relay.pollOnce() == 1);
		Map<String, Object> delivered = row(tenant.id(), event);
		assertThat(delivered).containsEntry("status", "delivered").containsEntry("attempts", 1);
		assertThat(delivered.get("delivered_at")).isNotNull();
		assertThat(calls).hasValue(2);
	}

	@Test
	void aCommitWakesTheRelayLongBeforeItsNextPoll() throws Exception {
		TestTenant tenant = fixtures().tenant();
		String type = uniqueType("woken");
		String ignored = uniqueType("not-delivered-here");
		List<UUID> handled = new CopyOnWriteArrayList<>();
		// Polls every 60 s: only a wake-up can deliver within the few seconds awaited below.
		OutboxProperties props = new OutboxProperties(true, Duration.ofSeconds(60), Duration.ofMillis(50), 50,
				Duration.ofSeconds(30), 10, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(5),
				Duration.ofSeconds(5), Duration.ofDays(7));
		OutboxRelay relay = relay(props, handler(type, e -> handled.add(e.id())));
		OutboxWriter writer = context.getBean(OutboxWriter.class);
		TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		relay.start();
		try {
			Thread.sleep(300); // the relay waits, having polled nothing yet
			assertThat(handled).isEmpty();
			UUID event = TenantContext.callAs(TenantId.of(tenant.id()), () -> tx.execute(s -> {
				writer.append("product", UUID.randomUUID(), ignored, Map.of());
				return writer.append("product", UUID.randomUUID(), type, Map.of());
			}));
			await().atMost(Duration.ofSeconds(5)).until(() -> handled.contains(event));
			assertThat(row(tenant.id(), event)).containsEntry("status", "delivered");
		}
		finally {
			relay.stop();
		}
		assertThat(relay.isRunning()).isFalse();
	}

	@Test
	void backoffGrowsExponentiallyWithJitterUpToTheCap() {
		OutboxRelay relay = relay(props(10, Duration.ofSeconds(1)), handler("unused", e -> {
		}));
		for (int i = 0; i < 50; i++) {
			assertThat(relay.backoff(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
			assertThat(relay.backoff(4)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
			assertThat(relay.backoff(40)).isBetween(Duration.ofSeconds(150), Duration.ofMinutes(5));
		}
	}

	@Test
	void eventIsParkedAfterMaxAttemptsAndAnOperatorCanRetryIt() {
		TestTenant tenant = fixtures().tenant();
		String type = uniqueType("poison");
		UUID event = insertEvents(tenant.id(), type, List.of(UUID.randomUUID())).get(0);
		AtomicInteger calls = new AtomicInteger();
		AtomicInteger failUntil = new AtomicInteger(Integer.MAX_VALUE);
		OutboxRelay relay = relay(props(3, Duration.ofMillis(10)), handler(type, e -> {
			if (calls.incrementAndGet() <= failUntil.get()) {
				throw new IllegalArgumentException("document rejected: bad price");
			}
		}));

		await().atMost(Duration.ofSeconds(10)).until(() -> {
			relay.pollOnce();
			return "parked".equals(row(tenant.id(), event).get("status"));
		});
		Map<String, Object> parked = row(tenant.id(), event);
		assertThat(parked).containsEntry("attempts", 3);
		assertThat((String) parked.get("last_error")).contains("IllegalArgumentException", "bad price");
		assertThat(calls).hasValue(3);
		assertThat(relay.pollOnce()).as("a parked event is not claimed").isZero();
		MeterRegistry metrics = context.getBean(MeterRegistry.class);
		assertThat(metrics.get("outbox.events.parked").tag("type", type).counter().count()).isEqualTo(1);
		assertThat(metrics.get("outbox.events.failed").tag("type", type).counter().count()).isEqualTo(2);

		Response list = api().get("/platform/v1/outbox/parked?tenantId=" + tenant.id()).operator().send();
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		assertThat(list.json().path("items")).hasSize(1);
		assertThat(list.json().path("items").path(0).path("id").asString()).isEqualTo(event.toString());
		assertThat(list.json().path("items").path(0).path("eventType").asString()).isEqualTo(type);
		assertThat(list.json().path("items").path(0).path("lastError").asString()).contains("bad price");
		assertThat(api().get("/platform/v1/outbox/parked").send().status()).as("operator only").isEqualTo(401);

		failUntil.set(0);
		Response retry = api().post("/platform/v1/outbox/" + tenant.id() + "/" + event + "/retry").operator().send();
		assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
		assertThat(retry.json().path("attempts").asInt()).isZero();
		assertThat(row(tenant.id(), event)).containsEntry("status", "pending");

		assertThat(relay.pollOnce()).isEqualTo(1);
		assertThat(row(tenant.id(), event)).containsEntry("status", "delivered");
		Response again = api().post("/platform/v1/outbox/" + tenant.id() + "/" + event + "/retry").operator().send();
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.problemType()).isEqualTo("conflict");
		Response unknown = api().post("/platform/v1/outbox/" + tenant.id() + "/" + UUID.randomUUID() + "/retry")
			.operator()
			.send();
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.problemType()).isEqualTo("not-found");
	}

	@Test
	void twoRelaysDeliverEveryEventExactlyOnceAndSkipNone() throws Exception {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		String type = uniqueType("concurrent");
		// 500 events over 300 aggregates: many aggregates have several events, which must never be
		// handled by both relays at once.
		List<UUID> aggregates = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			aggregates.add(UUID.randomUUID());
		}
		List<UUID> events = new ArrayList<>();
		for (TestTenant t : List.of(a, b)) {
			List<UUID> perTenant = new ArrayList<>();
			for (int i = 0; i < 250; i++) {
				perTenant.add(aggregates.get(i % aggregates.size()));
			}
			events.addAll(insertEvents(t.id(), type, perTenant));
		}
		Map<UUID, AtomicInteger> handled = new ConcurrentHashMap<>();
		Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
		List<String> overlaps = new CopyOnWriteArrayList<>();
		List<String> tenantMismatches = new CopyOnWriteArrayList<>();
		OutboxHandler counting = handler(type, e -> {
			String key = e.tenant() + "/" + e.aggregateId();
			if (inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
				overlaps.add(key);
			}
			if (!TenantContext.require().equals(e.tenant())) {
				tenantMismatches.add(e.id().toString());
			}
			handled.computeIfAbsent(e.id(), id -> new AtomicInteger()).incrementAndGet();
			Thread.yield();
			inFlight.get(key).decrementAndGet();
		});
		OutboxProperties props = props(10, Duration.ofSeconds(1), 20);
		List<OutboxRelay> relays = List.of(relay(props, counting), relay(props, counting));

		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<Integer>> claimed = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			for (OutboxRelay relay : relays) {
				claimed.add(pool.submit(() -> {
					int total = 0;
					while (handled.size() < events.size() && System.nanoTime() < deadline) {
						total += relay.pollOnce();
					}
					return total;
				}));
			}
			int first = claimed.get(0).get();
			int second = claimed.get(1).get();
			assertThat(first + second).as("claims of both relays").isEqualTo(events.size());
			assertThat(first).as("the first relay took part").isPositive();
			assertThat(second).as("the second relay took part").isPositive();
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(handled.keySet()).containsExactlyInAnyOrderElementsOf(events);
		assertThat(handled.values()).allSatisfy(count -> assertThat(count).hasValue(1));
		assertThat(overlaps).as("one aggregate handled by two relays at once").isEmpty();
		assertThat(tenantMismatches).as("handled with another tenant bound").isEmpty();
		for (TestTenant t : List.of(a, b)) {
			List<String> statuses = TenantSql.call(t.id(), jdbc -> jdbc.queryForList(
					"select distinct status from app.outbox_events where event_type = ?", String.class, type));
			assertThat(statuses).containsExactly("delivered");
		}
	}

	/**
	 * A batch whose handler takes three leases' time stays its relay's: its lease is renewed meanwhile, so
	 * a second relay polling all along (another instance) claims none of it, and the batch is marked
	 * delivered by the first. Without renewal the second relay would deliver every event again.
	 */
	@Test
	void aBatchSlowerThanItsLeaseIsRenewedAndNotDeliveredTwice() throws Exception {
		TestTenant tenant = fixtures().tenant();
		String type = uniqueType("slow");
		List<UUID> events = insertEvents(tenant.id(), type,
				List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()));
		Map<UUID, AtomicInteger> handled = new ConcurrentHashMap<>();
		OutboxHandler slow = handler(type, e -> {
			handled.computeIfAbsent(e.id(), id -> new AtomicInteger()).incrementAndGet();
			try {
				Thread.sleep(1_000); // three events: 3 s, three times the 1 s lease
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		OutboxProperties props = new OutboxProperties(false, Duration.ofMillis(200), Duration.ofMillis(50), 10,
				Duration.ofSeconds(1), 10, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(5),
				Duration.ofSeconds(5), Duration.ofDays(7));
		OutboxRelay first = relay(props, slow);
		OutboxRelay second = relay(props, slow);

		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Future<Integer> slowBatch = pool.submit(first::pollOnce);
			await().atMost(Duration.ofSeconds(10)).until(() -> !handled.isEmpty()); // the first holds the batch
			int claimedBySecond = 0;
			while (!slowBatch.isDone()) {
				claimedBySecond += second.pollOnce();
				Thread.sleep(100);
			}
			assertThat(slowBatch.get()).as("claimed by the first relay").isEqualTo(3);
			assertThat(claimedBySecond).as("claimed by the second relay while the first delivered").isZero();
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(handled.keySet()).containsExactlyInAnyOrderElementsOf(events);
		assertThat(handled.values()).allSatisfy(count -> assertThat(count).hasValue(1));
		List<String> statuses = TenantSql.call(tenant.id(), jdbc -> jdbc.queryForList(
				"select distinct status from app.outbox_events where event_type = ?", String.class, type));
		assertThat(statuses).containsExactly("delivered");
	}

	@Test
	void deliveredEventsArePurgedAfterTheRetentionPeriodAndNothingElse() {
		TestTenant tenant = fixtures().tenant();
		String type = uniqueType("purge");
		UUID old = UUID.randomUUID();
		UUID recent = UUID.randomUUID();
		UUID pending = UUID.randomUUID();
		TenantSql.run(tenant.id(), jdbc -> jdbc.update("""
				insert into app.outbox_events (tenant_id, id, aggregate_type, aggregate_id, event_type, status, delivered_at)
				values (?, ?, 'test', ?, ?, 'delivered', now() - interval '8 days'),
				       (?, ?, 'test', ?, ?, 'delivered', now() - interval '1 day'),
				       (?, ?, 'test', ?, ?, 'parked', null)""", tenant.id(), old, UUID.randomUUID(), type, tenant.id(),
				recent, UUID.randomUUID(), type, tenant.id(), pending, UUID.randomUUID(), type));

		int purged = relay(props(3, Duration.ofSeconds(1)), handler(type, e -> {
		})).purgeDelivered();

		assertThat(purged).isGreaterThanOrEqualTo(1);
		List<UUID> left = TenantSql.call(tenant.id(), jdbc -> jdbc.queryForList(
				"select id from app.outbox_events where event_type = ? order by id", UUID.class, type));
		assertThat(left).containsExactlyInAnyOrder(recent, pending);
	}

	@Test
	void backlogAndLagAreMeasuredAndHealthIsDownWhenTheOldestEventIsTooOld() {
		TestTenant tenant = fixtures().tenant();
		UUID event = UUID.randomUUID();
		UUID waiting = UUID.randomUUID();
		OutboxMonitor monitor = context.getBean(OutboxMonitor.class);
		// A delivered type stuck in its backoff counts; a type no handler of this version delivers
		// (order notifications before their channel exists) waits for its handler and does not.
		TenantSql.run(tenant.id(), jdbc -> {
			jdbc.update("""
					insert into app.outbox_events (tenant_id, id, aggregate_type, aggregate_id, event_type, created_at,
					                               next_attempt_at)
					values (?, ?, 'product', ?, 'product.upserted', now() - interval '1 hour', now() + interval '1 hour')""",
					tenant.id(), event, UUID.randomUUID());
			jdbc.update("""
					insert into app.outbox_events (tenant_id, id, aggregate_type, aggregate_id, event_type, created_at)
					values (?, ?, 'test', ?, ?, now() - interval '2 hours')""", tenant.id(), waiting, UUID.randomUUID(),
					uniqueType("unhandled"));
		});
		try {
			OutboxMonitor.Snapshot snapshot = monitor.read();
			assertThat(snapshot.backlog()).isPositive();
			assertThat(snapshot.lagSeconds()).as("the 2-hour-old unhandled event is not lag")
				.isGreaterThanOrEqualTo(3600)
				.isLessThan(7200);

			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				Response health = api().get("/actuator/health/outbox").operator().send();
				assertThat(health.status()).isEqualTo(503);
				assertThat(health.json().path("status").asString()).isEqualTo(Status.DOWN.getCode());
				assertThat(health.json().path("details").path("lagSeconds").asLong()).isGreaterThanOrEqualTo(3600);
				assertThat(health.json().path("details").has("backlog")).isTrue();
				assertThat(health.json().path("details").has("parked")).isTrue();
			});
			MeterRegistry metrics = context.getBean(MeterRegistry.class);
			assertThat(metrics.get("outbox.lag").gauge().value()).isGreaterThanOrEqualTo(3600);
			assertThat(metrics.get("outbox.backlog").gauge().value()).isPositive();
			Response scrape = api().get("/actuator/prometheus").operator().send();
			assertThat(scrape.status()).isEqualTo(200);
			assertThat(scrape.body()).contains("outbox_backlog", "outbox_lag_seconds", "outbox_parked");
		}
		finally {
			TenantSql.run(tenant.id(), jdbc -> jdbc
				.update("update app.outbox_events set status = 'delivered' where id in (?, ?)", event, waiting));
		}
	}

	/**
	 * The relay claims every 200 ms while events of types it does not deliver (order notifications) pile
	 * up pending. Its claim is a prepared statement, so PostgreSQL soon runs it with a generic plan; that
	 * plan must still reach the due events through a partial index of pending events. With the status
	 * bound as a parameter it could not, and each claim scanned the whole pending backlog. Likewise the
	 * check for a leased event of the same aggregate: without an index of leased events it read every
	 * event the table holds, delivered ones included, once per claim.
	 */
	@Test
	void claimKeepsToThePendingEventIndexesInAGenericPlan() {
		List<String> statements = new CopyOnWriteArrayList<>();
		DSLContext platform = context.getBean(PlatformDatabase.class).dsl();
		DSLContext recording = platform.configuration()
			.derive(new DefaultExecuteListenerProvider(new ExecuteListener() {
				@Override
				public void executeStart(ExecuteContext ctx) {
					statements.add(ctx.sql());
				}
			}))
			.dsl();

		context.getBean(OutboxRepository.class)
			.claim(recording, Set.of(uniqueType("planned")), 10, Duration.ofSeconds(5));

		assertThat(statements).hasSize(1);
		String claim = statements.get(0);
		assertThat(claim).contains("\"status\" = 'pending'");
		String plan = platform.connectionResult(connection -> {
			try (var statement = connection.createStatement()) {
				int parameters = 0;
				StringBuilder numbered = new StringBuilder();
				for (char c : claim.toCharArray()) {
					numbered.append(c == '?' ? "$" + ++parameters : String.valueOf(c));
				}
				statement.execute("set plan_cache_mode = force_generic_plan");
				statement.execute("set enable_seqscan = off"); // a small test table must not hide the choice
				statement.execute("prepare claim_plan as " + numbered);
				StringBuilder text = new StringBuilder();
				try (var rows = statement.executeQuery("explain execute claim_plan("
						+ String.join(", ", java.util.Collections.nCopies(parameters, "null")) + ")")) {
					while (rows.next()) {
						text.append(rows.getString(1)).append('\n');
					}
				}
				statement.execute("deallocate claim_plan");
				statement.execute("reset plan_cache_mode");
				statement.execute("reset enable_seqscan");
				return text.toString();
			}
		});
		assertThat(plan).containsPattern("outbox_events_(pending_\\w+|due)_idx on outbox_events\\b")
			.as("no scan of every pending event by status alone")
			.doesNotContainPattern("Index Cond: \\(status = ")
			.as("the leased sibling check reads leased events only, not every event of the table")
			.contains("outbox_events_leased_idx on outbox_events sibling");
	}

	private OutboxRelay relay(OutboxProperties props, OutboxHandler handler) {
		return new OutboxRelay(context.getBean(OutboxRepository.class), context.getBean(AllDatabases.class),
				List.of(handler), props, context.getBean(MeterRegistry.class), context,
				context.getBean(OutboxWakeups.class));
	}

	private static OutboxProperties props(int maxAttempts, Duration backoffBase) {
		return props(maxAttempts, backoffBase, 50);
	}

	private static OutboxProperties props(int maxAttempts, Duration backoffBase, int batchSize) {
		return new OutboxProperties(false, Duration.ofMillis(200), Duration.ofMillis(50), batchSize,
				Duration.ofSeconds(30), maxAttempts,
				backoffBase, Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofDays(7));
	}

	private static OutboxHandler handler(String type, Consumer<OutboxEvent> work) {
		return new OutboxHandler() {
			@Override
			public Set<String> eventTypes() {
				return Set.of(type);
			}

			@Override
			public void handle(OutboxEvent event) {
				work.accept(event);
			}
		};
	}

	/** A type no other test (and no application handler) claims. */
	private static String uniqueType(String name) {
		return "test." + name + "." + UUID.randomUUID().toString().substring(0, 8);
	}

	private static List<UUID> insertEvents(UUID tenant, String type, List<UUID> aggregates) {
		List<Object[]> rows = new ArrayList<>();
		List<UUID> ids = new ArrayList<>();
		for (UUID aggregate : aggregates) {
			UUID id = io.sokoni.platform.Ids.next();
			ids.add(id);
			rows.add(new Object[] { tenant, id, aggregate, type });
		}
		TenantSql.run(tenant, jdbc -> jdbc.batchUpdate("""
				insert into app.outbox_events (tenant_id, id, aggregate_type, aggregate_id, event_type)
				values (?, ?, 'test', ?, ?)""", rows));
		return ids;
	}

	private static Map<String, Object> row(UUID tenant, UUID event) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForMap("""
				select status, attempts, last_error, locked_until, delivered_at, next_attempt_at > now() as in_future
				from app.outbox_events where id = ?""", event));
	}

}
