package io.sokoni.platform.database;

import java.time.Duration;

import org.jooq.DSLContext;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health "db": every database holding tenant rows answers {@code select 1}, within
 * {@link #DEADLINE} (replaces Spring Boot's data source check, which waits for the pool's connection
 * timeout, 3 s per pool, when the database is gone).
 */
@Component("dbHealthIndicator")
class DatabaseHealthIndicator implements HealthIndicator {

	static final Duration DEADLINE = Duration.ofMillis(400);

	private final AllDatabases databases;

	private final TimeBoxedCheck check = new TimeBoxedCheck(DEADLINE);

	DatabaseHealthIndicator(AllDatabases databases) {
		this.databases = databases;
	}

	@Override
	public Health health() {
		return check.run(() -> {
			int answered = 0;
			for (DSLContext database : databases.all()) {
				database.selectOne().fetch();
				answered++;
			}
			return Health.up().withDetail("databases", answered).build();
		}, why -> Health.down().withDetail("error", why).build());
	}

}
