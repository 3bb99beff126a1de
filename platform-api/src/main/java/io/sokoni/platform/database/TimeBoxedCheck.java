package io.sokoni.platform.database;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.core.NestedExceptionUtils;

/**
 * Runs a health check that touches a database with a deadline: with the database gone, a check waits
 * for a pool's connection timeout (seconds), and the health endpoint must answer within about a second.
 * Past the deadline the check's answer is the fallback; the check goes on in the background, and later
 * calls join it instead of starting another (one check in flight at most, however often health is polled).
 */
public final class TimeBoxedCheck {

	private final Duration deadline;

	private final AtomicReference<CompletableFuture<Health>> inFlight = new AtomicReference<>();

	public TimeBoxedCheck(Duration deadline) {
		this.deadline = deadline;
	}

	/**
	 * The check's health, or {@code fallback} applied to why there is none (it failed, or did not answer in
	 * time).
	 */
	public Health run(Supplier<Health> check, Function<String, Health> fallback) {
		CompletableFuture<Health> running = inFlight.get();
		if (running == null || running.isDone()) {
			CompletableFuture<Health> fresh = new CompletableFuture<>();
			if (inFlight.compareAndSet(running, fresh)) {
				Thread.ofVirtual().name("health-check").start(() -> {
					try {
						fresh.complete(check.get());
					}
					catch (RuntimeException ex) {
						fresh.completeExceptionally(ex);
					}
				});
			}
			running = inFlight.get();
		}
		try {
			return running.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return fallback.apply("no answer within " + deadline.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			// The root cause only: the exception's own message may quote the SQL statement.
			return fallback.apply(String.valueOf(NestedExceptionUtils.getMostSpecificCause(ex.getCause())));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return fallback.apply("interrupted");
		}
	}

}
