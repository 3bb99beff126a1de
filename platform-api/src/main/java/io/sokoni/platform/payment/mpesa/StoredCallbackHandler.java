package io.sokoni.platform.payment.mpesa;

import java.util.Set;

/**
 * Applies stored callbacks of some kinds, with their tenant bound, and records how each ended
 * ({@link PaymentCallbackStore#recordOutcome}). One callback may be applied twice (from the queue, and
 * by the sweep after an instance stopped), so applying must be idempotent: act on the payment's current
 * state, under its lock.
 */
public interface StoredCallbackHandler {

	Set<String> kinds();

	void apply(StoredCallback callback);

}
