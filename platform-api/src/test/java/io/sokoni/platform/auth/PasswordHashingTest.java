package io.sokoni.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Password hashing runs on its own bounded pool: with one thread busy and its one queue slot taken, the
 * next request is refused at once with 429 and a Retry-After, instead of piling onto request threads.
 */
class PasswordHashingTest {

	@Test
	void aFullHashingQueueAnswersTooManyRequestsAtOnce() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		Semaphore started = new Semaphore(0);
		PasswordHashing hashing = new PasswordHashing(new SlowEncoder(release, started), properties(1, 1));
		// Callers on threads of their own (the common pool may have a single thread on a small machine).
		ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
		try {
			Future<Boolean> running = callers.submit(() -> hashing.matches("a", "a"));
			assertThat(started.tryAcquire(5, TimeUnit.SECONDS)).as("the first check runs").isTrue();
			Future<Boolean> queued = callers.submit(() -> hashing.matches("b", "b"));
			// Wait until it sits in the queue (the pool's only thread is busy).
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (hashing.queued() < 1 && System.nanoTime() < deadline) {
				Thread.sleep(5);
			}
			assertThat(hashing.queued()).as("the second check waits in the queue").isEqualTo(1);

			long before = System.nanoTime();
			assertThatThrownBy(() -> hashing.matches("c", "c")).isInstanceOfSatisfying(ApiException.class, ex -> {
				assertThat(ex.type()).isEqualTo(ProblemType.TOO_MANY_REQUESTS);
				assertThat(ex.properties()).containsEntry("retryAfterSeconds", PasswordHashing.RETRY_AFTER_SECONDS);
			});
			assertThat(Duration.ofNanos(System.nanoTime() - before)).as("refused without waiting")
				.isLessThan(Duration.ofSeconds(1));

			release.countDown();
			assertThat(running.get(5, TimeUnit.SECONDS)).isTrue();
			assertThat(queued.get(5, TimeUnit.SECONDS)).isTrue();
			assertThat(hashing.matches("d", "d")).as("room again").isTrue();
		}
		finally {
			release.countDown();
			hashing.destroy();
			callers.shutdownNow();
		}
	}

	@Test
	void aPasswordOverSeventyTwoBytesIsRefusedAsAFieldErrorNotHashed() {
		PasswordHashing hashing = new PasswordHashing(new SlowEncoder(new CountDownLatch(0), new Semaphore(0)),
				properties(1, 1));
		try {
			assertThatThrownBy(() -> hashing.encode("é".repeat(37), "newPassword"))
				.isInstanceOfSatisfying(ApiException.class,
						ex -> assertThat(ex.type()).isEqualTo(ProblemType.VALIDATION_FAILED));
			assertThat(hashing.encode("é".repeat(36), "newPassword")).isEqualTo("hashed");
			assertThat(hashing.matches("é".repeat(37), "hashed")).isFalse();
		}
		finally {
			hashing.destroy();
		}
	}

	private static AuthProperties properties(int threads, int queue) {
		return new AuthProperties("sokoni", Duration.ofMinutes(15), null, null, null, "tenant_id", "role", "email", 4,
				threads, queue, 5, 20, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
				Duration.ofHours(72));
	}

	/** Blocks every call until released, as a slow bcrypt would. */
	private record SlowEncoder(CountDownLatch release, Semaphore started) implements PasswordEncoder {

		@Override
		public String encode(CharSequence raw) {
			await();
			return "hashed";
		}

		@Override
		public boolean matches(CharSequence raw, String encoded) {
			await();
			return true;
		}

		private void await() {
			started.release();
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
