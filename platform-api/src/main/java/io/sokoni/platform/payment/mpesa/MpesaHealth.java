package io.sokoni.platform.payment.mpesa;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

/** What this instance last heard from Daraja, for the health indicator. */
@Component
class MpesaHealth {

	record LastError(Instant at, String kind, String message) {
	}

	private final AtomicReference<LastError> lastError = new AtomicReference<>();

	private final AtomicReference<Instant> lastAnswer = new AtomicReference<>();

	/** The reconciler's backlog as its last run counted it (null: not counted yet on this instance). */
	private volatile Long backlog;

	void backlogCounted(long overdue) {
		backlog = overdue;
	}

	Long backlog() {
		return backlog;
	}

	void darajaFailed(DarajaException ex) {
		lastError.set(new LastError(Instant.now(), ex.kind().name(), ex.getMessage()));
	}

	void darajaAnswered() {
		lastAnswer.set(Instant.now());
	}

	LastError lastError() {
		return lastError.get();
	}

	Instant lastAnswer() {
		return lastAnswer.get();
	}

	/** Whether the last call to Daraja failed (no answer since the last error). */
	boolean failing() {
		LastError error = lastError.get();
		Instant answer = lastAnswer.get();
		return error != null && (answer == null || answer.isBefore(error.at()));
	}

}
