package io.sokoni.platform.payment.mpesa;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies stored callbacks on a few threads fed by a bounded queue, so a callback's answer waits for
 * its applying only while applying keeps up (see {@link CallbackIntake#storeThenApply}). What the queue
 * loses (a full queue, an instance stopped) is still stored with its {@code apply_due_at}, and
 * {@link PaymentCallbackSweep} applies it then.
 */
@Component
public class CallbackAppliers implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(CallbackAppliers.class);

	private final Map<String, StoredCallbackHandler> handlers = new HashMap<>();

	private final PaymentCallbackStore store;

	private final CallbackProperties props;

	private final ThreadPoolExecutor pool;

	/** The bodies waiting in the queue, in characters: bounded, so a flood of large bodies cannot fill the heap. */
	private final AtomicLong queuedChars = new AtomicLong();

	private final TransactionTemplate tx;

	CallbackAppliers(List<StoredCallbackHandler> handlers, PaymentCallbackStore store, CallbackProperties props,
			TransactionTemplate tx) {
		this.tx = tx;
		for (StoredCallbackHandler handler : handlers) {
			for (String kind : handler.kinds()) {
				if (this.handlers.put(kind, handler) != null) {
					throw new IllegalStateException("Two handlers apply " + kind + " callbacks");
				}
			}
		}
		this.store = store;
		this.props = props;
		this.pool = new ThreadPoolExecutor(props.appliers(), props.appliers(), 0, TimeUnit.MILLISECONDS,
				new LinkedBlockingQueue<>(), new CustomizableThreadFactory("callback-applier-"));
	}

	/**
	 * Queues a stored callback for applying; the future completes once it is applied (or its failure
	 * recorded). Null when the queue is full (its bodies hold {@code queue-size} characters): the sweep
	 * applies it later.
	 */
	CompletableFuture<Void> submit(TenantId tenant, StoredCallback callback, OffsetDateTime dueAt) {
		long chars = callback.body().length();
		if (queuedChars.addAndGet(chars) > props.queueSize().toBytes()) {
			queuedChars.addAndGet(-chars);
			log.warn("Callbacks waiting to be applied hold {}; callback {} is left to the sweep", props.queueSize(),
					callback.id());
			return null;
		}
		CompletableFuture<Void> done = new CompletableFuture<>();
		try {
			pool.execute(new Queued(System.nanoTime(), () -> {
				queuedChars.addAndGet(-chars);
				try {
					if (stillOurs(tenant, callback, dueAt)) {
						applyNow(tenant, callback);
					}
				}
				finally {
					done.complete(null);
				}
			}));
			return done;
		}
		catch (RejectedExecutionException ex) {
			queuedChars.addAndGet(-chars);
			log.warn("Callback {} is left to the sweep: the appliers are shutting down", callback.id());
			return null;
		}
	}

	/**
	 * Whether this queue may still apply the callback: yes while it is not due for the sweep; once due
	 * (it queued that long), only if this instance claims it before a sweep does.
	 */
	private boolean stillOurs(TenantId tenant, StoredCallback callback, OffsetDateTime dueAt) {
		OffsetDateTime now = OffsetDateTime.now();
		if (now.isBefore(dueAt)) {
			return true;
		}
		try {
			return TenantContext.callAs(tenant,
					() -> tx.execute(s -> store.claim(callback.id(), dueAt, now.plus(props.sweepLease())).isPresent()));
		}
		catch (RuntimeException ex) {
			log.warn("Could not claim callback {}; the sweep applies it", callback.id(), ex);
			return false;
		}
	}

	/**
	 * Whether applying is behind: the callback waiting longest in the queue has waited longer than the
	 * answer backlog (an empty queue is never behind).
	 */
	boolean behind() {
		return pool.getQueue().peek() instanceof Queued oldest
				&& System.nanoTime() - oldest.queuedAt() > props.answerBacklog().toNanos();
	}

	/** A callback's applying, with when it was queued. */
	private record Queued(long queuedAt, Runnable work) implements Runnable {

		@Override
		public void run() {
			work.run();
		}

	}

	/** Callbacks waiting in the queue now. */
	int queued() {
		return pool.getQueue().size();
	}

	/**
	 * Applies a callback in this thread, bound to its tenant. A failure is logged and recorded; the
	 * callback stays due, so the sweep tries it again after its lease.
	 */
	void applyNow(TenantId tenant, StoredCallback callback) {
		StoredCallbackHandler handler = handlers.get(callback.kind());
		if (handler == null) {
			log.error("No handler applies {} callbacks (callback {})", callback.kind(), callback.id());
			return;
		}
		TenantContext.runAs(tenant, () -> {
			try {
				handler.apply(callback);
			}
			catch (RuntimeException ex) {
				log.error("Applying {} callback {} failed", callback.kind(), callback.id(), ex);
				try {
					store.recordFailure(callback.id(), ex.getClass().getSimpleName(), props.sweepLease());
				}
				catch (RuntimeException again) {
					log.warn("Could not record the failure of callback {}", callback.id(), again);
				}
			}
		});
	}

	@Override
	public void destroy() throws InterruptedException {
		pool.shutdown();
		pool.awaitTermination(10, TimeUnit.SECONDS);
	}

}
