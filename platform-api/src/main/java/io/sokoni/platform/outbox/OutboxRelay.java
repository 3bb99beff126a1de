package io.sokoni.platform.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.sokoni.platform.database.AllDatabases;
import io.sokoni.platform.outbox.OutboxRepository.Claim;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Delivers outbox events to the {@link OutboxHandler}s: claims a batch of due events (any number of
 * relays, in this and other instances, may run at once: a claim is exclusive for its lease, renewed while
 * the batch is delivered, so a slow batch stays its relay's and a dead instance's events are taken over a
 * lease after it died), hands each
 * tenant's share to the handlers with that tenant bound, then marks each event delivered, or failed with
 * exponential backoff, or parked after too many attempts. Mechanism only: what an event means is up to
 * its handler.
 * <p>
 * Every database with events is relayed in turn: the shared one and each dedicated one (a tenant routed
 * there writes its events there); see {@link AllDatabases}.
 * <p>
 * It polls every {@code interval}, and at once when a transaction of this instance that wrote events
 * it delivers commits ({@link OutboxWakeups}), but never sooner than {@code min-poll-gap} after its
 * previous poll: under a stream of commits each poll takes the events of several.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final OutboxRepository repository;

	private final AllDatabases databases;

	private final Map<String, List<OutboxHandler>> handlers;

	private final OutboxProperties props;

	private final MeterRegistry metrics;

	private final ApplicationEventPublisher publisher;

	private final OutboxWakeups wakeups;

	private final Semaphore wakeup = new Semaphore(0);

	/** Renews the leases of the batches being delivered (one thread: a renewal is one short statement). */
	private final ScheduledExecutorService renewals = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("outbox-lease-renewal").factory());

	private volatile Thread poller;

	private Runnable unsubscribe;

	private volatile boolean running;

	private int consecutivePollFailures;

	private long nextPurge = System.nanoTime();

	OutboxRelay(OutboxRepository repository, AllDatabases databases, List<OutboxHandler> handlers,
			OutboxProperties props, MeterRegistry metrics, ApplicationEventPublisher publisher, OutboxWakeups wakeups) {
		this.repository = repository;
		this.databases = databases;
		this.handlers = byEventType(handlers);
		this.props = props;
		this.metrics = metrics;
		this.publisher = publisher;
		this.wakeups = wakeups;
	}

	/**
	 * The handlers of each event type. Several handlers may deliver one type (WhatsApp notifications and
	 * insight both follow order events): an event is delivered when every handler of its type took it,
	 * and retried for all of them otherwise, which their idempotence (see {@link OutboxHandler}) allows.
	 */
	private static Map<String, List<OutboxHandler>> byEventType(List<OutboxHandler> handlers) {
		Map<String, List<OutboxHandler>> byType = new HashMap<>();
		for (OutboxHandler handler : handlers) {
			for (String type : handler.eventTypes()) {
				byType.computeIfAbsent(type, t -> new ArrayList<>()).add(handler);
			}
		}
		Map<String, List<OutboxHandler>> copy = new HashMap<>();
		byType.forEach((type, list) -> copy.put(type, List.copyOf(list)));
		return Map.copyOf(copy);
	}

	/** The event types some handler delivers (the only ones this relay claims). */
	public Set<String> eventTypes() {
		return handlers.keySet();
	}

	/**
	 * Claims one batch in each database and delivers it. Returns the largest number of events claimed
	 * in one database (a full batch means there may be more).
	 */
	public int pollOnce() {
		if (handlers.isEmpty()) {
			return 0;
		}
		int most = 0;
		for (DSLContext database : databases.all()) {
			most = Math.max(most, pollOnce(database));
		}
		return most;
	}

	private int pollOnce(DSLContext database) {
		Claim claim = repository.claim(database, handlers.keySet(), props.batchSize(), props.lease());
		if (claim.events().isEmpty()) {
			return 0;
		}
		Map<TenantId, List<OutboxEvent>> byTenant = new LinkedHashMap<>();
		claim.events().forEach(e -> byTenant.computeIfAbsent(e.tenant(), t -> new ArrayList<>()).add(e));
		// The lease is renewed every third of it while the batch is delivered: a batch that outlives
		// one lease (a slow handler, a loaded machine) stays this relay's, and is not delivered twice.
		long every = props.lease().toMillis() / 3;
		ScheduledFuture<?> renewal = renewals.scheduleWithFixedDelay(() -> renew(claim), every, every,
				TimeUnit.MILLISECONDS);
		try {
			byTenant.forEach((tenant, events) -> deliver(tenant, events, claim));
		}
		finally {
			renewal.cancel(false);
		}
		return claim.events().size();
	}

	private void renew(Claim claim) {
		try {
			repository.renew(claim, props.lease());
		}
		catch (RuntimeException ex) {
			// The next renewal tries again; if none succeeds, the lease runs out and another relay takes over.
			log.warn("Could not renew the lease of {} outbox events: {}", claim.events().size(), ex.toString());
		}
	}

	private void deliver(TenantId tenant, List<OutboxEvent> events, Claim claim) {
		Map<OutboxHandler, List<OutboxEvent>> byHandler = new LinkedHashMap<>();
		events.forEach(e -> handlers.get(e.eventType())
			.forEach(handler -> byHandler.computeIfAbsent(handler, h -> new ArrayList<>()).add(e)));
		Map<UUID, RuntimeException> failures = new HashMap<>();
		byHandler.forEach((handler, share) -> TenantContext.callAs(tenant, () -> {
			try {
				return handler.handleAll(share);
			}
			catch (RuntimeException ex) {
				Map<UUID, RuntimeException> all = new HashMap<>();
				share.forEach(e -> all.put(e.id(), ex));
				return all;
			}
		}).forEach(failures::putIfAbsent));
		List<OutboxEvent> delivered = events.stream().filter(e -> !failures.containsKey(e.id())).toList();
		int marked = repository.markDelivered(claim, delivered);
		if (marked < delivered.size()) {
			log.warn("Lease lost on {} of {} delivered outbox events of tenant {} (a handler outlived the lease)",
					delivered.size() - marked, delivered.size(), tenant);
		}
		delivered.forEach(e -> metrics.counter("outbox.events.delivered", "type", e.eventType()).increment());
		for (OutboxEvent event : events) {
			RuntimeException failure = failures.get(event.id());
			if (failure != null) {
				recordFailure(event, failure, claim);
			}
		}
		if (!delivered.isEmpty()) {
			publisher.publishEvent(new OutboxEventsDelivered(tenant, delivered));
		}
	}

	private void recordFailure(OutboxEvent event, RuntimeException failure, Claim claim) {
		Duration delay = backoff(event.attempts() + 1);
		String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
		Optional<String> status = repository.markFailed(claim, event, delay, props.maxAttempts(), error);
		if (status.isEmpty()) {
			log.warn("Outbox event {} of tenant {} failed after its lease was lost: {}", event.id(), event.tenant(),
					error);
		}
		else if (status.get().equals("parked")) {
			metrics.counter("outbox.events.parked", "type", event.eventType()).increment();
			log.error("Outbox event {} ({}) of tenant {} parked after {} attempts: {}", event.id(),
					event.eventType(), event.tenant(), event.attempts() + 1, error, failure);
		}
		else {
			metrics.counter("outbox.events.failed", "type", event.eventType()).increment();
			log.warn("Outbox event {} ({}) of tenant {} failed (attempt {}), retry in {} ms: {}", event.id(),
					event.eventType(), event.tenant(), event.attempts() + 1, delay.toMillis(), error);
		}
	}

	/** Deletes delivered events older than the retention period, in every database. */
	public int purgeDelivered() {
		int purged = 0;
		for (DSLContext database : databases.all()) {
			int batch;
			do {
				batch = repository.purgeDelivered(database, props.retention(), 10_000);
				purged += batch;
			}
			while (batch == 10_000 && running);
		}
		if (purged > 0) {
			log.info("Purged {} outbox events delivered more than {} ago", purged, props.retention());
		}
		return purged;
	}

	/**
	 * The delay before attempt {@code failures + 1}: base * 2^(failures - 1), at most the configured
	 * maximum, with "equal jitter" (between half and all of it) so a burst of failures does not retry in
	 * lockstep.
	 */
	Duration backoff(int failures) {
		long base = props.backoffBase().toMillis();
		long max = props.backoffMax().toMillis();
		long exponential = failures >= 31 ? max : Math.min(max, base * (1L << Math.max(0, failures - 1)));
		long half = exponential / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(exponential - half + 1));
	}

	private void drain() {
		try {
			while (running && pollOnce() == props.batchSize()) {
				// a full batch: there may be more, go on without pausing
			}
			if (System.nanoTime() - nextPurge >= 0) {
				nextPurge = System.nanoTime() + Duration.ofMinutes(10).toNanos();
				purgeDelivered();
			}
			if (consecutivePollFailures > 0) {
				log.info("Outbox relay recovered after {} failed polls", consecutivePollFailures);
				consecutivePollFailures = 0;
			}
		}
		catch (RuntimeException ex) {
			// The database is unreachable or a statement failed: say so once, then every 100th time.
			if (consecutivePollFailures++ % 100 == 0) {
				log.warn("Outbox relay poll failed ({} in a row): {}", consecutivePollFailures, ex.toString());
			}
		}
	}

	@Override
	public void start() {
		if (!props.relayEnabled() || running) {
			return;
		}
		running = true;
		unsubscribe = wakeups.subscribe(eventTypes(), () -> {
			if (wakeup.availablePermits() == 0) {
				wakeup.release();
			}
		});
		poller = Thread.ofPlatform().daemon().name("outbox-relay").start(this::pollUntilStopped);
		log.info("Outbox relay started for {}: every {} ms, and on this instance's commits", handlers.keySet(),
				props.interval().toMillis());
	}

	private void pollUntilStopped() {
		long previousPoll = System.nanoTime();
		while (running) {
			try {
				wakeup.tryAcquire(props.interval().toNanos(), TimeUnit.NANOSECONDS);
				long gapLeft = props.minPollGap().toNanos() - (System.nanoTime() - previousPoll);
				if (gapLeft > 0) {
					TimeUnit.NANOSECONDS.sleep(gapLeft);
				}
			}
			catch (InterruptedException ex) {
				return; // stop() gave up waiting for the batch in hand
			}
			wakeup.drainPermits(); // the commits until now are all covered by this poll
			previousPoll = System.nanoTime();
			if (running) {
				drain();
			}
		}
	}

	@Override
	public void stop() {
		running = false;
		if (unsubscribe != null) {
			unsubscribe.run();
		}
		Thread p = poller;
		if (p != null) {
			wakeup.release();
			try {
				// Let the batch in hand finish; an event cut off stays leased and is retried after the lease.
				p.join(Duration.ofSeconds(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			p.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		// Stop before the web server and the pools (default phase) go away.
		return SmartLifecycle.DEFAULT_PHASE - 100;
	}

}
