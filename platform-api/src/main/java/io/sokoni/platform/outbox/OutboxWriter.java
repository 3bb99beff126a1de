package io.sokoni.platform.outbox;

import static io.sokoni.jooq.Tables.OUTBOX_EVENTS;

import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.database.RenderedOnce;
import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends an event to the transactional outbox of the bound tenant, in the caller's transaction: the
 * event exists exactly when the change it announces was committed (rollback, no event).
 */
@Component
public class OutboxWriter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** {@link #append}'s insert, rendered once: nearly every write appends an event (see RenderedOnce). */
	private static final RenderedOnce APPEND = RenderedOnce.of(DSL.insertInto(OUTBOX_EVENTS)
		.set(OUTBOX_EVENTS.TENANT_ID, DSL.param("tenant", UUID.class))
		.set(OUTBOX_EVENTS.ID, DSL.param("id", UUID.class))
		.set(OUTBOX_EVENTS.AGGREGATE_TYPE, DSL.param("aggregateType", String.class))
		.set(OUTBOX_EVENTS.AGGREGATE_ID, DSL.param("aggregateId", UUID.class))
		.set(OUTBOX_EVENTS.EVENT_TYPE, DSL.param("eventType", String.class))
		.set(OUTBOX_EVENTS.PAYLOAD, DSL.param("payload", JSONB.class)));

	private final DSLContext dsl;

	private final OutboxWakeups wakeups;

	OutboxWriter(DSLContext dsl, OutboxWakeups wakeups) {
		this.dsl = dsl;
		this.wakeups = wakeups;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public UUID append(String aggregateType, UUID aggregateId, String eventType, Map<String, ?> payload) {
		UUID id = Ids.next();
		wakeups.written(eventType);
		APPEND.execute(dsl, Map.of("tenant", TenantContext.require().value(), "id", id, "aggregateType", aggregateType,
				"aggregateId", aggregateId, "eventType", eventType, "payload",
				JSONB.valueOf(JSON.writeValueAsString(payload))));
		return id;
	}

	/**
	 * {@link #append}'s statement, for a caller that runs it with others in one round trip (in the
	 * transaction this is called in: its commit wakes the relay).
	 */
	public Query event(String aggregateType, UUID aggregateId, String eventType, Map<String, ?> payload) {
		return event(Ids.next(), aggregateType, aggregateId, eventType, payload);
	}

	private Query event(UUID id, String aggregateType, UUID aggregateId, String eventType, Map<String, ?> payload) {
		wakeups.written(eventType);
		return dsl.insertInto(OUTBOX_EVENTS)
			.set(OUTBOX_EVENTS.TENANT_ID, TenantContext.require().value())
			.set(OUTBOX_EVENTS.ID, id)
			.set(OUTBOX_EVENTS.AGGREGATE_TYPE, aggregateType)
			.set(OUTBOX_EVENTS.AGGREGATE_ID, aggregateId)
			.set(OUTBOX_EVENTS.EVENT_TYPE, eventType)
			.set(OUTBOX_EVENTS.PAYLOAD, JSONB.valueOf(JSON.writeValueAsString(payload)));
	}

}
