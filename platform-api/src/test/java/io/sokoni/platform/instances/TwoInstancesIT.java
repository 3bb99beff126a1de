package io.sokoni.platform.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.sokoni.db.ScratchDatabase;
import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.AppProcess;
import io.sokoni.platform.support.Fixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.MeilisearchStandIn;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of the application (two operating-system processes started from the built jar, on two
 * ports) in front of one database, as a deployment with several instances runs: what one does, the other
 * sees; work found by both is done once; an instance killed with SIGKILL in the middle of its work loses
 * nothing. The pair is started once for the class (each start costs a JVM's boot); the test that kills an
 * instance runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesIT {

	/** Short leases and sweeps, so what another instance takes over after a death happens within seconds. */
	private static final Map<String, String> SETTINGS = Map.ofEntries(Map.entry("sokoni.outbox.lease", "2s"),
			Map.entry("sokoni.catalog.import-heartbeat-interval", "1s"),
			Map.entry("sokoni.catalog.import-stale-after", "3s"),
			Map.entry("sokoni.catalog.import-sweep-interval", "1s"),
			Map.entry("sokoni.checkout.expiry-interval", "1s"),
			// Past the free login attempts the next one waits long enough that no attempt of a burst gets in.
			Map.entry("sokoni.auth.login-delay-base", "60s"),
			// The tests name their client address (X-Forwarded-For), so login budgets are the test's own.
			Map.entry("sokoni.http.trusted-proxies", "127.0.0.1/32"),
			Map.entry("sokoni.search.meilisearch.api-key", MeilisearchStandIn.API_KEY),
			Map.entry("sokoni.search.meilisearch.search-key", MeilisearchStandIn.SEARCH_KEY),
			Map.entry("sokoni.search.meilisearch.search-key-uid", MeilisearchStandIn.SEARCH_KEY_UID));

	private static MeilisearchStandIn meilisearch;

	private static AppProcess a;

	private static AppProcess b;

	@BeforeAll
	static void startTwoInstances() throws Exception {
		assumeTrue(TestDatabase.get().isPresent(), "no PostgreSQL reachable and no Docker: skipped");
		ScratchDatabase db = TestDatabase.get().orElseThrow();
		meilisearch = new MeilisearchStandIn();
		Map<String, String> settings = new LinkedHashMap<>(SETTINGS);
		settings.put("sokoni.search.meilisearch.url", meilisearch.url());
		AppProcess.Shared shared = AppProcess.Shared.create(settings);
		a = AppProcess.start("instance-a", db, shared);
		b = AppProcess.start("instance-b", db, shared);
		a.awaitReady(Duration.ofMinutes(3));
		b.awaitReady(Duration.ofMinutes(3));
	}

	@AfterAll
	static void stopInstances() {
		for (AutoCloseable closeable : new AutoCloseable[] { a, b }) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ignored) {
				// best effort
			}
		}
		if (meilisearch != null) {
			meilisearch.stop();
		}
	}

	@Test
	@Order(1)
	void theOutboxDeliversEachEventOnceWithBothInstancesRelaying() throws Exception {
		TestTenant tenant = new Fixtures(a.api()).tenant();
		// Products created through both instances at once: each instance's commits wake its own relay, and
		// each relay also polls for the other's events.
		List<UUID> products = concurrently(8, IntStream.range(0, 40)
			.<Callable<UUID>>mapToObj(i -> () -> createProduct((i % 2 == 0 ? a : b).api(), tenant, "Tee " + i))
			.toList());

		await().atMost(Duration.ofSeconds(30))
			.until(() -> count(tenant.id(), "select count(*) from app.outbox_events where status <> 'delivered' "
					+ "and event_type = 'product.upserted'") == 0);
		// The stand-in journals a request just after answering it: wait for all, then a moment for any repeat.
		await().atMost(Duration.ofSeconds(30)).until(() -> indexed(products).size() == 40);
		Thread.sleep(1_000);
		Map<String, Long> deliveries = indexed(products);
		assertThat(deliveries).as("products indexed").hasSize(40);
		assertThat(deliveries.values()).as("deliveries per event").containsOnly(1L);
		assertThat(count(tenant.id(), "select count(*) from app.outbox_events where event_type = 'product.upserted' "
				+ "and status = 'delivered' and attempts = 0")).isEqualTo(40);
	}

	@Test
	@Order(2)
	void lapsedHoldsAreReleasedOnceWithBothInstancesRunningTheExpiryJob() throws Exception {
		TestTenant tenant = new Fixtures(a.api()).tenant();
		OrderFixtures viaA = new OrderFixtures(a.api(), tenant);
		OrderFixtures viaB = viaA.through(b.api());
		UUID variant = viaA.variant(5_000, 50);
		List<UUID> orders = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			OrderFixtures via = i % 2 == 0 ? viaA : viaB;
			Response placed = via.checkout(via.cart(variant, 2), "mpesa");
			assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
			orders.add(UUID.fromString(placed.json().path("id").asString()));
		}
		assertThat(viaA.stock(variant)).containsExactly(50, 20);

		// Lapsed all at once: both instances' jobs (every second) find all ten in the same moment.
		TenantSql.run(tenant.id(), jdbc -> jdbc.update(
				"update app.inventory_reservations set expires_at = now() - interval '1 minute' where status = 'active'"));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> count(tenant.id(), "select count(*) from app.orders where status = 'cancelled'") == 10);
		Thread.sleep(2_500); // both jobs run again at least twice: nothing more may change

		assertThat(viaA.stock(variant)).as("each hold given back once").containsExactly(50, 0);
		for (UUID order : orders) {
			assertThat(count(tenant.id(), "select count(*) from app.order_status_history where order_id = ? "
					+ "and actor_type = 'system'", order)).as("cancellations of " + order).isEqualTo(1);
			assertThat(count(tenant.id(), "select count(*) from app.inventory_reservations where order_id = ? "
					+ "and status = 'expired'", order)).isEqualTo(1);
		}
	}

	@Test
	@Order(3)
	void aCatalogChangeThroughOneInstanceReachesTheOthersStorefrontCacheWithinASecond() {
		TestTenant tenant = new Fixtures(a.api()).tenant();
		UUID product = createProduct(a.api(), tenant, "Kikoy towel");
		String list = "/storefront/v1/products";
		// Cached by B (answers live 30 s there unless told otherwise).
		await().atMost(Duration.ofSeconds(5)).until(() -> storefront(b, tenant, list).contains("Kikoy towel"));
		assertThat(storefront(b, tenant, list)).contains("Kikoy towel");

		JsonNode current = a.api().get("/admin/v1/products/" + product).bearer(tenant.ownerToken()).send().json();
		Response renamed = a.api()
			.patch("/admin/v1/products/" + product)
			.bearer(tenant.ownerToken())
			.body(Map.of("version", current.path("version").asLong(), "name", "Kitenge towel"))
			.send();
		assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
		long changed = System.nanoTime();

		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> storefront(b, tenant, list).contains("Kitenge towel"));
		assertThat(Duration.ofNanos(System.nanoTime() - changed)).as("B's storefront shows the change after")
			.isLessThan(Duration.ofSeconds(1));
		assertThat(storefront(b, tenant, list)).doesNotContain("Kikoy towel");

		// A store settings change too: taken offline through A, B stops showing its cached lists.
		JsonNode store = a.api().get("/admin/v1/stores/" + tenant.storeId()).bearer(tenant.ownerToken()).send().json();
		Response offline = a.api()
			.patch("/admin/v1/stores/" + tenant.storeId())
			.bearer(tenant.ownerToken())
			.body(Map.of("version", store.path("version").asLong(), "live", false))
			.send();
		assertThat(offline.status()).as(offline.toString()).isEqualTo(200);
		long takenOffline = System.nanoTime();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> b.api().get(list).host(tenant.host()).send().status() == 404);
		assertThat(Duration.ofNanos(System.nanoTime() - takenOffline)).as("B's storefront is offline after")
			.isLessThan(Duration.ofSeconds(1));
	}

	@Test
	@Order(4)
	void aSuspensionAndARoleChangeThroughOneInstanceAreEnforcedByTheOther() {
		TestTenant tenant = new Fixtures(a.api()).tenant();
		String secondOwner = new Fixtures(a.api()).staffMember(tenant, "owner");
		String secondId = a.api().get("/admin/v1/me").bearer(secondOwner).send().json().path("id").asString();
		// B has the user's standing and the store's host cached.
		assertThat(b.api().get("/admin/v1/stores").bearer(secondOwner).send().status()).isEqualTo(200);
		assertThat(b.api().get("/storefront/v1/store").host(tenant.host()).send().status()).isEqualTo(200);

		Response demoted = a.api()
			.patch("/admin/v1/staff/" + secondId)
			.bearer(tenant.ownerToken())
			.body(Map.of("role", "viewer"))
			.send();
		assertThat(demoted.status()).as(demoted.toString()).isEqualTo(200);
		long changed = System.nanoTime();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> b.api().get("/admin/v1/stores").bearer(secondOwner).send().status() == 401);
		assertThat(Duration.ofNanos(System.nanoTime() - changed)).as("B refuses the owner token after")
			.isLessThan(Duration.ofSeconds(1));

		Response suspended = a.api()
			.post("/platform/v1/tenants/" + tenant.id() + "/suspend")
			.operator()
			.body(Map.of("reason", "test"))
			.send();
		assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
		long suspendedAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> b.api().get("/storefront/v1/store").host(tenant.host()).send().status() == 403);
		assertThat(Duration.ofNanos(System.nanoTime() - suspendedAt)).as("B refuses the store after")
			.isLessThan(Duration.ofSeconds(1));
		assertThat(b.api().get("/admin/v1/stores").bearer(tenant.ownerToken()).send().status())
			.as("the owner's admin API on B").isIn(401, 403);
	}

	@Test
	@Order(5)
	void concurrentGuessesThroughBothInstancesGetNoMoreThanTheFreeAttempts() throws Exception {
		TestTenant tenant = new Fixtures(a.api()).tenant();
		String address = "198.51.100." + (1 + (int) (Math.random() * 250));
		List<Response> answers = concurrently(40, IntStream.range(0, 40)
			.<Callable<Response>>mapToObj(i -> () -> (i % 2 == 0 ? a : b).api()
				.post("/auth/v1/token")
				.header("X-Forwarded-For", address)
				.body(Map.of("tenant", tenant.slug(), "email", tenant.ownerEmail(), "password", "wrong-" + i))
				.send())
			.toList());

		Map<Integer, Long> statuses = answers.stream()
			.collect(Collectors.groupingBy(Response::status, Collectors.counting()));
		assertThat(statuses).as("statuses of 40 guesses").containsOnlyKeys(401, 429);
		assertThat(statuses.get(401)).as("passwords checked (5 free attempts per account)").isEqualTo(5);
		// The right password waits its turn too, on either instance.
		for (AppProcess instance : List.of(a, b)) {
			Response right = instance.api()
				.post("/auth/v1/token")
				.header("X-Forwarded-For", address)
				.body(Map.of("tenant", tenant.slug(), "email", tenant.ownerEmail(), "password", Fixtures.PASSWORD))
				.send();
			assertThat(right.status()).as(right.toString()).isEqualTo(429);
		}
	}

	/**
	 * B is killed (SIGKILL) while it holds a leased outbox batch, a checkout in its transaction and a
	 * running import. A is frozen (SIGSTOP) meanwhile, so that B, not A, holds that work when it dies.
	 */
	@Test
	@Order(100)
	void anInstanceKilledInTheMiddleOfItsWorkLosesNothingAndTheOtherFinishesOrReportsIt() throws Exception {
		TestTenant tenant = new Fixtures(a.api()).tenant();
		OrderFixtures viaB = new OrderFixtures(b.api(), tenant);
		UUID variant = viaB.variant(5_000, 10);
		String cart = viaB.cart(variant, 3);
		Map<String, Object> checkoutBody = OrderFixtures.checkoutBody("cod", "0712 345 678", "Westlands");
		Response category = a.api()
			.post("/admin/v1/categories")
			.bearer(tenant.ownerToken())
			.body(Map.of("name", "Shirts", "slug", "shirts"))
			.send();
		assertThat(category.status()).as(category.toString()).isEqualTo(201);
		UUID categoryId = UUID.fromString(category.json().path("id").asString());

		a.freeze();
		meilisearch.slow(Duration.ofSeconds(8)); // below the client's 10 s timeout
		ExecutorService background = Executors.newCachedThreadPool();
		try (Connection categoryLock = lockRow(tenant.id(), "select 1 from app.categories where id = ? for update",
				categoryId);
				Connection stockLock = lockRow(tenant.id(),
						"select 1 from app.inventory_levels where variant_id = ? for update", variant)) {
			// An import waiting at its first product's foreign key check (the category row is held).
			Response started = b.api()
				.post("/admin/v1/catalog/imports?mode=all_or_nothing&storeId=" + tenant.storeId())
				.bearer(tenant.ownerToken())
				.header("Content-Type", "text/csv")
				.raw("product_slug,product_name,description,status,brand,category_slug,base_price_cents,currency,"
						+ "sku,barcode,variant_name,price_cents,size,colour,model\n" + importRow(1) + importRow(2))
				.send();
			assertThat(started.status()).as(started.toString()).isEqualTo(202);
			UUID importId = UUID.fromString(started.json().path("id").asString());
			// A checkout waiting for its stock row, inside its transaction (idempotency key row included).
			Future<Response> checkout = background.submit(() -> viaB.checkout(cart, "kill-9-checkout", checkoutBody));
			// Product events B's relay claims and then waits on (Meilisearch answers after 8 s), renewing its lease.
			List<UUID> products = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				products.add(createProduct(b.api(), tenant, "Kanga " + i));
			}
			await().alias("B's relay holds a lease").atMost(Duration.ofSeconds(20))
				.until(() -> count(tenant.id(), "select count(*) from app.outbox_events where event_type = "
						+ "'product.upserted' and status = 'pending' and locked_until > now()") > 0);
			await().alias("the import and the checkout wait for their rows").atMost(Duration.ofSeconds(20))
				.until(() -> count(tenant.id(), "select count(*) from pg_locks l join pg_stat_activity a on a.pid = l.pid "
						+ "where not l.granted and a.datname = current_database()") >= 2);

			b.kill9();
			assertThat(checkout).failsWithin(Duration.ofSeconds(10)); // the connection died with B
			categoryLock.rollback();
			stockLock.rollback();
			meilisearch.recover();
			a.resume();

			// The import: declared interrupted by A's sweep (no heartbeat from B), nothing of it saved.
			await().atMost(Duration.ofSeconds(30)).until(() -> "interrupted".equals(a.api()
				.get("/admin/v1/catalog/imports/" + importId)
				.bearer(tenant.ownerToken())
				.send()
				.json()
				.path("status")
				.asString()));
			assertThat(count(tenant.id(), "select count(*) from app.products where slug like 'imported-%'")).isZero();

			// The checkout: rolled back with B's connection; the shopper's retry through A places it once.
			OrderFixtures viaA = viaB.through(a.api());
			Response retried = viaA.checkout(cart, "kill-9-checkout", checkoutBody);
			assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
			Response again = viaA.checkout(cart, "kill-9-checkout", checkoutBody);
			assertThat(again.json().path("id").asString()).isEqualTo(retried.json().path("id").asString());
			assertThat(count(tenant.id(), "select count(*) from app.orders")).isEqualTo(1);
			assertThat(viaA.stock(variant)).containsExactly(10, 3);

			// The outbox: B's leased events are delivered by A once the lease (2 s) is over.
			await().atMost(Duration.ofSeconds(30))
				.until(() -> count(tenant.id(), "select count(*) from app.outbox_events where status <> 'delivered' "
						+ "and event_type = 'product.upserted'") == 0);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(indexed(products)).as("every product B's relay held").hasSize(5));
		}
		finally {
			background.shutdownNow();
			a.resume();
		}
	}

	/** How often each of these products reached the (stand-in) Meilisearch. */
	private static Map<String, Long> indexed(List<UUID> products) {
		return meilisearch.upsertedDocuments()
			.stream()
			.map(d -> d.path("id").asString())
			.filter(id -> products.contains(UUID.fromString(id)))
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

	private static String importRow(int n) {
		return "imported-" + n + ",Imported " + n + ",,active,,shirts,1000,KES,IMP-" + n + ",,One size,1000,,,\n";
	}

	private static UUID createProduct(Api api, TestTenant tenant, String name) {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		Map<String, Object> body = Map.of("storeId", tenant.storeId().toString(), "name", name, "slug",
				"p-" + suffix, "currency", "KES", "basePriceCents", 150_000, "status", "active", "variants",
				List.of(Map.of("sku", "SKU-" + suffix.toUpperCase(), "priceCents", 150_000, "attributes",
						Map.of("size", "M"))));
		Response created = api.post("/admin/v1/products").bearer(tenant.ownerToken()).body(body).send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return UUID.fromString(created.json().path("id").asString());
	}

	private static String storefront(AppProcess instance, TestTenant tenant, String path) {
		Response response = instance.api().get(path).host(tenant.host()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.body();
	}

	private static long count(UUID tenant, String sql, Object... args) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForObject(sql, Long.class, args));
	}

	/** Holds a row lock in an open transaction (tenant bound) until the connection is rolled back or closed. */
	private static Connection lockRow(UUID tenant, String sql, UUID id) throws SQLException {
		ScratchDatabase db = TestDatabase.get().orElseThrow();
		Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.roles().owner(), null);
		connection.setAutoCommit(false);
		try (PreparedStatement bind = connection.prepareStatement("select set_config('app.tenant_id', ?, true)");
				PreparedStatement lock = connection.prepareStatement(sql)) {
			bind.setString(1, tenant.toString());
			bind.execute();
			lock.setObject(1, id);
			lock.executeQuery().close();
		}
		return connection;
	}

	private static <T> List<T> concurrently(int threads, List<Callable<T>> tasks) throws Exception {
		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			List<T> results = new ArrayList<>();
			for (Future<T> future : pool.invokeAll(tasks)) {
				results.add(future.get());
			}
			return results;
		}
	}

}
