package io.sokoni.platform.database;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health "db": every database holding tenant rows answers {@code select 1} within {@link #DEADLINE},
 * all probed at once (replaces Spring Boot's data source check, which waits for the pool's connection
 * timeout, 3 s per pool, when the database is gone). The details name each database with UP or DOWN
 * (and why, under {@code errors}). DOWN when the shared database is: nothing is served without it. A
 * dedicated database down leaves the status UP with that database listed under {@code unreachable}:
 * only its tenants are affected (their requests get 503), and an instance reported DOWN would be taken
 * out of service for every other tenant, though no other instance could serve that database either.
 */
@Component("dbHealthIndicator")
class DatabaseHealthIndicator implements HealthIndicator {

	static final Duration DEADLINE = Duration.ofMillis(400);

	private final AllDatabases databases;

	private final TimeBoxedCheck check = new TimeBoxedCheck(DEADLINE.plusMillis(200));

	DatabaseHealthIndicator(AllDatabases databases) {
		this.databases = databases;
	}

	@Override
	public Health health() {
		// The registry itself is read from the shared database: time-boxed too.
		return check.run(() -> {
			Map<String, String> answers = databases.check(DEADLINE);
			Map<String, String> statuses = new LinkedHashMap<>();
			Map<String, String> errors = new LinkedHashMap<>();
			answers.forEach((name, error) -> {
				statuses.put(name, error == null ? "UP" : "DOWN");
				if (error != null) {
					errors.put(name, error);
				}
			});
			Health.Builder health = errors.containsKey(AllDatabases.SHARED) ? Health.down() : Health.up();
			health.withDetail("databases", statuses);
			List<String> unreachable = errors.keySet().stream().filter(n -> !AllDatabases.SHARED.equals(n)).toList();
			if (!unreachable.isEmpty()) {
				health.withDetail("unreachable", unreachable);
			}
			if (!errors.isEmpty()) {
				health.withDetail("errors", errors);
			}
			return health.build();
		}, why -> Health.down().withDetail("error", why).build());
	}

}
