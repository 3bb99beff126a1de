package io.sokoni.platform.outbox;

import java.time.Duration;

import io.sokoni.platform.database.TimeBoxedCheck;
import io.sokoni.platform.outbox.OutboxMonitor.Snapshot;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health "outbox": DOWN when the oldest pending event is older than {@code sokoni.outbox.lag-threshold}
 * (the relay or a downstream system such as Meilisearch is stuck), with backlog, lag and parked count
 * as details. Parked events alone do not make it DOWN: they wait for an operator by design. UNKNOWN,
 * with the error, when the figures cannot be read within 400 ms (health answers within a second).
 */
@Component
class OutboxHealthIndicator implements HealthIndicator {

	private final OutboxMonitor monitor;

	private final Duration threshold;

	private final TimeBoxedCheck check = new TimeBoxedCheck(Duration.ofMillis(400));

	OutboxHealthIndicator(OutboxMonitor monitor, OutboxProperties props) {
		this.monitor = monitor;
		this.threshold = props.lagThreshold();
	}

	@Override
	public Health health() {
		// The figures cannot be read in time (the database is unreachable): the health document says so.
		// Thrown on, the exception made the whole health endpoint answer 503 with a problem instead of DOWN.
		return check.run(this::figures,
				why -> Health.unknown().withDetail("error", "outbox figures unavailable: " + why).build());
	}

	private Health figures() {
		Snapshot s = monitor.snapshot();
		Health.Builder health = s.lagSeconds() > threshold.toSeconds() ? Health.down() : Health.up();
		return health.withDetail("backlog", s.backlog())
			.withDetail("lagSeconds", s.lagSeconds())
			.withDetail("parked", s.parked())
			.withDetail("lagThresholdSeconds", threshold.toSeconds())
			.build();
	}

}
