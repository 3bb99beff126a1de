package io.sokoni.platform.whatsapp.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

/** The per-number budget on a clock the test moves: a second's worth at once, refilled over the second. */
class SendRateLimiterTest {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final SendRateLimiter limiter = new SendRateLimiter(new OutboundProperties(true, Duration.ofSeconds(1), 50,
			8, 6, Duration.ofSeconds(5), Duration.ofMinutes(15), Duration.ofMinutes(2), 20), new TimeMeter() {
				@Override
				public long currentTimeNanos() {
					return nanos.get();
				}

				@Override
				public boolean isWallClockBased() {
					return false;
				}
			});

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
	void theBudgetRefillsOverTheSecond() {
		for (int i = 0; i < 20; i++) {
			assertThat(limiter.acquire("333333", Duration.ZERO)).isTrue();
		}
		assertThat(limiter.acquire("333333", Duration.ZERO)).isFalse();
		assertThat(limiter.acquire("333333", Duration.ofMillis(10)))
			.as("the next token is 50 ms away: longer than the wait allowed").isFalse();
		nanos.addAndGet(Duration.ofMillis(50).toNanos());
		assertThat(limiter.acquire("333333", Duration.ZERO)).as("one token per 1/20 s").isTrue();
		assertThat(limiter.acquire("333333", Duration.ZERO)).isFalse();
		nanos.addAndGet(Duration.ofSeconds(5).toNanos());
		int granted = 0;
		for (int i = 0; i < 30; i++) {
			if (limiter.acquire("333333", Duration.ZERO)) {
				granted++;
			}
		}
		assertThat(granted).as("never more than a second's worth at once").isEqualTo(20);
	}

}
