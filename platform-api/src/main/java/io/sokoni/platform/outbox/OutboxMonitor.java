package io.sokoni.platform.outbox;

import java.time.Duration;
import java.time.OffsetDateTime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sokoni.platform.database.AllDatabases;
import io.sokoni.platform.outbox.OutboxRepository.Stats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Backlog, lag and parked events of the outbox (all tenants, shared database), re-read at most every
 * {@code stats-refresh} so that scrapes and health checks do not each hit the database. Gauges:
 * {@code outbox.backlog} (pending events), {@code outbox.lag} (seconds since the oldest pending event was
 * written), {@code outbox.parked}. Events of a type no handler delivers stay pending and count here: a
 * backlog nobody drains is exactly what should alert.
 */
@Component
public class OutboxMonitor {

	private static final Logger log = LoggerFactory.getLogger(OutboxMonitor.class);

	private final OutboxRepository repository;

	private final AllDatabases databases;

	private final Duration refresh;

	private final OutboxRelay relay;

	private volatile Snapshot last;

	OutboxMonitor(OutboxRepository repository, AllDatabases databases, OutboxRelay relay, OutboxProperties props,
			MeterRegistry metrics) {
		this.repository = repository;
		this.relay = relay;
		this.databases = databases;
		this.refresh = props.statsRefresh();
		Gauge.builder("outbox.backlog", this, m -> m.gaugeValue(Snapshot::backlog))
			.description("Outbox events waiting to be delivered")
			.register(metrics);
		Gauge.builder("outbox.lag", this, m -> m.gaugeValue(Snapshot::lagSeconds))
			.description("Age of the oldest pending outbox event")
			.baseUnit("seconds")
			.register(metrics);
		Gauge.builder("outbox.parked", this, m -> m.gaugeValue(Snapshot::parked))
			.description("Outbox events parked for an operator")
			.register(metrics);
	}

	/** Backlog, lag and parked count as of {@code takenAt}. */
	public record Snapshot(long backlog, long lagSeconds, long parked, OffsetDateTime takenAt) {
	}

	/** The latest figures, re-read when older than the refresh interval. */
	public Snapshot snapshot() {
		Snapshot s = last;
		if (s == null || s.takenAt().plus(refresh).isBefore(OffsetDateTime.now())) {
			s = read();
			last = s;
		}
		return s;
	}

	/** Figures read now, summed over every database (tests, and the health check after a refresh interval). */
	public Snapshot read() {
		long pending = 0;
		long parked = 0;
		OffsetDateTime oldest = null;
		for (var database : databases.all()) {
			Stats stats = repository.stats(database, relay.eventTypes());
			pending += stats.pending();
			parked += stats.parked();
			if (stats.oldestPending() != null && (oldest == null || stats.oldestPending().isBefore(oldest))) {
				oldest = stats.oldestPending();
			}
		}
		OffsetDateTime now = OffsetDateTime.now();
		long lag = oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toSeconds());
		return new Snapshot(pending, lag, parked, now);
	}

	private double gaugeValue(java.util.function.ToLongFunction<Snapshot> value) {
		try {
			return value.applyAsLong(snapshot());
		}
		catch (RuntimeException ex) {
			log.debug("Outbox figures unavailable: {}", ex.toString());
			return Double.NaN;
		}
	}

}
