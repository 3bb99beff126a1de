package io.sokoni.platform.payment.mpesa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/** The appliers' queue: bounded by the size of the bodies it holds, and it says when applying is behind. */
class CallbackAppliersTest {

	private final CountDownLatch release = new CountDownLatch(1);

	private final StoredCallbackHandler blocking = new StoredCallbackHandler() {

		@Override
		public Set<String> kinds() {
			return Set.of("stk");
		}

		@Override
		public void apply(StoredCallback callback) {
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	};

	private CallbackAppliers appliers(long maxChars, Duration backlog) {
		return new CallbackAppliers(List.of(blocking), mock(PaymentCallbackStore.class),
				new CallbackProperties(1, DataSize.ofBytes(maxChars), Duration.ofSeconds(1), backlog, Duration.ofMinutes(1),
						Duration.ofSeconds(15), Duration.ofMinutes(5)),
				mock(TransactionTemplate.class));
	}

	private static StoredCallback callback(int chars) {
		return new StoredCallback(UUID.randomUUID(), "stk", "x".repeat(chars), null);
	}

	@Test
	void aCallbackBeyondTheQueuedBodiesLimitIsLeftToTheSweep() throws Exception {
		CallbackAppliers appliers = appliers(1000, Duration.ofSeconds(1));
		TenantId tenant = TenantId.of(UUID.randomUUID());
		OffsetDateTime due = OffsetDateTime.now().plusMinutes(1);
		CompletableFuture<Void> running = appliers.submit(tenant, callback(600), due);
		Thread.sleep(100); // taken by the one applier: no longer waiting
		CompletableFuture<Void> waiting = appliers.submit(tenant, callback(600), due);
		assertThat(waiting).isNotNull();
		assertThat(appliers.submit(tenant, callback(600), due)).as("1,200 characters would wait").isNull();
		release.countDown();
		running.get(5, TimeUnit.SECONDS);
		waiting.get(5, TimeUnit.SECONDS);
		assertThat(appliers.submit(tenant, callback(600), due)).as("the queue emptied").isNotNull();
		appliers.destroy();
	}

	@Test
	void applyingIsBehindWhileACallbackHasWaitedInTheQueueLongerThanTheBacklog() throws Exception {
		CallbackAppliers appliers = appliers(1_000_000, Duration.ofMillis(50));
		TenantId tenant = TenantId.of(UUID.randomUUID());
		OffsetDateTime due = OffsetDateTime.now().plusMinutes(1);
		CompletableFuture<Void> running = appliers.submit(tenant, callback(10), due);
		assertThat(appliers.behind()).as("nothing waits").isFalse();
		CompletableFuture<Void> waiting = appliers.submit(tenant, callback(10), due);
		assertThat(appliers.behind()).as("one waits, not for long yet").isFalse();
		Thread.sleep(200);
		assertThat(appliers.behind()).as("one has waited 200 ms").isTrue();
		release.countDown();
		running.get(5, TimeUnit.SECONDS);
		waiting.get(5, TimeUnit.SECONDS);
		assertThat(appliers.behind()).as("the queue emptied: a new callback's answer waits for it again").isFalse();
		appliers.destroy();
	}

}
