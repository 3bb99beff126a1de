package io.sokoni.platform.operator;

import static io.sokoni.platform.support.ApiTestBase.PLATFORM_DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sokoni.db.ScratchDatabase;
import io.sokoni.platform.database.ChangeNotices;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Suspension, new stores and domain changes reach the tenant and host caches at once: after the
 * operator's transaction commits (not before, where a concurrent reader could cache the old row again
 * for the host cache's 5 minutes), and on every instance (notices; another instance is played here by
 * a change made behind the application's back followed by its notice).
 */
class RoutingCachesIT extends ApiTestBase {

	/** A request that started at {@code startedAt} (nanoTime) and got {@code status}. */
	private record Read(long startedAt, int status) {
	}

	@Test
	void aSuspendedStorefrontUnderConcurrentReadersIsRefusedWithinASecond() throws Exception {
		TestTenant tenant = fixtures().tenant();
		AtomicBoolean reading = new AtomicBoolean(true);
		List<Future<List<Read>>> readers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < 8; i++) {
				readers.add(pool.submit(() -> {
					List<Read> reads = new ArrayList<>();
					while (reading.get()) {
						long started = System.nanoTime();
						reads.add(new Read(started, api().get("/storefront/v1/store").host(tenant.host()).send().status()));
					}
					return reads;
				}));
			}
			Thread.sleep(300); // the readers are in full flow, the host cached
			Response suspended = api().post("/platform/v1/tenants/" + tenant.id() + "/suspend")
				.operator()
				.body(Map.of("reason", "test"))
				.send();
			assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
			long answered = System.nanoTime();
			Thread.sleep(2_000);
			reading.set(false);

			List<Read> late = new ArrayList<>();
			for (Future<List<Read>> reader : readers) {
				reader.get(30, TimeUnit.SECONDS)
					.stream()
					.filter(r -> r.startedAt() > answered + Duration.ofSeconds(1).toNanos())
					.forEach(late::add);
			}
			assertThat(late).as("reads started a second after the suspension").hasSizeGreaterThan(8);
			assertThat(late).extracting(Read::status).containsOnly(403);
		}
	}

	@Test
	void anotherInstancesSuspensionIsHeardAtOnce() {
		TestTenant tenant = fixtures().tenant();
		assertThat(api().get("/storefront/v1/store").host(tenant.host()).send().status()).isEqualTo(200);

		TenantSql.run(tenant.id(),
				jdbc -> jdbc.update("update app.tenants set status = 'suspended' where id = ?", tenant.id()));
		assertThat(api().get("/storefront/v1/store").host(tenant.host()).send().status()).as("still cached")
			.isEqualTo(200);
		notice("tenant:" + tenant.id());

		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> api().get("/storefront/v1/store").host(tenant.host()).send().status() == 403);
	}

	/** What the other instances hear: the notice goes out once the suspension has committed. */
	@Test
	void aSuspensionIsAnnouncedToTheOtherInstances() throws Exception {
		TestTenant tenant = fixtures().tenant();
		ScratchDatabase db = TestDatabase.get().orElseThrow();
		try (Connection listener = DriverManager.getConnection(db.jdbcUrl(), db.roles().owner(), null);
				Statement statement = listener.createStatement()) {
			statement.execute("LISTEN " + ChangeNotices.CHANNEL);
			Response suspended = api().post("/platform/v1/tenants/" + tenant.id() + "/suspend").operator().send();
			assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);

			List<String> heard = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
			while (System.nanoTime() < deadline
					&& heard.stream().noneMatch(n -> n.endsWith(":routing:tenant:" + tenant.id()))) {
				PGNotification[] notices = listener.unwrap(PGConnection.class).getNotifications(100);
				for (PGNotification notice : notices == null ? new PGNotification[0] : notices) {
					heard.add(notice.getParameter());
				}
			}
			assertThat(heard).anyMatch(n -> n.endsWith(":routing:tenant:" + tenant.id()));
		}
	}

	/** The demo store requested while the app starts, or a new merchant checking too early. */
	@Test
	void aHostCachedAsUnknownServesAsSoonAsItsStoreIsCreated() {
		String storeSlug = "early" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		String host = storeSlug + "." + PLATFORM_DOMAIN;
		assertThat(api().get("/storefront/v1/store").host(host).send().status()).isEqualTo(404);

		fixtures().tenant(r -> {
			@SuppressWarnings("unchecked")
			Map<String, Object> store = (Map<String, Object>) r.get("store");
			store.put("slug", storeSlug);
		});

		Response served = api().get("/storefront/v1/store").host(host).send();
		assertThat(served.status()).as(served.toString()).isEqualTo(200);
		assertThat(served.json().path("slug").asString()).isEqualTo(storeSlug);
	}

	@Test
	void aHostCachedAsUnknownServesAsSoonAsItsDomainIsVerified() {
		TestTenant tenant = fixtures().tenant();
		String host = "shop." + tenant.slug() + ".example.org";
		assertThat(api().get("/storefront/v1/store").host(host).send().status()).isEqualTo(404);

		Response attached = api().post("/platform/v1/tenants/" + tenant.id() + "/domains")
			.operator()
			.body(Map.of("storeId", tenant.storeId(), "host", host))
			.send();
		assertThat(attached.status()).as(attached.toString()).isEqualTo(201);
		Response verified = api().post("/platform/v1/tenants/" + tenant.id() + "/domains/"
				+ attached.json().path("id").asString() + "/verify")
			.operator()
			.body(Map.of("method", "manual"))
			.send();
		assertThat(verified.status()).as(verified.toString()).isEqualTo(200);

		assertThat(api().get("/storefront/v1/store").host(host).send().status()).isEqualTo(200);
	}

	@Test
	void anotherInstancesNewHostIsHeardAtOnce() {
		TestTenant tenant = fixtures().tenant();
		String host = "elsewhere." + tenant.slug() + ".example.org";
		assertThat(api().get("/storefront/v1/store").host(host).send().status()).isEqualTo(404);

		TenantSql.run(tenant.id(), jdbc -> jdbc.update("""
				insert into app.store_domains (id, tenant_id, store_id, host, kind, verification_status,
				    verification_token, verified_at)
				values (?, ?, ?, ?, 'custom', 'verified', 'x', now())""", UUID.randomUUID(), tenant.id(),
				tenant.storeId(), host));
		assertThat(api().get("/storefront/v1/store").host(host).send().status()).as("still cached as unknown")
			.isEqualTo(404);
		notice("host:" + host);

		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> api().get("/storefront/v1/store").host(host).send().status() == 200);
	}

	@Test
	void aCustomDomainUnderThePlatformsOwnDomainIs422() {
		TestTenant tenant = fixtures().tenant();
		for (String host : List.of("future-store." + PLATFORM_DOMAIN, PLATFORM_DOMAIN, "a.b." + PLATFORM_DOMAIN)) {
			Response refused = api().post("/platform/v1/tenants/" + tenant.id() + "/domains")
				.operator()
				.body(Map.of("storeId", tenant.storeId(), "host", host))
				.send();
			assertThat(refused.status()).as(host + ": " + refused).isEqualTo(422);
			assertThat(refused.problemType()).isEqualTo("business-rule");
		}
		assertThat(OwnerSql.countAs(tenant.id(), "select count(*) from app.store_domains where kind = 'custom'"))
			.isZero();
	}

	private static void notice(String details) {
		TenantSql.run(null, jdbc -> jdbc.queryForList("select pg_notify(?, ?)", ChangeNotices.CHANNEL,
				"another-instance:" + RoutingCaches.TOPIC + ":" + details));
	}

}
