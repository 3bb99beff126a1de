package io.sokoni.platform.insight;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.sokoni.platform.order.CheckoutsInFlight;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores accepted storefront events many requests per commit (as the WhatsApp webhook intake does):
 * each request queues its events and waits; a writer thread takes what is queued (up to
 * {@code writer-batch} events), and stores each tenant's share with one multi-row insert and one
 * transaction, then releases the requests. The request path itself reads nothing from the database
 * (the store comes from the cached Host resolution); the queue is bounded, so a flood is refused with
 * 429 instead of growing memory. The writers take connections from the tenant pool like any request,
 * but at most {@code writer-threads} at a time, so checkouts always find theirs.
 */
@Component
class EventIntake {

	private static final Logger log = LoggerFactory.getLogger(EventIntake.class);

	private record Pending(TenantId tenant, UUID storeId, List<StorefrontEvent> events, CompletableFuture<Void> stored) {
	}

	private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	private final AtomicInteger queuedEvents = new AtomicInteger();

	private final InsightEventRepository events;

	private final TransactionTemplate tx;

	private final InsightProperties props;

	private final List<Thread> writers = new ArrayList<>();

	private volatile boolean running = true;

	private final CheckoutsInFlight checkouts;

	EventIntake(InsightEventRepository events, TransactionTemplate tx, InsightProperties props,
			CheckoutsInFlight checkouts) {
		this.checkouts = checkouts;
		this.events = events;
		this.tx = tx;
		this.props = props;
		for (int i = 0; i < props.writerThreads(); i++) {
			writers.add(Thread.ofPlatform().name("insight-intake-" + i).daemon().start(this::writeLoop));
		}
	}

	/**
	 * Queues the events for the next group commit; the future completes once they are committed. Empty
	 * when the queue is full (the caller answers 429).
	 */
	java.util.Optional<CompletableFuture<Void>> store(TenantId tenant, UUID storeId, List<StorefrontEvent> batch) {
		if (queuedEvents.addAndGet(batch.size()) > props.maxQueuedEvents()) {
			queuedEvents.addAndGet(-batch.size());
			return java.util.Optional.empty();
		}
		CompletableFuture<Void> stored = new CompletableFuture<>();
		queue.add(new Pending(tenant, storeId, batch, stored));
		return java.util.Optional.of(stored);
	}

	private void writeLoop() {
		List<Pending> round = new ArrayList<>();
		while (running) {
			try {
				Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				round.add(first);
				int size = first.events().size();
				while (size < props.writerBatch()) {
					Pending next = queue.poll();
					if (next == null) {
						break;
					}
					round.add(next);
					size += next.events().size();
				}
				write(round);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				round.forEach(p -> p.stored().completeExceptionally(ex)); // stopping: those not stored are answered 503
				return;
			}
			catch (RuntimeException ex) {
				log.error("Insight intake writer failed", ex);
				round.forEach(p -> p.stored().completeExceptionally(ex));
			}
			finally {
				round.forEach(p -> queuedEvents.addAndGet(-p.events().size()));
				round.clear();
			}
		}
	}

	/**
	 * One transaction per tenant of the round (RLS binds one tenant per transaction), each after the
	 * checkouts running in the instance ended or the checkout yield passed (see {@link CheckoutFirstFilter}).
	 */
	private void write(List<Pending> round) throws InterruptedException {
		Map<TenantId, List<Pending>> byTenant = new LinkedHashMap<>();
		round.forEach(p -> byTenant.computeIfAbsent(p.tenant(), t -> new ArrayList<>()).add(p));
		for (Map.Entry<TenantId, List<Pending>> entry : byTenant.entrySet()) {
			TenantId tenant = entry.getKey();
			List<Pending> share = entry.getValue();
			checkouts.awaitNone(props.checkoutYield());
			try {
				TenantContext.runAs(tenant, () -> tx.executeWithoutResult(s -> {
					OffsetDateTime earliest = null;
					List<InsightEventRepository.Row> rows = new ArrayList<>();
					for (Pending p : share) {
						for (StorefrontEvent e : p.events()) {
							rows.add(new InsightEventRepository.Row(p.storeId(), e));
							earliest = earliest == null || e.occurredAt().isBefore(earliest) ? e.occurredAt() : earliest;
						}
					}
					events.insertStorefront(rows);
					events.markDirty(earliest);
				}));
				share.forEach(p -> p.stored().complete(null));
			}
			catch (RuntimeException ex) {
				log.warn("Storing {} insight event batches of tenant {} failed: {}", share.size(), tenant, ex.toString());
				share.forEach(p -> p.stored().completeExceptionally(ex));
			}
		}
	}

	@PreDestroy
	void stop() throws InterruptedException {
		running = false;
		for (Thread writer : writers) {
			writer.join(2_000);
		}
	}

}
