package io.sokoni.platform.insight;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.outbox.OutboxEvent;
import io.sokoni.platform.outbox.OutboxHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records what the server sees happen as insight events, from the transactional outbox (no checkout or
 * payment code knows about insight): orders placed and paid, failed M-Pesa payments, abandoned carts.
 * A tenant's whole share of a relay batch is one transaction and one statement, whatever its size.
 */
@Component
class ServerEvents implements OutboxHandler {

	private final InsightEventRepository events;

	private final TransactionTemplate tx;

	ServerEvents(InsightEventRepository events, TransactionTemplate tx) {
		this.events = events;
		this.tx = tx;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of("order.placed", "order.paid", "order.payment_failed", "cart.abandoned");
	}

	@Override
	public void handle(OutboxEvent event) {
		handleAll(List.of(event));
	}

	/** All or nothing: a failure fails the batch, and the redelivery skips the rows already written. */
	@Override
	public Map<UUID, RuntimeException> handleAll(List<OutboxEvent> batch) {
		tx.executeWithoutResult(s -> {
			OffsetDateTime earliest = events.insertFromOutbox(batch.stream().map(OutboxEvent::id).toList());
			events.markDirty(earliest);
		});
		return Map.of();
	}

}
