package io.sokoni.platform.outbox;

import static io.sokoni.jooq.Tables.OUTBOX_EVENTS;

import java.util.Optional;
import java.util.UUID;

import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * An event's payload, read with its tenant bound, for the few handlers that need what a transition
 * was (an order's status change says from and to; the order's current status may have moved on since).
 */
@Component
public class OutboxPayloads {

	private final DSLContext dsl;

	OutboxPayloads(DSLContext dsl) {
		this.dsl = dsl;
	}

	/** The payload as JSON text; empty when the bound tenant has no such event. */
	@Transactional(readOnly = true)
	public Optional<String> payload(UUID eventId) {
		return dsl.select(OUTBOX_EVENTS.PAYLOAD)
			.from(OUTBOX_EVENTS)
			.where(OUTBOX_EVENTS.TENANT_ID.eq(TenantContext.require().value()), OUTBOX_EVENTS.ID.eq(eventId))
			.fetchOptional(r -> r.value1() == null ? null : r.value1().data());
	}

}
