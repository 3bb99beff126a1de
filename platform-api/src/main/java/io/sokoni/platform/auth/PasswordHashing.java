package io.sokoni.platform.auth;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems.FieldProblem;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashes and checks passwords on a small pool of platform threads (one per core by default) with a
 * bounded queue, never on the request threads: bcrypt is ~250 ms of CPU by design, and on virtual
 * threads sharing a few carriers a burst of anonymous logins stalled every other tenant's requests.
 * When the queue is full the request is answered 429 with Retry-After at once, so a flood of logins
 * costs at most this pool, not the whole JVM.
 */
@Component
public class PasswordHashing implements DisposableBean {

	static final long RETRY_AFTER_SECONDS = 1;

	private final PasswordEncoder encoder;

	private final ThreadPoolExecutor executor;

	PasswordHashing(PasswordEncoder encoder, AuthProperties props) {
		this.encoder = encoder;
		int threads = props.hashingThreads() > 0 ? props.hashingThreads() : Runtime.getRuntime().availableProcessors();
		BlockingQueue<Runnable> queue = props.hashingQueue() > 0 ? new ArrayBlockingQueue<>(props.hashingQueue())
				: new SynchronousQueue<>();
		this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, queue,
				Thread.ofPlatform().daemon().name("password-hashing-", 0).factory(), new ThreadPoolExecutor.AbortPolicy());
	}

	/** Whether the raw password matches the stored hash. */
	public boolean matches(String raw, String hash) {
		if (!HashablePassword.Validator.fits(raw)) {
			return false; // never the password of anyone: none longer could be stored
		}
		return run(() -> encoder.matches(raw, hash));
	}

	/** The hash to store for a new password (400 naming {@code field} when bcrypt cannot take it). */
	public String encode(String raw, String field) {
		if (!HashablePassword.Validator.fits(raw)) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "The request has invalid fields",
					Map.of("errors", List.of(new FieldProblem(field, "must be at most 72 bytes in UTF-8"))));
		}
		return run(() -> encoder.encode(raw));
	}

	private <T> T run(Callable<T> work) {
		try {
			return executor.submit(work).get();
		}
		catch (RejectedExecutionException busy) {
			throw new ApiException(ProblemType.TOO_MANY_REQUESTS, "Too many sign-ins at once; try again shortly",
					Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while hashing a password", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException("Password hashing failed", ex.getCause());
		}
	}

	/** How many checks can run or wait at once (threads plus queue). */
	int capacity() {
		return executor.getMaximumPoolSize() + executor.getQueue().remainingCapacity() + executor.getQueue().size();
	}

	/** Checks waiting for a hashing thread. */
	int queued() {
		return executor.getQueue().size();
	}

	@Override
	public void destroy() {
		executor.shutdownNow();
	}

}
