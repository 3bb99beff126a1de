package io.sokoni.platform.auth;

import static io.sokoni.platform.auth.AdminIsolationIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.OwnerJdbc;
import org.junit.jupiter.api.Test;

/**
 * Password login: one answer for every kind of bad credentials, each failure audited, throttled per
 * account and per client address (progressive delays counted in PostgreSQL, reserved before the
 * password is checked), deactivated users refused, emails compared case-insensitively.
 *
 * <p>
 * Failed logins count against the client address for the whole application context, which other test
 * classes share. So every failing attempt here comes from its own loopback address (127.x.y.z, bound
 * on a plain socket), never from the 127.0.0.1 the rest of the suite signs in from.
 */
class LoginIT extends ApiTestBase {

	@Test
	void wrongPasswordIs401AndAudited() {
		TestTenant tenant = fixtures().tenant();
		String address = freshAddress();

		Response response = login(address, tenant.slug(), tenant.ownerEmail(), "not-the-password-at-all");
		assertProblem(response, 401, "invalid-credentials");
		assertThat(response.body()).doesNotContain("access_token");

		assertThat(OwnerJdbc.count(tenant.id(), """
				select count(*) from app.audit_log
				where action = 'auth.login_failed' and actor_type = 'anonymous' and target_type = 'user'
				  and target_id = ? and details ->> 'email' = ? and ip = ?""", tenant.ownerId().toString(),
				tenant.ownerEmail(), address))
			.isEqualTo(1);
		// The right password still works: one failure locks nobody out.
		assertThat(login(freshAddress(), tenant.slug(), tenant.ownerEmail(), Fixtures.PASSWORD).status())
			.isEqualTo(200);
	}

	@Test
	void unknownTenantAndUnknownEmailAnswerLikeAWrongPassword() {
		TestTenant tenant = fixtures().tenant();
		String unknownEmail = "nobody@" + tenant.slug() + ".example";

		Response unknownTenant = login(freshAddress(), "no-such-" + tenant.slug(), tenant.ownerEmail(),
				Fixtures.PASSWORD);
		Response unknownUser = login(freshAddress(), tenant.slug(), unknownEmail, Fixtures.PASSWORD);
		Response wrongPassword = login(freshAddress(), tenant.slug(), tenant.ownerEmail(), "wrong-password-123");

		for (Response response : List.of(unknownTenant, unknownUser, wrongPassword)) {
			assertProblem(response, 401, "invalid-credentials");
		}
		// Nothing in the answer tells which part was wrong.
		assertThat(unknownTenant.json().path("detail").asString())
			.isEqualTo(unknownUser.json().path("detail").asString())
			.isEqualTo(wrongPassword.json().path("detail").asString());
		assertThat(unknownTenant.json().path("title").asString())
			.isEqualTo(unknownUser.json().path("title").asString());

		assertThat(OwnerJdbc.count(tenant.id(), """
				select count(*) from app.audit_log
				where action = 'auth.login_failed' and target_id is null and details ->> 'email' = ?""",
				unknownEmail))
			.isEqualTo(1);
	}

	@Test
	void sixthAttemptOnAnAccountIsThrottledEvenWithTheRightPassword() {
		TestTenant tenant = fixtures().tenant();
		String attacker = freshAddress();
		for (int i = 1; i <= 5; i++) {
			assertProblem(login(attacker, tenant.slug(), tenant.ownerEmail(), "guess-number-" + i), 401,
					"invalid-credentials");
		}

		// The account is blocked from anywhere, whatever the password.
		Response sixth = login(freshAddress(), tenant.slug(), tenant.ownerEmail(), Fixtures.PASSWORD);
		assertProblem(sixth, 429, "too-many-requests");
		assertThat(sixth.json().path("retryAfterSeconds").asLong()).isPositive();
		assertThat(sixth.header("Retry-After")).isEqualTo(sixth.json().path("retryAfterSeconds").asString());
		assertThat(sixth.body()).doesNotContain("access_token");
		// Case does not make it another account.
		assertProblem(login(freshAddress(), tenant.slug(), tenant.ownerEmail().toUpperCase(), Fixtures.PASSWORD),
				429, "too-many-requests");

		// Other accounts, even from the attacker's address (5 failures, under its own limit), are not blocked.
		Member staff = member(tenant, "staff");
		assertThat(login(attacker, tenant.slug(), staff.email(), Fixtures.PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void theRightPasswordWorksAgainOnceTheDelayHasPassed() {
		TestTenant tenant = fixtures().tenant();
		for (int i = 1; i <= 5; i++) {
			assertProblem(login(freshAddress(), tenant.slug(), tenant.ownerEmail(), "guess-number-" + i), 401,
					"invalid-credentials");
		}
		Response waiting = login(freshAddress(), tenant.slug(), tenant.ownerEmail(), Fixtures.PASSWORD);
		assertProblem(waiting, 429, "too-many-requests");
		// A delay, not a lock-out: the first one is a second (sokoni.auth.login-delay-base).
		assertThat(waiting.json().path("retryAfterSeconds").asLong()).isBetween(1L, 2L);

		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(300))
			.until(() -> login(freshAddress(), tenant.slug(), tenant.ownerEmail(), Fixtures.PASSWORD).status() == 200);
	}

	@Test
	void eachFailurePastTheFreeAttemptsDoublesTheWait() {
		TestTenant tenant = fixtures().tenant();
		for (int i = 1; i <= 5; i++) {
			login(freshAddress(), tenant.slug(), tenant.ownerEmail(), "guess-number-" + i);
		}
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(300))
			.until(() -> login(freshAddress(), tenant.slug(), tenant.ownerEmail(), "guess-six").status() == 401);

		Response next = login(freshAddress(), tenant.slug(), tenant.ownerEmail(), Fixtures.PASSWORD);
		assertProblem(next, 429, "too-many-requests");
		assertThat(next.json().path("retryAfterSeconds").asLong()).isBetween(2L, 3L);
	}

	/**
	 * The attempt is reserved before the password is checked, in one statement on a shared row: 60
	 * guesses at once get no more than the five free attempts between them (before, about 30 did), plus
	 * one per delay that passed while they were answered (1 s, then 2 s more, …) on a slow machine.
	 */
	@Test
	void parallelGuessesOnOneAccountGetNoMoreThanTheFreeAttempts() throws Exception {
		TestTenant tenant = fixtures().tenant();
		int guesses = 60;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Response>> answers = new ArrayList<>();
		int checked = 0;
		long began;
		long ended;
		try (ExecutorService pool = Executors.newFixedThreadPool(guesses)) {
			for (int i = 0; i < guesses; i++) {
				String guess = "parallel-guess-" + i;
				String address = freshAddress();
				answers.add(pool.submit(() -> {
					start.await();
					return login(address, tenant.slug(), tenant.ownerEmail(), guess);
				}));
			}
			began = System.nanoTime();
			start.countDown();
			for (Future<Response> answer : answers) {
				Response response = answer.get(60, TimeUnit.SECONDS);
				assertThat(response.status()).as(response.toString()).isIn(401, 429);
				checked += response.status() == 401 ? 1 : 0;
			}
			ended = System.nanoTime();
		}
		int delaysPassed = 0;
		for (long waited = 1; waited <= Duration.ofNanos(ended - began).toSeconds(); waited = 2 * waited + 1) {
			delaysPassed++; // the 6th attempt may come 1 s after the 5th, the 7th 2 s after that …
		}
		assertThat(checked).isBetween(1, 5 + delaysPassed);
		assertThat(OwnerJdbc.count(tenant.id(),
				"select count(*) from app.audit_log where action = 'auth.login_failed' and target_id = ?",
				tenant.ownerId().toString()))
			.isEqualTo(checked);
	}

	/**
	 * Sign-ins at once from one address, far under its budget (20), all pass: a reservation that waited
	 * for another's lock on the address row used to compare that row's new time with its own statement's
	 * start, find it "in the future" and refuse with 429.
	 */
	@Test
	void simultaneousSignInsFromOneAddressUnderItsBudgetAllPass() throws Exception {
		List<TestTenant> tenants = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			tenants.add(fixtures().tenant());
		}
		for (int round = 0; round < 3; round++) {
			String address = freshAddress();
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Response>> answers = new ArrayList<>();
			try (ExecutorService pool = Executors.newFixedThreadPool(tenants.size())) {
				for (TestTenant tenant : tenants) {
					answers.add(pool.submit(() -> {
						start.await();
						return login(address, tenant.slug(), tenant.ownerEmail(), Fixtures.PASSWORD);
					}));
				}
				start.countDown();
				for (Future<Response> answer : answers) {
					Response response = answer.get(60, TimeUnit.SECONDS);
					assertThat(response.status()).as(response.toString()).isEqualTo(200);
				}
			}
		}
	}

	/** No trusted proxy is configured: an X-Forwarded-For from the client is not its address. */
	@Test
	void forwardedForFromAnUntrustedPeerDoesNotGiveAFreshBudget() {
		TestTenant tenant = fixtures().tenant();
		String address = freshAddress();
		for (int i = 0; i < 20; i++) {
			Map<String, Object> body = Map.of("tenant", tenant.slug(), "email",
					"spray" + i + "@" + tenant.slug() + ".example", "password", "whatever-password");
			assertProblem(post(address, "/auth/v1/token", Api.json(body), "X-Forwarded-For: " + freshAddress()), 401,
					"invalid-credentials");
		}
		Map<String, Object> body = Map.of("tenant", tenant.slug(), "email", tenant.ownerEmail(), "password",
				Fixtures.PASSWORD);
		assertProblem(post(address, "/auth/v1/token", Api.json(body), "X-Forwarded-For: " + freshAddress()), 429,
				"too-many-requests");
	}

	@Test
	void passwordOverSeventyTwoBytesIs400NotAServerError() {
		TestTenant tenant = fixtures().tenant();
		// 40 characters, 80 bytes in UTF-8: within @Size(max = 128), beyond what bcrypt reads.
		Response response = login(freshAddress(), tenant.slug(), tenant.ownerEmail(), "é".repeat(40));
		assertProblem(response, 400, "validation-failed");
		assertThat(response.json().path("errors").toString()).contains("password");
	}

	@Test
	void successfulLoginClearsTheAccountsFailures() {
		TestTenant tenant = fixtures().tenant();
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < 4; i++) {
				assertProblem(login(freshAddress(), tenant.slug(), tenant.ownerEmail(), "guess-" + round + i), 401,
						"invalid-credentials");
			}
			Response ok = login(freshAddress(), tenant.slug(), tenant.ownerEmail(), Fixtures.PASSWORD);
			assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
		}
	}

	@Test
	void twentyFailuresFromOneAddressBlockThatAddress() {
		TestTenant tenant = fixtures().tenant();
		String address = freshAddress();
		// Twenty different accounts, so no account reaches its own limit.
		for (int i = 0; i < 20; i++) {
			assertProblem(login(address, tenant.slug(), "guess" + i + "@" + tenant.slug() + ".example",
					"whatever-password"), 401, "invalid-credentials");
		}

		assertProblem(login(address, tenant.slug(), tenant.ownerEmail(), Fixtures.PASSWORD), 429,
				"too-many-requests");
		assertThat(login(freshAddress(), tenant.slug(), tenant.ownerEmail(), Fixtures.PASSWORD).status())
			.isEqualTo(200);
	}

	@Test
	void deactivatedUserCannotLogIn() {
		TestTenant tenant = fixtures().tenant();
		Member staff = member(tenant, "staff");
		Response deactivated = api().post("/admin/v1/staff/" + staff.id() + "/deactivate")
			.bearer(tenant.ownerToken())
			.send();
		assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);

		Response refused = login(freshAddress(), tenant.slug(), staff.email(), Fixtures.PASSWORD);
		assertProblem(refused, 401, "invalid-credentials");
		assertThat(refused.body()).doesNotContain("access_token");
		assertThat(OwnerJdbc.count(tenant.id(),
				"select count(*) from app.audit_log where action = 'auth.login_failed' and target_id = ?",
				staff.id().toString()))
			.isEqualTo(1);
	}

	@Test
	void emailIsCaseInsensitive() {
		TestTenant tenant = fixtures().tenant(r -> {
			@SuppressWarnings("unchecked")
			Map<String, Object> owner = (Map<String, Object>) r.get("owner");
			owner.put("email", "Mixed.Case@" + r.get("slug") + ".Example");
		});

		for (String email : List.of("mixed.case@" + tenant.slug() + ".example",
				"MIXED.CASE@" + tenant.slug().toUpperCase() + ".EXAMPLE")) {
			Response response = login(freshAddress(), tenant.slug(), email, Fixtures.PASSWORD);
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			assertThat(response.json().path("user_id").asString()).isEqualTo(tenant.ownerId().toString());
			assertThat(response.json().path("role").asString()).isEqualTo("owner");
		}
		Response me = api().get("/admin/v1/me").bearer(tenant.ownerToken()).send();
		assertThat(me.json().path("email").asString()).isEqualTo("mixed.case@" + tenant.slug() + ".example");
	}

	@Test
	void successfulLoginRecordsLastLoginAt() {
		TestTenant tenant = fixtures().tenant();
		Member member = invited(tenant, "viewer");
		assertThat(staffMember(tenant, member.id()).path("lastLoginAt").isNull()).isTrue();

		assertThat(login(freshAddress(), tenant.slug(), member.email(), Fixtures.PASSWORD).status()).isEqualTo(200);
		OffsetDateTime first = lastLoginAt(tenant, member.id());
		assertThat(first).isNotNull();

		// A failed attempt is not a login.
		assertProblem(login(freshAddress(), tenant.slug(), member.email(), "wrong-password-123"), 401,
				"invalid-credentials");
		assertThat(lastLoginAt(tenant, member.id())).isEqualTo(first);

		assertThat(login(freshAddress(), tenant.slug(), member.email(), Fixtures.PASSWORD).status()).isEqualTo(200);
		assertThat(lastLoginAt(tenant, member.id())).isAfter(first);
		assertThat(OwnerJdbc.count(tenant.id(),
				"select count(*) from app.audit_log where action = 'auth.login_succeeded' and target_id = ?",
				member.id().toString()))
			.isEqualTo(2);
	}

	/** A user of the tenant (invited and accepted), with their email. */
	private record Member(UUID id, String email) {
	}

	/** Invites and accepts, without signing in. */
	private Member invited(TestTenant tenant, String role) {
		String email = role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + tenant.slug() + ".example";
		Response invite = api().post("/admin/v1/staff/invites")
			.bearer(tenant.ownerToken())
			.body(Map.of("email", email, "role", role))
			.send();
		assertThat(invite.status()).as(invite.toString()).isEqualTo(201);
		Response accepted = api().post("/auth/v1/invites/accept")
			.body(Map.of("token", invite.json().path("token").asString(), "fullName", "Staff " + role, "password",
					Fixtures.PASSWORD))
			.send();
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
		return new Member(UUID.fromString(accepted.json().path("id").asString()), email);
	}

	private Member member(TestTenant tenant, String role) {
		Member member = invited(tenant, role);
		assertThat(login(freshAddress(), tenant.slug(), member.email(), Fixtures.PASSWORD).status()).isEqualTo(200);
		return member;
	}

	private tools.jackson.databind.JsonNode staffMember(TestTenant tenant, UUID id) {
		Response response = api().get("/admin/v1/staff/" + id).bearer(tenant.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private OffsetDateTime lastLoginAt(TestTenant tenant, UUID id) {
		tools.jackson.databind.JsonNode value = staffMember(tenant, id).path("lastLoginAt");
		return value.isNull() || value.isMissingNode() ? null : OffsetDateTime.parse(value.asString());
	}

	/** A loopback address of its own (127.0.0.0/8 is all local on Linux), never 127.0.0.1. */
	private static String freshAddress() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
	}

	private Response login(String fromAddress, String tenant, String email, String password) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("tenant", tenant);
		body.put("email", email);
		body.put("password", password);
		return post(fromAddress, "/auth/v1/token", Api.json(body));
	}

	/**
	 * POSTs JSON from a given local address over a plain socket (java.net.http cannot choose the local
	 * address on Java 21). HTTP/1.0, so the server closes the connection after a body without chunking.
	 */
	private Response post(String fromAddress, String path, String json, String... extraHeaders) {
		byte[] content = json.getBytes(StandardCharsets.UTF_8);
		String head = "POST " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + port
				+ "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: "
				+ content.length + "\r\n" + String.join("", java.util.Arrays.stream(extraHeaders).map(h -> h + "\r\n").toList())
				+ "\r\n";
		try (Socket socket = new Socket()) {
			socket.setSoTimeout(30_000);
			socket.bind(new InetSocketAddress(InetAddress.getByName(fromAddress), 0));
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			out.write(content);
			out.flush();
			InputStream in = socket.getInputStream();
			String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			int split = raw.indexOf("\r\n\r\n");
			String[] lines = raw.substring(0, split).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
					.add(lines[i].substring(colon + 1).trim());
			}
			return new Response(status, raw.substring(split + 4), headers);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
