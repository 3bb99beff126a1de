package io.sokoni.platform.payment.mpesa;

import java.util.UUID;

/**
 * A callback as stored: its id, kind, raw body and, for an STK callback, the attempt nonce of its URL
 * (null otherwise).
 */
public record StoredCallback(UUID id, String kind, String body, String nonce) {
}
