package io.sokoni.platform.auth;

import java.time.Duration;
import java.util.Optional;

import io.sokoni.platform.Hashes;
import io.sokoni.platform.database.PlatformDatabase;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Login attempts per account and per client address, counted in PostgreSQL ({@code app.login_throttle})
 * so every instance shares one budget. An attempt is reserved in one conditional upsert before the
 * password is hashed: concurrent guesses serialise on the row, so however many arrive at once, at most
 * the free attempts pass. Past them each next attempt must wait a delay that doubles up to a cap (429
 * with Retry-After): no hard lock-out, so an attacker cannot keep the owner out, and the right password
 * works again after the wait. A success clears the account and gives the address its attempt back.
 */
@Component
class LoginThrottle {

	/**
	 * The clock, not the statement's start ({@code now()}): an upsert that waited for another's lock on
	 * the row must compare the time that one wrote with the time it is now, or it finds that time in
	 * the future and refuses an attempt the budget allows.
	 */
	private static final String UPSERT = """
			insert into app.login_throttle as t (key, attempts, last_attempt_at, next_attempt_at)
			values ({0}, 1, clock_timestamp(), clock_timestamp() + {3})
			on conflict (key) do update set
			    attempts = {2},
			    last_attempt_at = clock_timestamp(),
			    next_attempt_at = clock_timestamp() + {4}
			where t.next_attempt_at <= clock_timestamp() or t.last_attempt_at < clock_timestamp() - {1}
			returning attempts""";

	private final DSLContext platform;

	private final Duration window;

	private final Duration delayBase;

	private final Duration delayMax;

	private final int freePerAccount;

	private final int freePerAddress;

	LoginThrottle(PlatformDatabase platform, AuthProperties props) {
		this.platform = platform.dsl();
		this.window = props.loginFailureWindow();
		this.delayBase = props.loginDelayBase();
		this.delayMax = props.loginDelayMax();
		this.freePerAccount = props.loginMaxFailuresPerAccount();
		this.freePerAddress = props.loginMaxFailuresPerAddress();
	}

	/**
	 * Reserves one attempt for the account and one for the address; empty when both were free, else how
	 * many seconds to wait. A reservation refused for the address is given back to the account.
	 */
	Optional<Long> reserve(String account, String address) {
		String accountKey = key("account", account);
		String addressKey = key("address", address);
		if (!reserve(accountKey, freePerAccount)) {
			return Optional.of(waitSeconds(accountKey));
		}
		if (!reserve(addressKey, freePerAddress)) {
			release(accountKey);
			return Optional.of(waitSeconds(addressKey));
		}
		return Optional.empty();
	}

	/** The password was right: the account starts afresh and the address gets its attempt back. */
	void succeeded(String account, String address) {
		platform.deleteFrom(DSL.table("app.login_throttle"))
			.where(DSL.field("key", String.class).eq(key("account", account)))
			.execute();
		release(key("address", address));
	}

	/** Gives both attempts back: the password could not be checked (the hashing pool was full). */
	void cancel(String account, String address) {
		release(key("account", account));
		release(key("address", address));
	}

	/** Forgets rows idle for longer than the window (their next attempt would start afresh anyway). */
	@Scheduled(initialDelayString = "${sokoni.auth.login-throttle-purge-interval:10m}",
			fixedDelayString = "${sokoni.auth.login-throttle-purge-interval:10m}")
	void purge() {
		platform.execute("delete from app.login_throttle where last_attempt_at < now() - {0}", interval(window));
	}

	private boolean reserve(String key, int free) {
		Field<Integer> previous = DSL.field("t.attempts", Integer.class);
		Field<Integer> attempts = DSL.field("(case when t.last_attempt_at < clock_timestamp() - {0} then 1 else {1} + 1 end)",
				Integer.class, interval(window), previous);
		return platform
			.resultQuery(UPSERT, DSL.val(key), interval(window), attempts, delayAfter(DSL.inline(1), free),
					delayAfter(attempts, free))
			.fetchOptional()
			.isPresent();
	}

	/** No wait before the first {@code free} attempts; then base, 2 base, 4 base … up to the cap. */
	private Field<?> delayAfter(Field<Integer> attempts, int free) {
		return DSL.field("make_interval(secs => least({0} * power(2, least(greatest({1} - {2}, 0), 40)), {3})"
				+ " * (case when {1} >= {2} then 1 else 0 end))", SQLDataType.INTERVAL, DSL.val(seconds(delayBase)),
				attempts, DSL.val(free), DSL.val(seconds(delayMax)));
	}

	private void release(String key) {
		platform.execute("update app.login_throttle set attempts = greatest(attempts - 1, 0) where key = {0}",
				DSL.val(key));
	}

	private long waitSeconds(String key) {
		Double seconds = platform.resultQuery(
				"select extract(epoch from next_attempt_at - now())::float8 from app.login_throttle where key = {0}",
				DSL.val(key)).fetchOne(0, Double.class);
		return Math.max(1, seconds == null ? 1 : (long) Math.ceil(seconds));
	}

	private static Field<?> interval(Duration duration) {
		return DSL.field("make_interval(secs => {0})", SQLDataType.INTERVAL, DSL.val(seconds(duration)));
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	private static String key(String kind, String value) {
		return kind + ":" + Hashes.sha256Hex(value);
	}

}
