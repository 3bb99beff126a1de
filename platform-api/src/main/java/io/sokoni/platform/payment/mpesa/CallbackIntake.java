package io.sokoni.platform.payment.mpesa;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.sokoni.platform.web.ClientAddress;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The first steps of every mobile-money callback endpoint: the URL token names the tenant (unknown: a
 * log line and nothing else), the sender's address is checked against the allow-list, and the raw body
 * is stored and committed. Then the callback is applied by {@link CallbackAppliers} and Daraja answered.
 */
@Component
public class CallbackIntake {

	private static final Logger log = LoggerFactory.getLogger(CallbackIntake.class);

	private final PaymentCallbackTokens tokens;

	private final PaymentCallbackStore store;

	private final MpesaProperties props;

	private final CallbackProperties callbacks;

	private final CallbackAppliers appliers;

	private final ClientAddress clientAddress;

	CallbackIntake(PaymentCallbackTokens tokens, PaymentCallbackStore store, MpesaProperties props,
			CallbackProperties callbacks, CallbackAppliers appliers, ClientAddress clientAddress) {
		this.clientAddress = clientAddress;
		this.tokens = tokens;
		this.store = store;
		this.props = props;
		this.callbacks = callbacks;
		this.appliers = appliers;
	}

	/**
	 * A stored callback. {@code apply} is false when the sender is not on an enforced allow-list: keep
	 * it, apply nothing.
	 */
	public record Received(TenantId tenant, UUID callbackId, boolean apply) {
	}

	/** Daraja's answer to a callback Sokoni took: it must not send it again, whatever applying found. */
	public static final Map<String, Object> ACCEPTED = Map.of("ResultCode", 0, "ResultDesc", "Accepted");

	/**
	 * A callback endpoint whose answer does not depend on the body: {@link #receive}, then the callback is
	 * queued for its kind's {@link StoredCallbackHandler}; 404 for an unknown token, else 200
	 * {@link #ACCEPTED}. While applying keeps up, the answer waits for it (up to {@code answer-wait}), so
	 * the order is paid by the time Daraja hears back; when applying is behind, the answer goes as soon as
	 * the body is committed (Daraja must not wait, nor resend: the stored body is applied from the queue,
	 * or by the sweep).
	 * @param urlNonce the attempt nonce of an STK callback's URL, else null
	 */
	public ResponseEntity<?> storeThenApply(String token, String kind, String body, String urlNonce,
			HttpServletRequest request) {
		OffsetDateTime dueAt = OffsetDateTime.now().plus(callbacks.sweepAfter());
		Optional<Received> received = receive(token, kind, body, urlNonce, request, dueAt);
		if (received.isEmpty()) {
			return notFound();
		}
		Received callback = received.get();
		if (callback.apply()) {
			CompletableFuture<Void> applied = appliers.submit(callback.tenant(),
					new StoredCallback(callback.callbackId(), kind, body == null ? "" : body, urlNonce), dueAt);
			if (applied != null && !appliers.behind()) {
				try {
					applied.get(callbacks.answerWait().toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (TimeoutException | ExecutionException ex) {
					// answered now; applying goes on
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}
		return ResponseEntity.ok(ACCEPTED);
	}

	/** The answer to a callback URL whose token names no tenant: it learns nothing more. */
	public static ResponseEntity<?> notFound() {
		return ResponseEntity.status(404).body(Problems.of(ProblemType.NOT_FOUND, "Not found"));
	}

	/**
	 * Stores a callback that is answered from its content at once (nothing applies it later); empty when
	 * the token names no tenant (answer 404; nothing was stored).
	 */
	public Optional<Received> receive(String token, String kind, String body, HttpServletRequest request) {
		return receive(token, kind, body, null, request, null);
	}

	private Optional<Received> receive(String token, String kind, String body, String urlNonce,
			HttpServletRequest request, OffsetDateTime applyDueAt) {
		Optional<TenantId> tenant = tokens.resolve(token);
		String ip = clientAddress.of(request);
		if (tenant.isEmpty()) {
			log.warn("Mobile-money callback ({}) with an unknown token from {}: ignored", kind, ip);
			return Optional.empty();
		}
		Boolean allowed = props.callbackIps().isEmpty() ? null : props.callbackIps().contains(ip);
		if (Boolean.FALSE.equals(allowed)) {
			log.warn("Mobile-money callback ({}) from {}, not on the allow-list ({} mode)", kind, ip,
					props.callbackIpMode());
		}
		boolean apply = !(Boolean.FALSE.equals(allowed) && props.enforceCallbackIps());
		UUID id = TenantContext.callAs(tenant.get(),
				() -> store.storeRaw(kind, body, ip, allowed, urlNonce, apply ? applyDueAt : null));
		if (!apply) {
			TenantContext.runAs(tenant.get(),
					() -> store.recordOutcome(id, "rejected", "sender " + ip + " not on the callback allow-list", null, null));
		}
		return Optional.of(new Received(tenant.get(), id, apply));
	}

}
