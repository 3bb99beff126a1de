package io.sokoni.platform.whatsapp.inbound;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Processes stored webhook deliveries: those the intake hands over in memory as soon as they are
 * committed, and those a sweep finds unprocessed with their lease run out (this or another instance
 * crashed, the hand-off queue was full, processing failed and waits to be retried). Processing is
 * idempotent (messages are unique by wamid, statuses by wamid and status), so a delivery processed twice
 * after a crash changes nothing the second time. Processed ids are marked in batches.
 */
@Component
class DeliveryWorker {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	private static final int MARK_BATCH = 500;

	private static final int PRUNE_BATCH = 10_000;

	/** Deliveries one worker thread takes from the queue at once. */
	private static final int WORK_BATCH = 64;

	private final BlockingQueue<StoredDelivery> handoff;

	/**
	 * Deliveries that carry a catalog order, for threads of their own: each order waits on some twenty
	 * round trips, so orders are worked on many at a time, while the threads of the rest (status
	 * updates, most of the traffic, and texts: computing more than waiting) stay few and leave the
	 * intake its share of the CPU.
	 */
	private final BlockingQueue<StoredDelivery> orders;

	private final BlockingQueue<Long> processed = new LinkedBlockingQueue<>();

	private final DeliveryStore store;

	private final ObjectProvider<WebhookProcessor> processor;

	private final WebhookProperties props;

	private final List<Thread> threads = new ArrayList<>();

	private final AtomicLong done = new AtomicLong();

	private volatile boolean running = true;

	DeliveryWorker(DeliveryStore store, ObjectProvider<WebhookProcessor> processor, WebhookProperties props) {
		this.store = store;
		this.processor = processor;
		this.props = props;
		this.handoff = new ArrayBlockingQueue<>(props.handoffCapacity());
		this.orders = new ArrayBlockingQueue<>(props.handoffCapacity());
		if (props.workerEnabled()) {
			for (int i = 0; i < props.workerThreads(); i++) {
				threads.add(Thread.ofPlatform().name("whatsapp-worker-" + i).daemon()
					.start(() -> workLoop(handoff, props.workerThreads())));
			}
			for (int i = 0; i < props.orderThreads(); i++) {
				threads.add(Thread.ofPlatform().name("whatsapp-orders-" + i).daemon()
					.start(() -> workLoop(orders, props.orderThreads())));
			}
			threads.add(Thread.ofPlatform().name("whatsapp-marker").daemon().start(this::markLoop));
		}
	}

	/**
	 * Queues committed deliveries for processing. Those the queue has no room for are released at once
	 * (their lease cleared), so the sweep takes them as soon as the queue has room again, here or on
	 * another instance, instead of after the lease they were stored with.
	 */
	void handOff(List<StoredDelivery> deliveries) {
		if (!props.workerEnabled()) {
			return;
		}
		List<Long> overflow = new ArrayList<>();
		for (StoredDelivery delivery : deliveries) {
			if (!queueOf(delivery).offer(delivery)) {
				overflow.add(delivery.id());
			}
		}
		if (!overflow.isEmpty()) {
			log.debug("WhatsApp hand-off queue full; {} deliveries wait for the sweep", overflow.size());
			try {
				store.release(overflow);
			}
			catch (RuntimeException ex) {
				// still stored and leased: the sweep takes them when the lease ends
				log.warn("Releasing {} WhatsApp deliveries to the sweep failed: {}", overflow.size(), ex.getMessage());
			}
		}
	}

	/**
	 * A delivery's queue. Meta writes its JSON without spaces, so a catalog order reads
	 * {@code "type":"order"}; a body written otherwise is still processed, by the other threads.
	 */
	private BlockingQueue<StoredDelivery> queueOf(StoredDelivery delivery) {
		return delivery.body().contains("\"type\":\"order\"") ? orders : handoff;
	}

	/** Deliveries processed by this instance since it started (for tests and the benchmark's log). */
	long processedCount() {
		return done.get();
	}

	@Scheduled(fixedDelayString = "${sokoni.whatsapp.webhook.sweep-interval:5s}",
			initialDelayString = "${sokoni.whatsapp.webhook.sweep-interval:5s}")
	void sweep() {
		if (!props.workerEnabled() || !running) {
			return;
		}
		try {
			// Batch after batch while the queue has room for one (a backlog drains as fast as it is
			// processed); when it is busy, what is queued goes first.
			int claimed;
			int total = 0;
			do {
				if (Math.min(handoff.remainingCapacity(), orders.remainingCapacity()) < props.sweepBatch()) {
					break;
				}
				List<StoredDelivery> batch = store.claimExpired(props.sweepBatch(), props.lease(), props.maxAttempts());
				claimed = batch.size();
				total += claimed;
				if (!batch.stream().allMatch(d -> queueOf(d).offer(d))) {
					break; // the rest stay leased: taken again when the lease ends
				}
			}
			while (claimed == props.sweepBatch() && running);
			if (total > 0) {
				log.info("WhatsApp sweep claimed {} unprocessed deliveries", total);
			}
		}
		catch (RuntimeException ex) {
			log.warn("WhatsApp delivery sweep failed: {}", ex.getMessage());
		}
	}

	@Scheduled(fixedDelayString = "${sokoni.whatsapp.webhook.prune-interval:1h}", initialDelay = 60_000)
	void prune() {
		try {
			int deleted;
			do {
				deleted = store.prune(props.retention(), PRUNE_BATCH);
			}
			while (deleted == PRUNE_BATCH && running);
		}
		catch (RuntimeException ex) {
			log.warn("Pruning WhatsApp deliveries failed: {}", ex.getMessage());
		}
	}

	private void workLoop(BlockingQueue<StoredDelivery> queue, int threads) {
		List<StoredDelivery> batch = new ArrayList<>(WORK_BATCH);
		while (running) {
			StoredDelivery delivery;
			try {
				delivery = queue.poll(200, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (delivery == null) {
				continue;
			}
			batch.add(delivery);
			// Its share of what is queued, so the other worker threads keep work of their own (a catalog
			// order takes several round trips: orders are worked on side by side, not one after another).
			queue.drainTo(batch, Math.min(WORK_BATCH - 1, queue.size() / threads));
			processBatch(batch);
			batch.clear();
		}
	}

	/**
	 * What is queued is processed together (status updates of a tenant in one transaction); when that
	 * fails, each delivery again on its own, so one bad delivery holds back only itself.
	 */
	private void processBatch(List<StoredDelivery> batch) {
		if (batch.size() > 1) {
			try {
				processor.getObject().processAll(batch);
				batch.forEach(d -> processed.add(d.id()));
				done.addAndGet(batch.size());
				return;
			}
			catch (RuntimeException ex) {
				log.info("A batch of {} WhatsApp deliveries failed ({}); processing them one by one", batch.size(),
						ex.toString());
			}
		}
		batch.forEach(this::process);
	}

	private void process(StoredDelivery delivery) {
		try {
			processor.getObject().process(delivery);
			processed.add(delivery.id());
			done.incrementAndGet();
		}
		catch (RuntimeException ex) {
			log.warn("Processing WhatsApp delivery {} failed (retried by the sweep): {}", delivery.id(), ex.toString());
			try {
				store.markFailed(delivery.id(), ex.toString(), retryDelay());
			}
			catch (RuntimeException markFailure) {
				log.warn("Recording the failure of WhatsApp delivery {} failed: {}", delivery.id(),
						markFailure.getMessage());
			}
		}
	}

	private Duration retryDelay() {
		return props.sweepInterval();
	}

	/** Marks processed deliveries in batches: one statement for all finished since the last one. */
	private void markLoop() {
		List<Long> batch = new ArrayList<>(MARK_BATCH);
		while (running || !processed.isEmpty()) {
			try {
				Long first = processed.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				processed.drainTo(batch, MARK_BATCH - 1);
				store.markProcessed(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// Left unprocessed: the sweep processes them again after their lease, harmlessly.
				log.warn("Marking {} WhatsApp deliveries processed failed: {}", batch.size(), ex.getMessage());
			}
			finally {
				batch.clear();
			}
		}
	}

	@PreDestroy
	void stop() throws InterruptedException {
		running = false;
		for (Thread thread : threads) {
			thread.join(2_000);
		}
	}

}
