package io.sokoni.platform.order;

import static io.sokoni.platform.support.GarbageCollection.shrinksTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.junit.jupiter.api.Test;

class CheckoutGateTest {

	private final CheckoutsInFlight inFlight = new CheckoutsInFlight();

	private final CheckoutGate gate = new CheckoutGate(
			new CheckoutProperties(Duration.ofMinutes(15), Duration.ofSeconds(30), true, 500, 1, Duration.ofMillis(200)),
			inFlight);

	@Test
	void aTenantsCheckoutsBeyondTheBoundWaitAndThenGetTooManyRequestsWhileOtherTenantsPass() throws Exception {
		UUID busy = UUID.randomUUID();
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> first = holdingItsPermit(busy, release);

		long start = System.nanoTime();
		assertThatThrownBy(() -> gate.run(busy, () -> "second")).isInstanceOfSatisfying(ApiException.class, ex -> {
			assertThat(ex.type()).isEqualTo(ProblemType.TOO_MANY_REQUESTS);
			assertThat(ex.properties()).containsKey("retryAfterSeconds");
		});
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("it waited its turn first")
			.isGreaterThanOrEqualTo(Duration.ofMillis(150));
		assertThat(gate.run(UUID.randomUUID(), () -> "other tenant")).isEqualTo("other tenant");

		release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
		assertThat(gate.run(busy, () -> "after")).as("the permit came back").isEqualTo("after");
	}

	@Test
	void whoeverWaitsForNoCheckoutWaitsWhileOneRunsAndIsWokenWhenItEnds() throws Exception {
		assertThat(inFlight.awaitNone(Duration.ofSeconds(5))).as("none runs: at once").isTrue();
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> running = holdingItsPermit(UUID.randomUUID(), release);
		assertThat(inFlight.running()).isEqualTo(1);

		long start = System.nanoTime();
		assertThat(inFlight.awaitNone(Duration.ofMillis(100))).as("one runs: waited, then gave up").isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));

		CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
			try {
				return inFlight.awaitNone(Duration.ofSeconds(30));
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		Thread.sleep(50);
		assertThat(waiter).isNotDone();
		release.countDown();
		assertThat(waiter.get(5, TimeUnit.SECONDS)).as("woken when the checkout ended, long before 30 s").isTrue();
		assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo("first");
		assertThat(inFlight.running()).isZero();
	}

	@Test
	void aFailedCheckoutGivesItsPermitBack() {
		UUID tenant = UUID.randomUUID();
		assertThatThrownBy(() -> gate.run(tenant, () -> {
			throw new IllegalStateException("refused");
		})).isInstanceOf(IllegalStateException.class);
		assertThat(inFlight.running()).as("no longer counted as running").isZero();
		assertThat(gate.run(tenant, () -> "next")).isEqualTo("next");
	}

	@Test
	void tenantsNotCheckingOutLeaveNoStateBehind() {
		for (int i = 0; i < 10_000; i++) {
			assertThat(gate.run(UUID.randomUUID(), () -> "done")).isEqualTo("done");
		}
		assertThat(shrinksTo(gate::trackedTenants, 100))
			.as("the gate forgets tenants once their checkouts ended (held %d after collections)", gate.trackedTenants())
			.isTrue();
	}

	@Test
	void aTenantCheckingOutKeepsItsBoundAcrossCollections() throws Exception {
		UUID busy = UUID.randomUUID();
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> first = holdingItsPermit(busy, release);
		for (int i = 0; i < 10_000; i++) {
			gate.run(UUID.randomUUID(), () -> "others");
		}
		shrinksTo(gate::trackedTenants, 1);

		assertThatThrownBy(() -> gate.run(busy, () -> "second")).as("its permit is still taken")
			.isInstanceOfSatisfying(ApiException.class,
					ex -> assertThat(ex.type()).isEqualTo(ProblemType.TOO_MANY_REQUESTS));
		release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
		assertThat(gate.run(busy, () -> "after")).isEqualTo("after");
	}

	/** A checkout of the tenant that holds its permit until released; returns once it holds it. */
	private CompletableFuture<String> holdingItsPermit(UUID tenant, CountDownLatch release) throws InterruptedException {
		CountDownLatch inside = new CountDownLatch(1);
		CompletableFuture<String> checkout = CompletableFuture.supplyAsync(() -> gate.run(tenant, () -> {
			inside.countDown();
			await(release);
			return "first";
		}));
		assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
		return checkout;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
