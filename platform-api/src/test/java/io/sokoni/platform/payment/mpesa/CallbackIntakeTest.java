package io.sokoni.platform.payment.mpesa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.ArgumentMatchers.notNull;
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
import org.springframework.util.unit.DataSize;
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

	private final CallbackAppliers appliers = mock(CallbackAppliers.class);

	private final CallbackProperties callbacks = new CallbackProperties(2, DataSize.ofMegabytes(1), Duration.ofMillis(100),
			Duration.ofMillis(500), Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofMinutes(5));

	private CallbackIntake intake(String mode) {
		return new CallbackIntake(tokens, store, props(mode), callbacks, appliers, new ClientAddress(""));
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
		when(store.storeRaw(eq("stk"), anyString(), eq("10.1.2.3"), eq(false), isNull(), isNull())).thenReturn(id);

		var received = intake("log")
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
		when(store.storeRaw(eq("stk"), anyString(), eq("10.1.2.3"), eq(false), isNull(), isNull())).thenReturn(id);
		when(store.storeRaw(eq("stk"), anyString(), eq("196.201.214.206"), eq(true), isNull(), isNull())).thenReturn(UUID.randomUUID());
		CallbackIntake intake = intake("enforce");

		assertThat(intake.receive("token", "stk", "{}", from("10.1.2.3"))).hasValueSatisfying(r -> assertThat(r.apply()).isFalse());
		verify(store).recordOutcome(eq(id), eq("rejected"), anyString(), any(), any());
		assertThat(intake.receive("token", "stk", "{}", from("196.201.214.206")))
			.hasValueSatisfying(r -> assertThat(r.apply()).isTrue());
	}

	@Test
	void aQueuedCallbackIsStoredDueForTheSweepAndHandedToTheAppliers() {
		when(tokens.resolve("token")).thenReturn(Optional.of(tenant));
		UUID id = UUID.randomUUID();
		when(store.storeRaw(eq("stk"), anyString(), eq("10.1.2.3"), eq(false), eq("nonce-0123456789ab"), notNull()))
			.thenReturn(id);

		var answer = intake("log").storeThenApply("token", "stk", "{}", "nonce-0123456789ab", from("10.1.2.3"));

		assertThat(answer.getStatusCode().value()).isEqualTo(200);
		verify(appliers).submit(eq(tenant), eq(new StoredCallback(id, "stk", "{}", "nonce-0123456789ab")), notNull());
	}

	@Test
	void aRejectedSenderIsNeverDueForTheSweepNorQueued() {
		when(tokens.resolve("token")).thenReturn(Optional.of(tenant));
		UUID id = UUID.randomUUID();
		when(store.storeRaw(eq("stk"), anyString(), eq("10.1.2.3"), eq(false), isNull(), isNull())).thenReturn(id);

		var answer = intake("enforce").storeThenApply("token", "stk", "{}", null, from("10.1.2.3"));

		assertThat(answer.getStatusCode().value()).isEqualTo(200);
		verify(store).recordOutcome(eq(id), eq("rejected"), anyString(), any(), any());
		verify(appliers, never()).submit(any(), any(), any());
	}

	@Test
	void anUnknownTokenStoresNothing() {
		when(tokens.resolve("forged")).thenReturn(Optional.empty());

		assertThat(intake("enforce").receive("forged", "stk", "{}", from("1.2.3.4")))
			.isEmpty();
		verify(store, never()).storeRaw(anyString(), anyString(), anyString(), any(), any(), any());
	}

}
