package io.sokoni.platform.payment.mpesa;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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
 * is stored and committed. The endpoint then applies it and answers Daraja.
 */
@Component
public class CallbackIntake {

	private static final Logger log = LoggerFactory.getLogger(CallbackIntake.class);

	private final PaymentCallbackTokens tokens;

	private final PaymentCallbackStore store;

	private final MpesaProperties props;

	private final ClientAddress clientAddress;

	CallbackIntake(PaymentCallbackTokens tokens, PaymentCallbackStore store, MpesaProperties props,
			ClientAddress clientAddress) {
		this.clientAddress = clientAddress;
		this.tokens = tokens;
		this.store = store;
		this.props = props;
	}

	/**
	 * A stored callback. {@code apply} is false when the sender is not on an enforced allow-list: keep
	 * it, apply nothing.
	 */
	public record Received(TenantId tenant, UUID callbackId, boolean apply) {
	}

	/** Applies a stored callback, bound to its tenant. */
	@FunctionalInterface
	public interface Applier {

		void apply(UUID callbackId);

	}

	/** Daraja's answer to a callback Sokoni took: it must not send it again, whatever applying found. */
	public static final Map<String, Object> ACCEPTED = Map.of("ResultCode", 0, "ResultDesc", "Accepted");

	/**
	 * A callback endpoint whose answer does not depend on the body: {@link #receive}, then {@code applier}
	 * bound to the tenant (a failure is logged and recorded as the callback's outcome: the body is stored
	 * already, and Daraja must not resend it); 404 for an unknown token, else 200 {@link #ACCEPTED}.
	 */
	public ResponseEntity<?> storeThenApply(String token, String kind, String body, HttpServletRequest request,
			Applier applier) {
		Optional<Received> received = receive(token, kind, body, request);
		if (received.isEmpty()) {
			return notFound();
		}
		Received callback = received.get();
		if (callback.apply()) {
			TenantContext.runAs(callback.tenant(), () -> {
				try {
					applier.apply(callback.callbackId());
				}
				catch (RuntimeException ex) {
					log.error("Applying {} callback {} failed", kind, callback.callbackId(), ex);
					store.recordOutcome(callback.callbackId(), "error", ex.getClass().getSimpleName(), null, null);
				}
			});
		}
		return ResponseEntity.ok(ACCEPTED);
	}

	/** The answer to a callback URL whose token names no tenant: it learns nothing more. */
	public static ResponseEntity<?> notFound() {
		return ResponseEntity.status(404).body(Problems.of(ProblemType.NOT_FOUND, "Not found"));
	}

	/** Empty when the token names no tenant (answer 404; nothing was stored). */
	public Optional<Received> receive(String token, String kind, String body, HttpServletRequest request) {
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
		UUID id = TenantContext.callAs(tenant.get(), () -> store.storeRaw(kind, body, ip, allowed));
		boolean apply = !(Boolean.FALSE.equals(allowed) && props.enforceCallbackIps());
		if (!apply) {
			TenantContext.runAs(tenant.get(),
					() -> store.recordOutcome(id, "rejected", "sender " + ip + " not on the callback allow-list", null, null));
		}
		return Optional.of(new Received(tenant.get(), id, apply));
	}

}
