package io.sokoni.platform.payment.mpesa;

import static io.sokoni.jooq.Tables.PAYMENT_CALLBACKS;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.database.RenderedOnce;
import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every callback body as it came, stored before it is parsed, each in its own committed transaction
 * (bound to the tenant its URL token named), so a body that cannot be parsed, matched or applied is
 * still kept; then how applying it ended. Kinds: stk, c2b_validation, c2b_confirmation,
 * reversal_result, reversal_timeout, status_result, status_timeout. A callback to be applied from the
 * queue is stored with {@code apply_due_at}, when the sweep may apply it if the queue has not; an
 * outcome clears it.
 */
@Component
public class PaymentCallbackStore {

	/** The schema's limit on a stored body. */
	static final int MAX_BODY = 65_536;

	/** The two statements of every callback, rendered once (see {@link RenderedOnce}). */
	private static final RenderedOnce STORE = RenderedOnce.of(DSL.insertInto(PAYMENT_CALLBACKS)
		.set(PAYMENT_CALLBACKS.TENANT_ID, DSL.param("tenant", UUID.class))
		.set(PAYMENT_CALLBACKS.ID, DSL.param("id", UUID.class))
		.set(PAYMENT_CALLBACKS.KIND, DSL.param("kind", String.class))
		.set(PAYMENT_CALLBACKS.BODY, DSL.param("body", String.class))
		.set(PAYMENT_CALLBACKS.SOURCE_IP, DSL.param("sourceIp", String.class))
		.set(PAYMENT_CALLBACKS.IP_ALLOWED, DSL.param("ipAllowed", Boolean.class))
		.set(PAYMENT_CALLBACKS.URL_NONCE, DSL.param("urlNonce", String.class))
		.set(PAYMENT_CALLBACKS.APPLY_DUE_AT, DSL.param("applyDueAt", OffsetDateTime.class)));

	private static final RenderedOnce OUTCOME = RenderedOnce.of(DSL.update(PAYMENT_CALLBACKS)
		.set(PAYMENT_CALLBACKS.OUTCOME, DSL.param("outcome", String.class))
		.set(PAYMENT_CALLBACKS.OUTCOME_DETAIL, DSL.param("detail", String.class))
		.set(PAYMENT_CALLBACKS.PAYMENT_ID, DSL.param("paymentId", UUID.class))
		.set(PAYMENT_CALLBACKS.ATTEMPT_ID, DSL.param("attemptId", UUID.class))
		.set(PAYMENT_CALLBACKS.PROCESSED_AT, DSL.currentOffsetDateTime())
		.set(PAYMENT_CALLBACKS.APPLY_DUE_AT, DSL.inline(null, PAYMENT_CALLBACKS.APPLY_DUE_AT))
		.where(PAYMENT_CALLBACKS.TENANT_ID.eq(DSL.param("tenant", UUID.class)),
				PAYMENT_CALLBACKS.ID.eq(DSL.param("id", UUID.class))));

	private final DSLContext dsl;

	PaymentCallbackStore(DSLContext dsl) {
		this.dsl = dsl;
	}

	/**
	 * Stores the raw body and commits; returns the callback's id. {@code applyDueAt}: when the sweep may
	 * apply it (null: nothing applies it later, e.g. a C2B validation answered at once).
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public UUID storeRaw(String kind, String body, String sourceIp, Boolean ipAllowed, String urlNonce,
			OffsetDateTime applyDueAt) {
		UUID id = Ids.next();
		String text = body == null ? "" : body;
		Map<String, Object> values = new HashMap<>();
		values.put("tenant", TenantContext.require().value());
		values.put("id", id);
		values.put("kind", kind);
		values.put("body", text.length() > MAX_BODY ? text.substring(0, MAX_BODY) : text);
		values.put("sourceIp", sourceIp == null || sourceIp.length() <= 100 ? sourceIp : sourceIp.substring(0, 100));
		values.put("ipAllowed", ipAllowed);
		values.put("urlNonce", urlNonce);
		values.put("applyDueAt", applyDueAt);
		STORE.execute(dsl, values);
		return id;
	}

	/**
	 * Claims a due callback for the sweep: moves its {@code apply_due_at} to {@code leaseUntil} if nobody
	 * moved it since the sweep saw it; the callback as stored, or empty when another claim won.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Optional<StoredCallback> claim(UUID callbackId, OffsetDateTime seenDue, OffsetDateTime leaseUntil) {
		return dsl.update(PAYMENT_CALLBACKS)
			.set(PAYMENT_CALLBACKS.APPLY_DUE_AT, leaseUntil)
			.where(PAYMENT_CALLBACKS.TENANT_ID.eq(TenantContext.require().value()), PAYMENT_CALLBACKS.ID.eq(callbackId),
					PAYMENT_CALLBACKS.APPLY_DUE_AT.eq(seenDue))
			.returningResult(PAYMENT_CALLBACKS.ID, PAYMENT_CALLBACKS.KIND, PAYMENT_CALLBACKS.BODY,
					PAYMENT_CALLBACKS.URL_NONCE)
			.fetchOptional(r -> new StoredCallback(r.value1(), r.value2(), r.value3(), r.value4()));
	}

	/**
	 * Applying failed (an error, not a verdict on the body): recorded as the outcome, and the callback
	 * stays due after {@code retryAfter}, for the sweep.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void recordFailure(UUID callbackId, String detail, Duration retryAfter) {
		dsl.update(PAYMENT_CALLBACKS)
			.set(PAYMENT_CALLBACKS.OUTCOME, "error")
			.set(PAYMENT_CALLBACKS.OUTCOME_DETAIL, detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000))
			.set(PAYMENT_CALLBACKS.APPLY_DUE_AT, OffsetDateTime.now().plus(retryAfter))
			.where(PAYMENT_CALLBACKS.TENANT_ID.eq(TenantContext.require().value()), PAYMENT_CALLBACKS.ID.eq(callbackId))
			.execute();
	}

	/** How applying the callback ended (applied, duplicate, unmatched, unparsable, rejected, review, …). */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void recordOutcome(UUID callbackId, String outcome, String detail, UUID paymentId, UUID attemptId) {
		recordOutcomeHere(callbackId, outcome, detail, paymentId, attemptId);
	}

	/** The same, in the caller's transaction (so the outcome commits with what it describes). */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordOutcomeHere(UUID callbackId, String outcome, String detail, UUID paymentId, UUID attemptId) {
		Map<String, Object> values = new HashMap<>();
		values.put("tenant", TenantContext.require().value());
		values.put("id", callbackId);
		values.put("outcome", outcome);
		values.put("detail", detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000));
		values.put("paymentId", paymentId);
		values.put("attemptId", attemptId);
		OUTCOME.execute(dsl, values);
	}

}
