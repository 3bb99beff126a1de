package io.sokoni.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.sokoni.db.ScratchDatabase;
import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.order.ReservationExpiryJob;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.SecondPostgresServer;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Tenants across database servers: a second PostgreSQL server (a cluster this test creates with
 * initdb and starts with pg_ctl) registered as a dedicated database. A tenant moved there is served
 * from it only (storefront, admin, checkout), its outbox relayed and its unpaid holds expired; it
 * moves back without losing a write; with that server stopped its requests get 503 at once while the
 * other tenants are served as before, health names the database, and it recovers without a restart.
 * Skipped when this machine has no initdb/pg_ctl. The context is discarded afterwards (its pools knew
 * the stopped server).
 */
@DirtiesContext
class SecondServerIT extends ApiTestBase {

	private static SecondPostgresServer server;

	/** Databases this test registered: retired before the server goes, so no later context migrates them. */
	private static final List<String> registered = new ArrayList<>();

	@BeforeAll
	static void startSecondServer() throws Exception {
		assumeTrue(TestDatabase.get().isPresent(), "no PostgreSQL reachable: skipped");
		Optional<SecondPostgresServer> found = SecondPostgresServer.find();
		assumeTrue(found.isPresent(), "no initdb/pg_ctl on this machine (or no postgres user under root): skipped");
		server = found.get().start();
	}

	@AfterAll
	static void removeSecondServer() throws SQLException {
		if (server == null) {
			return;
		}
		try {
			for (String name : registered) {
				TenantSql.run(null, jdbc -> jdbc.update("update app.db_connections set status = 'retired' where name = ?", name));
			}
		}
		finally {
			server.close();
		}
	}

	@Test
	void tenantOnTheSecondServerIsServedFromItMovesBackAndSurvivesItsOutage() throws Exception {
		Registered db = registerOnSecondServer();
		TestTenant tenant = fixtures().tenant();
		TestTenant shared = fixtures().tenant();
		OrderFixtures shop = new OrderFixtures(api(), tenant);
		UUID variant = shop.variant(5_000, 10);

		Response moved = api().put("/platform/v1/tenants/" + tenant.id() + "/database").operator()
			.body(Map.of("databaseId", db.id())).send();
		assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
		assertThat(moved.json().path("tenant").path("database").asString()).isEqualTo(db.name());
		assertThat(moved.json().path("rowsCopied").path("product_variants").asInt()).isEqualTo(1);

		// Served from the second server only: storefront, admin, checkout.
		Response store = api().get("/storefront/v1/store").host(tenant.host()).send();
		assertThat(store.status()).as(store.toString()).isEqualTo(200);
		assertThat(store.json().path("slug").asString()).isEqualTo(tenant.slug());
		assertThat(api().get("/admin/v1/stores/" + tenant.storeId()).bearer(tenant.ownerToken()).send().status())
			.isEqualTo(200);
		UUID cod = checkout(shop, variant, "cod");
		UUID unpaid = checkout(shop, variant, "mpesa");
		assertThat(count(db.url(), tenant.id(), "select count(*) from app.orders")).isEqualTo(2);
		assertThat(count(shared(), tenant.id(), "select count(*) from app.orders")).as("shared").isZero();
		assertThat(count(shared(), tenant.id(), "select count(*) from app.products")).as("shared").isZero();

		// Its jobs run there: the unpaid hold lapses and the expiry job cancels the order.
		TenantSql.call(db.url(), tenant.id(), jdbc -> jdbc.update(
				"update app.inventory_reservations set expires_at = now() - interval '1 minute' where order_id = ?",
				unpaid));
		// (The jobs re-read the list of databases every 10 s: the new one may take that long to join.)
		ReservationExpiryJob expiry = context.getBean(ReservationExpiryJob.class);
		awaitTrue("the expiry job cancels the lapsed order on the second server", () -> {
			expiry.expireLapsed();
			return "cancelled".equals(single(db.url(), tenant.id(), "select status from app.orders where id = ?", unpaid));
		});
		assertThat(single(db.url(), tenant.id(), "select status from app.orders where id = ?", cod)).isEqualTo("pending");

		// Its outbox is relayed from there.
		Response product = createProduct(tenant, "on-second-server");
		assertThat(product.status()).as(product.toString()).isEqualTo(201);
		assertThat(count(db.url(), tenant.id(), "select count(*) from app.outbox_events")).isPositive();
		awaitTrue("events of the second server delivered",
				() -> count(db.url(), tenant.id(), "select count(*) from app.outbox_events where status <> 'delivered'") == 0);

		// The other tenant stays shared, and nothing of it reaches the second server.
		assertThat(api().get("/storefront/v1/store").host(shared.host()).send().status()).isEqualTo(200);
		assertThat(count(db.url(), shared.id(), "select count(*) from app.stores")).isZero();

		// The second server goes down: its tenant gets 503 at once, the shared tenant does not notice.
		server.stopImmediately();
		try {
			Supplier<Response> tenantStores = () -> api().get("/admin/v1/stores").bearer(tenant.ownerToken()).send();
			assertUnavailable(tenantStores, Duration.ofSeconds(5));
			// A burst of its requests, each answered 503, while the shared tenant answers quickly. When the
			// loss shows as a connection attempt failing (not as a connection breaking), the requests already
			// waiting for a connection wait out one connection timeout (3 s); all later ones fail at once.
			// (It took 6.06 s for 32 requests when one request a second waited out the timeout itself.)
			ExecutorService burst = Executors.newFixedThreadPool(16);
			try {
				long burstStarted = System.nanoTime();
				List<Future<Response>> answers = new ArrayList<>();
				for (int i = 0; i < 32; i++) {
					answers.add(burst.submit(tenantStores::get));
				}
				long sharedStarted = System.nanoTime();
				Response sharedStore = api().get("/storefront/v1/store").host(shared.host()).send();
				Duration sharedTook = Duration.ofNanos(System.nanoTime() - sharedStarted);
				assertThat(sharedStore.status()).as(sharedStore.toString()).isEqualTo(200);
				assertThat(sharedTook).as("the shared tenant during the burst").isLessThan(Duration.ofSeconds(2));
				for (Future<Response> answer : answers) {
					Response r = answer.get(10, TimeUnit.SECONDS);
					assertThat(r.status()).as(r.toString()).isEqualTo(503);
					assertThat(r.header("Retry-After")).matches("[1-9][0-9]*");
				}
				assertThat(Duration.ofNanos(System.nanoTime() - burstStarted)).as("32 requests of the lost server's tenant")
					.isLessThan(Duration.ofMillis(4_500));
			}
			finally {
				burst.shutdownNow();
			}
			Response cart = api().post("/storefront/v1/carts").host(tenant.host()).body(Map.of()).send();
			assertThat(cart.status()).as(cart.toString()).isEqualTo(503);
			assertThat(cart.problemType()).isEqualTo("database-unavailable");
			Response sharedCart = api().post("/storefront/v1/carts").host(shared.host()).body(Map.of()).send();
			assertThat(sharedCart.status()).as(sharedCart.toString()).isEqualTo(201);
			assertThat(api().get("/admin/v1/stores").bearer(shared.ownerToken()).send().status()).isEqualTo(200);

			// Health, as the operator sees it, names the database; the instance itself stays UP.
			Response health = pollUntil(() -> api().get("/actuator/health").operator().send(),
					r -> r.json().path("components").path("db").path("details").path("unreachable").toString()
						.contains(db.name()));
			assertThat(health.status()).as(health.toString()).isEqualTo(200);
			JsonNode details = health.json().path("components").path("db").path("details");
			assertThat(details.path("databases").path(db.name()).asString()).isEqualTo("DOWN");
			assertThat(details.path("databases").path("shared").asString()).isEqualTo("UP");
			assertThat(health.json().path("components").path("db").path("status").asString()).isEqualTo("UP");
		}
		finally {
			server.startServer();
		}

		// Back without restarting the application.
		Response recovered = pollUntil(() -> api().get("/admin/v1/stores").bearer(tenant.ownerToken()).send(),
				r -> r.status() == 200);
		assertThat(recovered.json().path(0).path("id").asString()).isEqualTo(tenant.storeId().toString());
		pollUntil(() -> api().get("/actuator/health").operator().send(),
				r -> r.json().path("components").path("db").path("details").path("databases").path(db.name())
					.asString().equals("UP"));

		// Moving back to the shared database.
		Response back = api().delete("/platform/v1/tenants/" + tenant.id() + "/database").operator().send();
		assertThat(back.status()).as(back.toString()).isEqualTo(200);
		assertThat(back.json().path("tenant").path("database").asString()).isEqualTo("shared");
		assertThat(back.json().path("rowsCopied").path("orders").asInt()).isEqualTo(2);
		assertThat(count(shared(), tenant.id(), "select count(*) from app.orders")).isEqualTo(2);
		assertThat(count(shared(), tenant.id(), "select count(*) from app.products where slug = 'on-second-server'"))
			.isEqualTo(1);
		for (String table : List.of("orders", "products", "stores", "users", "outbox_events")) {
			assertThat(count(db.url(), tenant.id(), "select count(*) from app." + table)).as("left behind: " + table)
				.isZero();
		}
		assertThat(count(db.url(), tenant.id(), "select count(*) from app.tenants where departed_at is not null"))
			.as("fenced out of the second server").isEqualTo(1);
		assertThat(checkout(shop, variant, "cod")).isNotNull();
		assertThat(count(shared(), tenant.id(), "select count(*) from app.orders")).isEqualTo(3);
		assertThat(OwnerSql.count("select count(*) from app.platform_audit_log where action = 'tenant.moved'"
				+ " and target_id = ? and details ->> 'to' = 'shared' and details ->> 'from' = ?", tenant.id().toString(),
				db.name())).isEqualTo(1);

		// An instance whose cached route still leads to the second server is turned away there.
		assertThat(bindAsRuntime(db.url(), tenant.id())).isEqualTo("departed");

		// Running the move back again is harmless: nothing copied, nothing lost.
		Response again = api().delete("/platform/v1/tenants/" + tenant.id() + "/database").operator().send();
		assertThat(again.status()).as(again.toString()).isEqualTo(200);
		assertThat(again.json().path("rowsCopied").size()).isZero();
		assertThat(count(shared(), tenant.id(), "select count(*) from app.orders")).isEqualTo(3);
		assertThat(api().get("/storefront/v1/store").host(tenant.host()).send().status()).isEqualTo(200);
		assertThat(OwnerSql.operatorAudits("tenant.moved", tenant.id())).isEqualTo(3);
	}

	/**
	 * Writes made while the tenant moves out and back: each is answered 201, or 503 with Retry-After,
	 * and every write answered 201 is in the tenant's database afterwards.
	 */
	@Test
	void noAcknowledgedWriteIsLostWhileTheTenantMovesOutAndBack() throws Exception {
		Registered db = registerOnSecondServer();
		TestTenant tenant = fixtures().tenant();
		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		AtomicInteger refused = new AtomicInteger();
		List<String> unexpected = new ArrayList<>();
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicInteger next = new AtomicInteger();
		ExecutorService writers = Executors.newFixedThreadPool(4);
		List<Future<?>> running = new ArrayList<>();
		for (int w = 0; w < 4; w++) {
			running.add(writers.submit(() -> {
				while (writing.get()) {
					String slug = "w-" + next.incrementAndGet();
					Response r = createProduct(tenant, slug);
					if (r.status() == 201) {
						acknowledged.add(slug);
					}
					else if (r.status() == 503 && r.header("Retry-After") != null) {
						refused.incrementAndGet();
					}
					else {
						synchronized (unexpected) {
							unexpected.add(r.toString());
						}
					}
				}
			}));
		}
		try {
			awaitTrue("writes before the move", () -> acknowledged.size() >= 5);
			Response out = api().put("/platform/v1/tenants/" + tenant.id() + "/database").operator()
				.body(Map.of("databaseId", db.id())).send();
			assertThat(out.status()).as(out.toString()).isEqualTo(200);
			int afterOut = acknowledged.size();
			awaitTrue("writes on the second server", () -> acknowledged.size() >= afterOut + 5);
			Response back = api().delete("/platform/v1/tenants/" + tenant.id() + "/database").operator().send();
			assertThat(back.status()).as(back.toString()).isEqualTo(200);
			int afterBack = acknowledged.size();
			awaitTrue("writes after the move back", () -> acknowledged.size() >= afterBack + 5);
		}
		finally {
			writing.set(false);
			for (Future<?> f : running) {
				f.get(30, TimeUnit.SECONDS);
			}
			writers.shutdownNow();
		}
		assertThat(unexpected).isEmpty();
		long stored = TenantSql.call(shared(), tenant.id(), jdbc -> jdbc.queryForObject(
				"select count(*) from app.products where slug = any (?)", Long.class,
				(Object) acknowledged.toArray(String[]::new)));
		assertThat(stored).as("acknowledged writes (" + refused.get() + " refused with 503)")
			.isEqualTo(acknowledged.size());
		assertThat(count(shared(), tenant.id(), "select count(*) from app.products")).isEqualTo(acknowledged.size());
		assertThat(count(db.url(), tenant.id(), "select count(*) from app.products")).isZero();
	}

	/**
	 * A move waits for the tenant's running transactions before it copies; while it holds the tenant,
	 * requests are refused at once with 503 and Retry-After, and served again after it.
	 */
	@Test
	void aMoveWaitsForRunningTransactionsAndRefusesNewOnesAndGoesBetweenDedicatedDatabases() throws Exception {
		Registered db = registerOnSecondServer();
		TestTenant tenant = fixtures().tenant();
		ScratchDatabase scratch = TestDatabase.get().orElseThrow();
		CompletableFuture<Response> move;
		try (Connection running = DriverManager.getConnection(shared(), scratch.roles().runtime(), null)) {
			running.setAutoCommit(false);
			assertThat(bind(running, tenant.id())).isEqualTo("here");
			move = CompletableFuture.supplyAsync(() -> api().put("/platform/v1/tenants/" + tenant.id() + "/database")
				.operator().body(Map.of("databaseId", db.id())).send());
			Thread.sleep(1_000);
			assertThat(move).as("the move waits for the running transaction").isNotDone();
			Response during = api().get("/admin/v1/stores").bearer(tenant.ownerToken()).send();
			assertThat(during.status()).as(during.toString()).isEqualTo(503);
			assertThat(during.problemType()).isEqualTo("database-unavailable");
			assertThat(during.header("Retry-After")).matches("[1-9][0-9]*");
			running.commit();
		}
		Response moved = move.get(30, TimeUnit.SECONDS);
		assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
		assertThat(api().get("/admin/v1/stores").bearer(tenant.ownerToken()).send().status()).isEqualTo(200);
		assertThat(bindAsRuntime(shared(), tenant.id())).as("the shared database after the move").isEqualTo("departed");
		assertThat(bindAsRuntime(db.url(), tenant.id())).isEqualTo("here");

		// From one dedicated database straight to another, then back to the shared one.
		Registered other = registerOnSecondServer();
		Response across = api().put("/platform/v1/tenants/" + tenant.id() + "/database").operator()
			.body(Map.of("databaseId", other.id())).send();
		assertThat(across.status()).as(across.toString()).isEqualTo(200);
		assertThat(across.json().path("tenant").path("database").asString()).isEqualTo(other.name());
		assertThat(api().get("/admin/v1/stores").bearer(tenant.ownerToken()).send().status()).isEqualTo(200);
		assertThat(count(other.url(), tenant.id(), "select count(*) from app.stores")).isEqualTo(1);
		assertThat(count(db.url(), tenant.id(), "select count(*) from app.stores")).isZero();
		assertThat(bindAsRuntime(db.url(), tenant.id())).isEqualTo("departed");
		assertThat(api().delete("/platform/v1/tenants/" + tenant.id() + "/database").operator().send().status())
			.isEqualTo(200);
		assertThat(bindAsRuntime(shared(), tenant.id())).isEqualTo("here");
		assertThat(bindAsRuntime(other.url(), tenant.id())).isEqualTo("departed");
		assertThat(count(shared(), tenant.id(), "select count(*) from app.stores")).isEqualTo(1);
	}

	// Helpers

	private record Registered(UUID id, String name, String url) {
	}

	/** A new database on the second server with the scratch roles, registered as a dedicated database. */
	private Registered registerOnSecondServer() throws SQLException {
		ScratchDatabase scratch = TestDatabase.get().orElseThrow();
		String name = "s2-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		String url = server.createDatabase(name.replace('-', '_'), scratch.roles());
		Map<String, Object> body = new HashMap<>(Map.of("name", name, "jdbcUrl", url, "runtimeUsername",
				scratch.roles().runtime(), "ownerUsername", scratch.roles().owner()));
		Response response = api().post("/platform/v1/databases").operator().body(body).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		registered.add(name);
		return new Registered(UUID.fromString(response.json().path("id").asString()), name, url);
	}

	private UUID checkout(OrderFixtures shop, UUID variant, String paymentMethod) {
		Response placed = shop.checkout(shop.cart(variant, 1), paymentMethod);
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		return UUID.fromString(placed.json().path("id").asString());
	}

	private Response createProduct(TestTenant tenant, String slug) {
		return api().post("/admin/v1/products")
			.bearer(tenant.ownerToken())
			.body(Map.of("storeId", tenant.storeId().toString(), "name", "Kiondo " + slug, "slug", slug, "status",
					"active", "basePriceCents", 150000, "currency", "KES", "variants",
					List.of(Map.of("sku", slug.toUpperCase(), "priceCents", 150000))))
			.send();
	}

	private static String shared() {
		return TestDatabase.get().orElseThrow().jdbcUrl();
	}

	private static long count(String url, UUID tenant, String sql, Object... args) {
		return OwnerSql.count(url, tenant, sql, args);
	}

	private static Object single(String url, UUID tenant, String sql, Object... args) {
		return OwnerSql.single(url, tenant, sql, args);
	}

	/** What app.bind_tenant answers to the runtime role in that database. */
	private static String bindAsRuntime(String url, UUID tenant) throws SQLException {
		try (Connection c = DriverManager.getConnection(url, TestDatabase.get().orElseThrow().roles().runtime(), null)) {
			c.setAutoCommit(false);
			try {
				return bind(c, tenant);
			}
			finally {
				c.rollback();
			}
		}
	}

	private static String bind(Connection c, UUID tenant) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("select app.bind_tenant(?)")) {
			ps.setString(1, tenant.toString());
			try (ResultSet rs = ps.executeQuery()) {
				rs.next();
				return rs.getString(1);
			}
		}
	}

	private static void assertUnavailable(Supplier<Response> request, Duration within) {
		long started = System.nanoTime();
		Response response = request.get();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered without hanging").isLessThan(within);
		assertThat(response.status()).as(response.toString()).isEqualTo(503);
		assertThat(response.problemType()).isEqualTo("database-unavailable");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.header("Retry-After")).matches("[1-9][0-9]*");
	}

	private static Response pollUntil(Supplier<Response> request, Predicate<Response> done) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		Response last;
		do {
			last = request.get();
			if (done.test(last)) {
				return last;
			}
			sleep();
		}
		while (System.nanoTime() < deadline);
		throw new AssertionError("Not as expected within 60 s; last answer: " + last);
	}

	private static void awaitTrue(String what, Supplier<Boolean> condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!condition.get()) {
			assertThat(System.nanoTime()).as(what + " within 60 s").isLessThan(deadline);
			sleep();
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
