package io.sokoni.platform.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class EventRateLimitsTest {

	private final EventRateLimits limits = new EventRateLimits(new InsightProperties(ZoneId.of("Africa/Nairobi"), 50,
			50_000, 2000, 2, 3, 100, 1000, Duration.ofMinutes(1), 200, 3, 13, CardRulesTest.T,
			Duration.ofMillis(20), 2));

	@Test
	void anAddressHasABudgetOfEventsNotRequests() {
		assertThat(limits.takeForAddress("10.0.0.1", 60)).isZero();
		assertThat(limits.takeForAddress("10.0.0.1", 40)).isZero();
		assertThat(limits.takeForAddress("10.0.0.1", 1)).as("seconds to wait").isPositive();
		assertThat(limits.takeForAddress("10.0.0.2", 50)).as("another address").isZero();
	}

	@Test
	void aSessionHasABudgetPerStore() {
		for (int i = 0; i < 3; i++) {
			assertThat(limits.takeForSession("store-a", "sess-1")).isTrue();
		}
		assertThat(limits.takeForSession("store-a", "sess-1")).isFalse();
		assertThat(limits.takeForSession("store-b", "sess-1")).isTrue();
		assertThat(limits.takeForSession("store-a", "sess-2")).isTrue();
	}

}
