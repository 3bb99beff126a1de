package io.sokoni.platform.whatsapp.inbound;

import static io.sokoni.jooq.Tables.WHATSAPP_PHONE_NUMBERS;
import static io.sokoni.jooq.Tables.WHATSAPP_WEBHOOK_DELIVERIES;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.sokoni.platform.database.DatabaseTime;
import io.sokoni.platform.database.PlatformDatabase;
import io.sokoni.tenant.TenantId;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * The worker's statements on the platform tables (control database, platform role): claims of stored
 * deliveries whose lease ran out, their outcome, their pruning, and the phone-number directory. Each
 * statement commits on its own.
 */
@Component
class DeliveryStore {

	private static final int LAST_ERROR = 2000;

	private final DSLContext dsl;

	DeliveryStore(PlatformDatabase platform) {
		this.dsl = platform.dsl();
	}

	/**
	 * Claims up to {@code limit} unprocessed deliveries whose lease ran out (oldest first), leasing them
	 * to this instance: one statement, rows another instance is claiming are skipped (SKIP LOCKED) and a
	 * row is only taken while its lease is over, so two instances never work on one delivery at once.
	 */
	List<StoredDelivery> claimExpired(int limit, Duration lease, int maxAttempts) {
		var d = WHATSAPP_WEBHOOK_DELIVERIES;
		var due = dsl.select(d.ID)
			.from(d)
			.where(d.PROCESSED_AT.isNull(), d.CLAIMED_UNTIL.isNull().or(d.CLAIMED_UNTIL.lt(DSL.currentOffsetDateTime())),
					d.ATTEMPTS.lt(maxAttempts))
			.orderBy(d.ID)
			.limit(limit)
			.forUpdate()
			.skipLocked();
		return dsl.update(d)
			.set(d.CLAIMED_UNTIL, DatabaseTime.fromNow(lease))
			.set(d.ATTEMPTS, d.ATTEMPTS.plus(1))
			.where(d.ID.in(due), d.PROCESSED_AT.isNull())
			.returning(d.ID, d.BODY, d.BODY_ENCODING)
			.fetch(r -> new StoredDelivery(r.getId(), r.getBody(), r.getBodyEncoding()));
	}

	/** Ends this instance's lease of unprocessed deliveries: the next sweep (of any instance) takes them. */
	void release(Collection<Long> ids) {
		var d = WHATSAPP_WEBHOOK_DELIVERIES;
		dsl.update(d).set(d.CLAIMED_UNTIL, (OffsetDateTime) null).where(d.ID.in(ids), d.PROCESSED_AT.isNull()).execute();
	}

	/**
	 * Marks deliveries processed (whatever their messages turned into), committing without waiting for
	 * the WAL flush like the work it marks (InboundRecorder): a crash forgets the mark no sooner than
	 * the work before it, and a forgotten mark only makes the sweep redo work that is idempotent.
	 */
	void markProcessed(Collection<Long> ids) {
		var d = WHATSAPP_WEBHOOK_DELIVERIES;
		dsl.transaction(c -> {
			DSLContext t = c.dsl();
			t.execute("set local synchronous_commit = off");
			t.update(d)
				.set(d.PROCESSED_AT, DSL.currentOffsetDateTime())
				.set(d.LAST_ERROR, (String) null)
				.where(d.ID.in(ids))
				.execute();
		});
	}

	/** Records why processing failed and when to try again (the sweep takes it after {@code retryIn}). */
	void markFailed(long id, String error, Duration retryIn) {
		var d = WHATSAPP_WEBHOOK_DELIVERIES;
		dsl.update(d)
			.set(d.LAST_ERROR, error.length() <= LAST_ERROR ? error : error.substring(0, LAST_ERROR))
			.set(d.CLAIMED_UNTIL, DatabaseTime.fromNow(retryIn))
			.where(d.ID.eq(id))
			.execute();
	}

	/** Deletes up to {@code limit} processed deliveries older than the retention; answers how many. */
	int prune(Duration retention, int limit) {
		var d = WHATSAPP_WEBHOOK_DELIVERIES;
		return dsl.deleteFrom(d)
			.where(d.ID.in(dsl.select(d.ID)
				.from(d)
				.where(d.PROCESSED_AT.lt(DatabaseTime.ago(retention)))
				.limit(limit)))
			.execute();
	}

	/** The tenant that registered this WhatsApp phone-number id. */
	Optional<TenantId> tenantOf(String phoneNumberId) {
		return dsl.select(WHATSAPP_PHONE_NUMBERS.TENANT_ID)
			.from(WHATSAPP_PHONE_NUMBERS)
			.where(WHATSAPP_PHONE_NUMBERS.PHONE_NUMBER_ID.eq(phoneNumberId))
			.fetchOptional(r -> new TenantId(r.value1()));
	}

}
