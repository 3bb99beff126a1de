package io.sokoni.platform.fairness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * One tenant holding all its slots is refused (503 tenant-busy, Retry-After) after the bounded wait
 * while another tenant is served at once; a slot given back serves the waiting request.
 */
class TenantConcurrencyFilterTest {

	private final TenantId flooder = TenantId.of(UUID.randomUUID());

	private final TenantId neighbour = TenantId.of(UUID.randomUUID());

	private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

	/** Requests in progress are held here until the test lets them finish. */
	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stop() {
		release.countDown();
		threads.shutdownNow();
	}

	@Test
	void aTenantOverItsLimitGets503WithRetryAfterWhileAnotherTenantIsServed() throws Exception {
		TenantConcurrencyFilter filter = filter(2, Duration.ofMillis(100));
		CountDownLatch entered = new CountDownLatch(2);
		List<Future<MockHttpServletResponse>> held = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			held.add(threads.submit(() -> send(filter, flooder, holding(entered))));
		}
		assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

		long started = System.nanoTime();
		MockHttpServletResponse refused = send(filter, flooder, (rq, rs) -> {
			throw new AssertionError("over the limit, the request must not run");
		});
		long waitedMillis = (System.nanoTime() - started) / 1_000_000;
		assertThat(refused.getStatus()).isEqualTo(503);
		assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
		assertThat(refused.getContentAsString()).contains("tenant-busy");
		assertThat(waitedMillis).as("waited the bounded time, no longer").isBetween(90L, 2_000L);

		assertThat(send(filter, neighbour, ok()).getStatus()).as("the other tenant has its own slots").isEqualTo(200);

		release.countDown();
		for (Future<MockHttpServletResponse> f : held) {
			assertThat(f.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		}
		assertThat(send(filter, flooder, ok()).getStatus()).as("slots given back").isEqualTo(200);
	}

	@Test
	void aRequestWaitingForASlotIsServedWhenOneComesFreeWithinTheWait() throws Exception {
		TenantConcurrencyFilter filter = filter(1, Duration.ofSeconds(5));
		CountDownLatch entered = new CountDownLatch(1);
		Future<MockHttpServletResponse> first = threads.submit(() -> send(filter, flooder, holding(entered)));
		assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
		Future<MockHttpServletResponse> second = threads.submit(() -> send(filter, flooder, ok()));
		Thread.sleep(100);
		assertThat(second.isDone()).as("waits for the slot").isFalse();
		release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		assertThat(second.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
	}

	@Test
	void aFailingRequestGivesItsSlotBack() throws Exception {
		TenantConcurrencyFilter filter = filter(1, Duration.ZERO);
		for (int i = 0; i < 3; i++) {
			try {
				send(filter, flooder, (rq, rs) -> {
					throw new IllegalStateException("boom");
				});
			}
			catch (IllegalStateException expected) {
				// the slot must still be given back
			}
		}
		assertThat(send(filter, flooder, ok()).getStatus()).isEqualTo(200);
	}

	@Test
	void requestsWithoutATenantAreNotLimited() throws Exception {
		TenantConcurrencyFilter filter = filter(1, Duration.ZERO);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(new MockHttpServletRequest("GET", "/storefront/v1/products"), response, ok());
		assertThat(response.getStatus()).isEqualTo(200);
	}

	private static TenantConcurrencyFilter filter(int limit, Duration maxWait) {
		TenantConcurrencyProperties props = new TenantConcurrencyProperties(true, limit, maxWait, Duration.ofSeconds(1),
				limit, Duration.ZERO, 1);
		return new TenantConcurrencyFilter(new TenantConcurrencyLimit(limit, maxWait), props);
	}

	private FilterChain holding(CountDownLatch entered) {
		return (rq, rs) -> {
			entered.countDown();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
	}

	private static FilterChain ok() {
		return (rq, rs) -> {
		};
	}

	private static MockHttpServletResponse send(TenantConcurrencyFilter filter, TenantId tenant, FilterChain chain)
			throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		try (TenantContext.Scope ignored = TenantContext.bind(tenant)) {
			filter.doFilter(new MockHttpServletRequest("GET", "/storefront/v1/products"), response, chain);
		}
		return response;
	}

}
