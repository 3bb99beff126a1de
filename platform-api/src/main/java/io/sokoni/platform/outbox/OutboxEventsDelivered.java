package io.sokoni.platform.outbox;

import java.util.List;

import io.sokoni.tenant.TenantId;

/**
 * Published (in-process) after the relay marked events of one tenant delivered, so features can drop
 * what they cached for that tenant.
 */
public record OutboxEventsDelivered(TenantId tenant, List<OutboxEvent> events) {

	public boolean anyOf(String aggregateType) {
		return events.stream().anyMatch(e -> e.aggregateType().equals(aggregateType));
	}

}
