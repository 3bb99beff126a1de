package io.sokoni.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.sokoni.db.ScratchDatabase;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TestDatabase;
import io.sokoni.tenant.HostTenantResolver;
import io.sokoni.tenant.TenantDirectory;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The database going away: requests answer 503 database-unavailable with Retry-After (never hang,
 * never 500), health is DOWN within about a second, and once the database is back the same running application serves
 * again. The context is discarded afterwards so no other test inherits its pools.
 */
@DirtiesContext
class DatabaseDownIT extends ApiTestBase {

	private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

	/** Issue 18 item 5: it took 9 to 12 s (each pool's connection timeout, one after another). */
	private static final Duration HEALTH_WITHIN = Duration.ofMillis(1_200);

	@Test
	void lostDatabaseAnswers503AndRecoversWithoutRestart() throws SQLException {
		TestTenant tenant = fixtures().tenant();
		Supplier<Response> stores = () -> api().get("/admin/v1/stores").bearer(tenant.ownerToken()).send();
		assertThat(stores.get().status()).isEqualTo(200);
		assertThat(health().status()).isEqualTo(200);

		ScratchDatabase scratch = TestDatabase.get().orElseThrow();
		try {
			takeDown(scratch);

			// The tenant's status is still cached: the request fails inside its transaction.
			assertUnavailable(stores);
			long asked = System.nanoTime();
			Response health = health();
			assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("health answered within about a second")
				.isLessThan(HEALTH_WITHIN);
			assertThat(health.status()).as(health.toString()).isEqualTo(503);
			assertThat(health.json().path("status").asString()).isEqualTo("DOWN");
			asked = System.nanoTime();
			Response detailed = api().get("/actuator/health").operator().send();
			assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("detailed health too").isLessThan(HEALTH_WITHIN);
			assertThat(detailed.json().path("components").path("db").path("status").asString()).isEqualTo("DOWN");

			// Nothing cached: the tenant filters themselves cannot reach the database.
			context.getBean(TenantDirectory.class).invalidate(TenantId.of(tenant.id()));
			context.getBean(HostTenantResolver.class).invalidate(tenant.host());
			assertUnavailable(stores);
			assertUnavailable(() -> api().get("/storefront/v1/store").host(tenant.host()).send());
			assertUnavailable(() -> api().post("/auth/v1/token")
				.body(Map.of("tenant", tenant.slug(), "email", tenant.ownerEmail(), "password", Fixtures.PASSWORD))
				.send());
			assertUnavailable(() -> api().get("/platform/v1/tenants/" + tenant.id()).operator().send());
		}
		finally {
			bringBack(scratch);
		}

		Response recovered = pollUntil(stores, r -> r.status() == 200);
		assertThat(recovered.json().path(0).path("id").asString()).isEqualTo(tenant.storeId().toString());
		Response healthy = pollUntil(this::health, r -> r.status() == 200);
		assertThat(healthy.json().path("status").asString()).isEqualTo("UP");
		Response storefront = api().get("/storefront/v1/store").host(tenant.host()).send();
		assertThat(storefront.status()).as(storefront.toString()).isEqualTo(200);
		assertThat(storefront.json().path("slug").asString()).isEqualTo(tenant.slug());
		assertThat(fixtures().login(tenant.slug(), tenant.ownerEmail(), Fixtures.PASSWORD)).isNotBlank();
	}

	/** 503 database-unavailable with Retry-After, answered within the pool's connection timeout (3s). */
	private static void assertUnavailable(Supplier<Response> request) {
		long started = System.nanoTime();
		Response response = request.get();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered without hanging")
			.isLessThan(ANSWER_WITHIN);
		assertThat(response.status()).as(response.toString()).isEqualTo(503);
		assertThat(response.problemType()).isEqualTo("database-unavailable");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.header("Retry-After")).as("Retry-After").matches("[1-9][0-9]*");
		assertThat(response.body()).doesNotContainIgnoringCase("exception").doesNotContain(scratchName());
	}

	private Response health() {
		return api().get("/actuator/health").send();
	}

	/** Repeats the request until it answers as expected, failing after the recovery timeout. */
	private static Response pollUntil(Supplier<Response> request, Predicate<Response> done) {
		long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
		Response last;
		do {
			last = request.get();
			if (done.test(last)) {
				return last;
			}
			pause();
		}
		while (System.nanoTime() < deadline);
		throw new AssertionError("Not recovered within " + RECOVERY_TIMEOUT + "; last answer: " + last);
	}

	private static void pause() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Refuses new connections to the scratch database and ends the open ones (as the superuser). */
	private static void takeDown(ScratchDatabase scratch) throws SQLException {
		try (Connection admin = adminConnection(scratch); Statement st = admin.createStatement()) {
			st.execute("alter database " + scratch.database() + " allow_connections false");
			try (PreparedStatement terminate = admin.prepareStatement(
					"select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()")) {
				terminate.setString(1, scratch.database());
				terminate.execute();
			}
		}
	}

	private static void bringBack(ScratchDatabase scratch) throws SQLException {
		try (Connection admin = adminConnection(scratch); Statement st = admin.createStatement()) {
			st.execute("alter database " + scratch.database() + " allow_connections true");
		}
	}

	private static Connection adminConnection(ScratchDatabase scratch) throws SQLException {
		ScratchDatabase.AdminConnection admin = scratch.admin();
		return DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
	}

	private static String scratchName() {
		return TestDatabase.get().orElseThrow().database();
	}

}
