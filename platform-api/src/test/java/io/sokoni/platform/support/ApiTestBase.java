package io.sokoni.platform.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sokoni.db.ScratchDatabase;
import io.sokoni.platform.PlatformApplication;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of the HTTP-level tests: the whole application on a random port, connected to the scratch
 * database as the runtime and platform roles (never the owner or a superuser for requests). Each test
 * creates its own tenants through {@link Fixtures}, so tests need no truncation and can share the
 * database.
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Tests send everything from 127.0.0.1: no storefront rate limits, except where a test's own
// @DynamicPropertySource (which takes precedence) switches them on with small figures.
// No WhatsApp sender either: every context would run one against the shared test database, and a
// sender without the Graph stand-in would send to Meta (the WhatsApp tests' own context turns it on).
// The per-tenant concurrency limit stays on (every request passes it); the concurrency tests (200
// checkouts at once) wait for a slot instead of getting 503 tenant-busy.
@TestPropertySource(properties = { "sokoni.rate-limit.enabled=false", "sokoni.whatsapp.outbound.sender-enabled=false",
		"sokoni.tenant-concurrency.limit=64", "sokoni.tenant-concurrency.max-wait=60s" })
public abstract class ApiTestBase {

	public static final String OPERATOR_TOKEN = "test-operator-token-0123456789abcdef";

	public static final String PLATFORM_DOMAIN = "sokoni.test";

	@LocalServerPort
	protected int port;

	@Autowired
	protected org.springframework.context.ApplicationContext context;

	@BeforeAll
	static void requireDatabase() {
		assumeTrue(TestDatabase.get().isPresent(), "no PostgreSQL reachable and no Docker: skipped");
		assumeTrue(!PgBouncer.wanted() || PgBouncer.binary().isPresent(), "run through PgBouncer asked, none installed: skipped");
	}

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		ScratchDatabase db = TestDatabase.get().orElseThrow();
		// Through PgBouncer (transaction pooling) when the run asks for it; session work goes direct.
		registry.add("sokoni.db.url", TestDatabase::pooledUrl);
		registry.add("sokoni.db.direct-url", db::jdbcUrl);
		registry.add("sokoni.db.runtime-username", () -> db.roles().runtime());
		registry.add("sokoni.db.platform-username", () -> db.roles().platform());
		registry.add("sokoni.schema.owner-username", () -> db.roles().owner());
		registry.add("sokoni.operator.token", () -> OPERATOR_TOKEN);
		registry.add("sokoni.platform-domain", () -> PLATFORM_DOMAIN);
		registry.add("sokoni.auth.bcrypt-strength", () -> "4");
		registry.add("sokoni.db.dedicated-idle-timeout", () -> "10m");
	}

	protected Api api() {
		return new Api(port);
	}

	protected Fixtures fixtures() {
		return new Fixtures(api());
	}

}
