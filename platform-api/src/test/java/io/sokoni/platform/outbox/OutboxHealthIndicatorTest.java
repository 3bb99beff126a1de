package io.sokoni.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

class OutboxHealthIndicatorTest {

	private static final OutboxProperties PROPS = new OutboxProperties(false, Duration.ofMillis(200), Duration.ofMillis(50), 100,
			Duration.ofSeconds(60), 10, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(5),
			Duration.ofSeconds(5), Duration.ofDays(7));

	@Test
	void unreadableFiguresAreReportedUnknownWithTheErrorNotThrown() {
		OutboxMonitor unreachable = new OutboxMonitor(null, null, null, PROPS, new SimpleMeterRegistry()) {

			@Override
			public Snapshot snapshot() {
				throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection [select secret from t]",
						new SQLException("Connection to 127.0.0.1:5432 refused"));
			}

		};

		Health health = new OutboxHealthIndicator(unreachable, PROPS).health();

		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(String.valueOf(health.getDetails().get("error"))).contains("Connection to 127.0.0.1:5432 refused")
			.doesNotContain("select");
	}

	@Test
	void aPendingEventOlderThanTheThresholdIsDown() {
		Health late = new OutboxHealthIndicator(monitorShowing(3, 301), PROPS).health();
		Health onTime = new OutboxHealthIndicator(monitorShowing(3, 10), PROPS).health();

		assertThat(late.getStatus()).isEqualTo(Status.DOWN);
		assertThat(late.getDetails()).containsEntry("backlog", 3L).containsEntry("lagSeconds", 301L);
		assertThat(onTime.getStatus()).isEqualTo(Status.UP);
	}

	private static OutboxMonitor monitorShowing(long backlog, long lagSeconds) {
		return new OutboxMonitor(null, null, null, PROPS, new SimpleMeterRegistry()) {

			@Override
			public Snapshot snapshot() {
				return new Snapshot(backlog, lagSeconds, 0, OffsetDateTime.now());
			}

		};
	}

}
