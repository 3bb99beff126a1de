package io.sokoni.platform.payment.mpesa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Production accounts never reach the stand-in; sandbox accounts do only when it is enabled. */
class DarajaEndpointsTest {

	private static MpesaProperties props(String productionUrl) {
		return new MpesaProperties("", "https://sandbox.safaricom.co.ke", productionUrl, Duration.ofSeconds(1),
				Duration.ofSeconds(1), true, List.of(), "log", 3, Duration.ofMinutes(10), Duration.ofSeconds(90),
				Duration.ofSeconds(45), Duration.ofSeconds(5), true, 100, 8, Duration.ofMinutes(10), Duration.ofDays(90),
				Duration.ofHours(1), Duration.ofDays(7));
	}

	@Test
	void theStartIsRefusedWhenTheProductionUrlPointsAtTheStandIn() {
		assertThatThrownBy(() -> new DarajaEndpoints(props("http://localhost:8080/daraja-standin"), new MockEnvironment()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("production");
	}

	@Test
	void onlySandboxAccountsGoToTheStandInAndOnlyWhenItIsEnabled() {
		MockEnvironment on = new MockEnvironment().withProperty("sokoni.mpesa.standin.enabled", "true")
			.withProperty("local.server.port", "8123");
		DarajaEndpoints withStandIn = new DarajaEndpoints(props("https://api.safaricom.co.ke"), on);
		assertThat(withStandIn.baseUrl("sandbox")).isEqualTo("http://127.0.0.1:8123/daraja-standin");
		assertThat(withStandIn.baseUrl("production")).isEqualTo("https://api.safaricom.co.ke");

		DarajaEndpoints without = new DarajaEndpoints(props("https://api.safaricom.co.ke"), new MockEnvironment());
		assertThat(without.baseUrl("sandbox")).isEqualTo("https://sandbox.safaricom.co.ke");
	}

}
