package io.sokoni.platform.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.sokoni.platform.order.CheckoutsInFlight;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class CheckoutFirstFilterTest {

	private final AtomicLong running = new AtomicLong();

	/** Checkouts that run as long as the test says (the real counter's wait, a stand-in count). */
	private final CheckoutsInFlight checkouts = new CheckoutsInFlight() {
		@Override
		public boolean awaitNone(Duration max) throws InterruptedException {
			long until = System.nanoTime() + max.toNanos();
			while (running.get() > 0 && System.nanoTime() < until) {
				Thread.sleep(1);
			}
			return running.get() == 0;
		}
	};

	private final CheckoutFirstFilter filter = new CheckoutFirstFilter(checkouts, Duration.ofMillis(80), 1);

	@Test
	void aBatchWaitsUpToTheYieldWhileACheckoutRunsThenGoesOn() throws Exception {
		running.set(1);
		assertThat(timeToPass("POST")).as("waited the whole yield").isGreaterThanOrEqualTo(Duration.ofMillis(80));
	}

	@Test
	void aBatchGoesOnAtOnceWhenNoCheckoutRuns() throws Exception {
		assertThat(timeToPass("POST")).isLessThan(Duration.ofMillis(80));
	}

	@Test
	void onlyPostsWait() throws Exception {
		running.set(1);
		assertThat(timeToPass("OPTIONS")).isLessThan(Duration.ofMillis(80));
	}

	@Test
	void batchesTakeTurnsUntilTheirEventsAreQueued() throws Exception {
		CountDownLatch firstInside = new CountDownLatch(1);
		CountDownLatch firstQueued = new CountDownLatch(1);
		CompletableFuture<Void> first = CompletableFuture.runAsync(() -> post((req, res) -> {
			firstInside.countDown();
			await(firstQueued);
			CheckoutFirstFilter.cpuDone((HttpServletRequest) req);
		}));
		assertThat(firstInside.await(5, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Void> second = CompletableFuture.runAsync(() -> post((req, res) -> {
		}));
		Thread.sleep(100);
		assertThat(second).as("one turn: the second waits while the first is checked").isNotDone();

		firstQueued.countDown();
		second.get(5, TimeUnit.SECONDS);
		first.get(5, TimeUnit.SECONDS);
	}

	private void post(FilterChain chain) {
		try {
			filter.doFilter(new MockHttpServletRequest("POST", "/storefront/v1/events"), new MockHttpServletResponse(), chain);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Duration timeToPass(String method) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/storefront/v1/events");
		long[] reached = new long[1];
		long start = System.nanoTime();
		filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> reached[0] = System.nanoTime());
		assertThat(reached[0]).as("the request went on").isPositive();
		return Duration.ofNanos(reached[0] - start);
	}

}
