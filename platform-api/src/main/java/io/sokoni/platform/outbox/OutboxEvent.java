package io.sokoni.platform.outbox;

import java.util.UUID;

import io.sokoni.tenant.TenantId;

/**
 * An event the relay claimed, as a handler receives it. The payload is not part of it on purpose: the
 * relay claims as the platform role, which may not read payloads; a handler that needs one reads it with
 * the tenant bound (most handlers should not: they act on the current state of the aggregate).
 *
 * @param attempts the failed deliveries before this one
 */
public record OutboxEvent(TenantId tenant, UUID id, String aggregateType, UUID aggregateId, String eventType,
		int attempts) {
}
