package io.sokoni.platform.outbox;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes this instance's relays as soon as a transaction that wrote events they deliver has committed,
 * so an event written here is delivered within a few milliseconds instead of at the next poll. Only
 * after the commit (a relay cannot claim an uncommitted event, and a rolled-back one does not exist),
 * and only the relays that take one of the event types written (events no handler takes, such as
 * order events in this version, wake nobody). Events written by other instances are still found by
 * the relay's regular poll.
 */
@Component
public class OutboxWakeups {

	private record Subscription(Set<String> eventTypes, Runnable wake) {
	}

	private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

	/** Calls {@code wake} after each commit that wrote an event of one of these types; run the answer to stop. */
	Runnable subscribe(Set<String> eventTypes, Runnable wake) {
		Subscription subscription = new Subscription(Set.copyOf(eventTypes), wake);
		subscriptions.add(subscription);
		return () -> subscriptions.remove(subscription);
	}

	/** An event of this type is being written in the current transaction. */
	void written(String eventType) {
		if (subscriptions.stream().noneMatch(s -> s.eventTypes().contains(eventType))) {
			return;
		}
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			wake(Set.of(eventType)); // not in a Spring transaction: the caller's statement commits on its own
			return;
		}
		for (TransactionSynchronization registered : TransactionSynchronizationManager.getSynchronizations()) {
			if (registered instanceof AfterCommit afterCommit && afterCommit.owner == this) {
				afterCommit.eventTypes.add(eventType); // one wake-up per transaction, however many events
				return;
			}
		}
		AfterCommit afterCommit = new AfterCommit(this);
		afterCommit.eventTypes.add(eventType);
		TransactionSynchronizationManager.registerSynchronization(afterCommit);
	}

	private void wake(Set<String> eventTypes) {
		for (Subscription subscription : subscriptions) {
			if (eventTypes.stream().anyMatch(subscription.eventTypes()::contains)) {
				subscription.wake().run();
			}
		}
	}

	/** One per transaction; compared by identity (Spring keeps synchronizations in a set). */
	private static final class AfterCommit implements TransactionSynchronization {

		private final OutboxWakeups owner;

		private final Set<String> eventTypes = new HashSet<>();

		AfterCommit(OutboxWakeups owner) {
			this.owner = owner;
		}

		@Override
		public void afterCommit() {
			owner.wake(eventTypes);
		}

	}

}
