package io.sokoni.platform.outbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Delivers outbox events of some types. The relay calls it with the event's tenant bound (transactions
 * see that tenant's rows). A handler may see an event more than once (a lease ran out, a retry after a
 * partial failure), so it must be idempotent: act on the aggregate's current state, not on the event.
 * Several handlers may deliver one type: the event is delivered once all of them took it.
 */
public interface OutboxHandler {

	/** The event types this handler delivers; the relay claims only types some handler delivers. */
	Set<String> eventTypes();

	/** Delivers one event; throwing means "not delivered, retry later with backoff". */
	void handle(OutboxEvent event);

	/**
	 * Delivers several events of the bound tenant at once and returns those that failed, with why. The
	 * default delivers them one by one; handlers that can batch (one index call for many products)
	 * override it.
	 */
	default Map<UUID, RuntimeException> handleAll(List<OutboxEvent> events) {
		Map<UUID, RuntimeException> failures = new LinkedHashMap<>();
		for (OutboxEvent event : events) {
			try {
				handle(event);
			}
			catch (RuntimeException ex) {
				failures.put(event.id(), ex);
			}
		}
		return failures;
	}

}
