package io.sokoni.platform.outbox;

import java.time.Duration;

import io.sokoni.platform.outbox.OutboxMonitor.Snapshot;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health "outbox": DOWN when the oldest pending event is older than {@code sokoni.outbox.lag-threshold}
 * (the relay or a downstream system such as Meilisearch is stuck), with backlog, lag and parked count
 * as details. Parked events alone do not make it DOWN: they wait for an operator by design.
 */
@Component
class OutboxHealthIndicator implements HealthIndicator {

	private final OutboxMonitor monitor;

	private final Duration threshold;

	OutboxHealthIndicator(OutboxMonitor monitor, OutboxProperties props) {
		this.monitor = monitor;
		this.threshold = props.lagThreshold();
	}

	@Override
	public Health health() {
		Snapshot s = monitor.snapshot();
		Health.Builder health = s.lagSeconds() > threshold.toSeconds() ? Health.down() : Health.up();
		return health.withDetail("backlog", s.backlog())
			.withDetail("lagSeconds", s.lagSeconds())
			.withDetail("parked", s.parked())
			.withDetail("lagThresholdSeconds", threshold.toSeconds())
			.build();
	}

}
