package io.sokoni.platform.payment.mpesa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.web.ClientAddress;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The callback allow-list: logged by default, enforced on request; an unknown token stores nothing. */
class CallbackIntakeTest {

	private final PaymentCallbackTokens tokens = mock(PaymentCallbackTokens.class);

	private final PaymentCallbackStore store = mock(PaymentCallbackStore.class);

	private final TenantId tenant = TenantId.of(UUID.randomUUID());

	private static MpesaProperties props(String mode) {
		return new MpesaProperties("", "http://sandbox", "http://production", Duration.ofSeconds(1), Duration.ofSeconds(1),
				true, List.of("196.201.214.200", " 196.201.214.206 "), mode, 3, Duration.ofMinutes(10),
				Duration.ofSeconds(90), Duration.ofSeconds(45), Duration.ofSeconds(5), true, 100, 8, Duration.ofMinutes(10),
				Duration.ofDays(90), Duration.ofHours(1), Duration.ofDays(7));
	}

	private static MockHttpServletRequest from(String ip) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/mobile-money/t/stk");
		request.setRemoteAddr(ip);
		return request;
	}

	@Test
	void inLogModeAnUnlistedSenderIsStoredMarkedAndApplied() {
		when(tokens.resolve("token")).thenReturn(Optional.of(tenant));
		UUID id = UUID.randomUUID();
		when(store.storeRaw(eq("stk"), anyString(), eq("10.1.2.3"), eq(false))).thenReturn(id);

		var received = new CallbackIntake(tokens, store, props("log"), new ClientAddress(""))
			.receive("token", "stk", "{}", from("10.1.2.3"));

		assertThat(received).hasValueSatisfying(r -> {
			assertThat(r.apply()).isTrue();
			assertThat(r.callbackId()).isEqualTo(id);
		});
	}

	@Test
	void inEnforceModeAnUnlistedSenderIsStoredButNothingApplied() {
		when(tokens.resolve("token")).thenReturn(Optional.of(tenant));
		UUID id = UUID.randomUUID();
		when(store.storeRaw(eq("stk"), anyString(), eq("10.1.2.3"), eq(false))).thenReturn(id);
		when(store.storeRaw(eq("stk"), anyString(), eq("196.201.214.206"), eq(true))).thenReturn(UUID.randomUUID());
		CallbackIntake intake = new CallbackIntake(tokens, store, props("enforce"), new ClientAddress(""));

		assertThat(intake.receive("token", "stk", "{}", from("10.1.2.3"))).hasValueSatisfying(r -> assertThat(r.apply()).isFalse());
		verify(store).recordOutcome(eq(id), eq("rejected"), anyString(), any(), any());
		assertThat(intake.receive("token", "stk", "{}", from("196.201.214.206")))
			.hasValueSatisfying(r -> assertThat(r.apply()).isTrue());
	}

	@Test
	void anUnknownTokenStoresNothing() {
		when(tokens.resolve("forged")).thenReturn(Optional.empty());

		assertThat(new CallbackIntake(tokens, store, props("enforce"), new ClientAddress("")).receive("forged", "stk", "{}", from("1.2.3.4")))
			.isEmpty();
		verify(store, never()).storeRaw(anyString(), anyString(), anyString(), any());
	}

}
