package io.sokoni.platform.whatsapp.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The per-number budget: a second's worth at once, then no more until it refills; numbers apart. */
class SendRateLimiterTest {

	private final SendRateLimiter limiter = new SendRateLimiter(new OutboundProperties(true, Duration.ofSeconds(1), 50,
			8, 6, Duration.ofSeconds(5), Duration.ofMinutes(15), Duration.ofMinutes(2), 20));

	@Test
	void aNumberGetsItsRatePerSecondAndNoMore() {
		int granted = 0;
		for (int i = 0; i < 30; i++) {
			if (limiter.acquire("111111", Duration.ZERO)) {
				granted++;
			}
		}
		assertThat(granted).isEqualTo(20);
		assertThat(limiter.acquire("222222", Duration.ZERO)).as("another number has its own budget").isTrue();
	}

	@Test
	void waitingLongEnoughGetsTheNextToken() {
		for (int i = 0; i < 20; i++) {
			assertThat(limiter.acquire("333333", Duration.ZERO)).isTrue();
		}
		long start = System.nanoTime();
		assertThat(limiter.acquire("333333", Duration.ofMillis(500))).isTrue();
		// one token refills in 1/20 s
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(20));
	}

}
