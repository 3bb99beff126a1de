package io.sokoni.platform.outbox;

import static io.sokoni.jooq.Tables.OUTBOX_EVENTS;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.sokoni.jooq.tables.OutboxEvents;
import io.sokoni.platform.database.PlatformDatabase;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.jooq.Condition;
import io.sokoni.platform.database.DatabaseTime;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Row2;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * Outbox state. Claims and state changes go through the platform role, which sees every tenant's events
 * but only their claim columns (no payload, no error text); each statement is atomic on its own, so no
 * transaction is needed around them. The last error of an event is read with its tenant bound.
 */
@Repository
class OutboxRepository {

	private static final OutboxEvents O = OUTBOX_EVENTS;

	private static final int MAX_ERROR_LENGTH = 2000;

	// Status values are written into the SQL, not bound: the partial indexes of pending, parked and
	// delivered events only match a prepared statement's generic plan when the status is a literal. Bound,
	// every claim scanned all pending events, including the order events no handler of this version takes.
	private static final Field<String> PENDING = DSL.inline("pending");

	private static final Field<String> PARKED = DSL.inline("parked");

	private static final Field<String> DELIVERED = DSL.inline("delivered");

	private final DSLContext platform;

	private final DSLContext tenantDsl;

	OutboxRepository(PlatformDatabase platform, DSLContext tenantDsl) {
		this.platform = platform.dsl();
		this.tenantDsl = tenantDsl;
	}

	/**
	 * What one claim returns: the database, the events and the lease that marks them as this claimer's.
	 * The lease moves on when it is renewed; renewing and marking an event done take turns on the claim,
	 * so a mark never compares against a lease a renewal just replaced.
	 */
	static final class Claim {

		private final DSLContext database;

		private final List<OutboxEvent> events;

		private OffsetDateTime lease;

		Claim(DSLContext database, List<OutboxEvent> events, OffsetDateTime lease) {
			this.database = database;
			this.events = events;
			this.lease = lease;
		}

		DSLContext database() {
			return database;
		}

		List<OutboxEvent> events() {
			return events;
		}

		synchronized OffsetDateTime lease() {
			return lease;
		}

	}

	/**
	 * Claims up to {@code limit} due events of the given types in one statement: {@code FOR UPDATE SKIP
	 * LOCKED} keeps concurrent claimers off each other's rows, and the lease ({@code locked_until}) keeps
	 * them off until this claimer is done or the lease runs out. An aggregate is claimed by one relay at a
	 * time (a leased sibling excludes it; a transaction-scoped advisory lock settles two claims racing for
	 * it), so two relays never index two states of one product out of order.
	 */
	Claim claim(DSLContext platform, Set<String> eventTypes, int limit, Duration lease) {
		OutboxEvents sibling = O.as("sibling");
		Field<OffsetDateTime> now = DSL.currentOffsetDateTime();
		Condition aggregateFree = DSL.notExists(DSL.selectOne()
			.from(sibling)
			.where(sibling.TENANT_ID.eq(O.TENANT_ID), sibling.AGGREGATE_ID.eq(O.AGGREGATE_ID),
					sibling.STATUS.eq(PENDING), sibling.LOCKED_UNTIL.gt(now), sibling.ID.ne(O.ID)));
		Condition aggregateLock = DSL.condition(
				"pg_try_advisory_xact_lock(hashtextextended('app.outbox_events:' || {0} || ':' || {1}, 0))",
				O.TENANT_ID, O.AGGREGATE_ID);
		Table<Record2<UUID, UUID>> due = DSL.select(O.TENANT_ID, O.ID)
			.from(O)
			.where(O.STATUS.eq(PENDING), O.NEXT_ATTEMPT_AT.le(now),
					O.LOCKED_UNTIL.isNull().or(O.LOCKED_UNTIL.lt(now)), O.EVENT_TYPE.in(eventTypes), aggregateFree,
					aggregateLock)
			.orderBy(O.NEXT_ATTEMPT_AT)
			.limit(limit)
			.forUpdate()
			.skipLocked()
			.asTable("due");
		var claimed = platform.update(O)
			.set(O.LOCKED_UNTIL, DatabaseTime.fromNow(lease))
			.from(due)
			.where(O.TENANT_ID.eq(due.field(O.TENANT_ID)), O.ID.eq(due.field(O.ID)))
			.returningResult(O.TENANT_ID, O.ID, O.AGGREGATE_TYPE, O.AGGREGATE_ID, O.EVENT_TYPE, O.ATTEMPTS,
					O.LOCKED_UNTIL)
			.fetch();
		if (claimed.isEmpty()) {
			return new Claim(platform, List.of(), null);
		}
		List<OutboxEvent> events = claimed.stream()
			.map(r -> new OutboxEvent(TenantId.of(r.value1()), r.value2(), r.value3(), r.value4(), r.value5(),
					r.value6()))
			.toList();
		return new Claim(platform, events, claimed.get(0).value7());
	}

	/**
	 * Extends the lease of the claim's events still pending under it by {@code lease} from now, so a
	 * handler slower than the lease does not let another relay claim (and deliver again) what it is still
	 * delivering. Returns how many events it kept; those whose lease was already lost are not taken back.
	 */
	int renew(Claim claim, Duration lease) {
		synchronized (claim) {
			var renewed = claim.database().update(O)
				.set(O.LOCKED_UNTIL, DatabaseTime.fromNow(lease))
				.where(DSL.row(O.TENANT_ID, O.ID).in(keys(claim.events())), O.STATUS.eq(PENDING),
						O.LOCKED_UNTIL.eq(claim.lease))
				.returningResult(O.LOCKED_UNTIL)
				.fetch();
			if (!renewed.isEmpty()) {
				claim.lease = renewed.get(0).value1();
			}
			return renewed.size();
		}
	}

	/** Marks events delivered, if this claimer still holds their lease; returns how many were. */
	int markDelivered(Claim claim, Collection<OutboxEvent> events) {
		if (events.isEmpty()) {
			return 0;
		}
		synchronized (claim) {
			return claim.database().update(O)
				.set(O.STATUS, "delivered")
				.set(O.DELIVERED_AT, DSL.currentOffsetDateTime())
				.setNull(O.LOCKED_UNTIL)
				.where(DSL.row(O.TENANT_ID, O.ID).in(keys(events)), O.STATUS.eq(PENDING),
						O.LOCKED_UNTIL.eq(claim.lease))
				.execute();
		}
	}

	private static List<Row2<UUID, UUID>> keys(Collection<OutboxEvent> events) {
		return events.stream().map(e -> DSL.row(e.tenant().value(), e.id())).toList();
	}

	/**
	 * Records a failed delivery: one more attempt, the next one after {@code delay}, or parked once the
	 * attempts reach {@code maxAttempts}. Empty when the lease was lost meanwhile (another relay owns it).
	 */
	Optional<String> markFailed(Claim claim, OutboxEvent event, Duration delay, int maxAttempts, String error) {
		synchronized (claim) {
			return markFailed(claim, claim.lease, event, delay, maxAttempts, error);
		}
	}

	private Optional<String> markFailed(Claim claim, OffsetDateTime lease, OutboxEvent event, Duration delay,
			int maxAttempts, String error) {
		return claim.database().update(O)
			.set(O.ATTEMPTS, O.ATTEMPTS.plus(1))
			.set(O.STATUS, DSL.when(O.ATTEMPTS.plus(1).ge(maxAttempts), "parked").otherwise("pending"))
			.set(O.NEXT_ATTEMPT_AT, DatabaseTime.fromNow(delay))
			.set(O.LAST_ERROR, truncate(error))
			.setNull(O.LOCKED_UNTIL)
			.where(O.TENANT_ID.eq(event.tenant().value()), O.ID.eq(event.id()), O.STATUS.eq(PENDING),
					O.LOCKED_UNTIL.eq(lease))
			.returningResult(O.STATUS)
			.fetchOptional(r -> r.value1());
	}

	/** Pending and parked counts and the creation time of the oldest pending event (all tenants of one database). */
	record Stats(long pending, long parked, OffsetDateTime oldestPending) {
	}

	/**
	 * Counts only events of the given (delivered) types: an event type no handler of this version delivers
	 * (order notifications before their channel exists) waits for its handler and is not lag.
	 */
	Stats stats(DSLContext platform, Set<String> eventTypes) {
		var pending = platform.select(DSL.count(), DSL.min(O.CREATED_AT))
			.from(O)
			.where(O.STATUS.eq(PENDING), O.EVENT_TYPE.in(eventTypes))
			.fetchOne();
		int parked = platform.fetchCount(O, O.STATUS.eq(PARKED));
		return new Stats(pending.value1(), parked, pending.value2());
	}

	/** A parked event as the operator lists it (the error is added from the tenant's side). */
	record ParkedRow(UUID tenantId, UUID id, String aggregateType, UUID aggregateId, String eventType, int attempts,
			OffsetDateTime createdAt, OffsetDateTime nextAttemptAt) {
	}

	List<ParkedRow> parked(UUID tenantId, UUID after, int limit) {
		return platform
			.select(O.TENANT_ID, O.ID, O.AGGREGATE_TYPE, O.AGGREGATE_ID, O.EVENT_TYPE, O.ATTEMPTS, O.CREATED_AT,
					O.NEXT_ATTEMPT_AT)
			.from(O)
			.where(O.STATUS.eq(PARKED), tenantId == null ? DSL.noCondition() : O.TENANT_ID.eq(tenantId),
					after == null ? DSL.noCondition() : O.ID.gt(after))
			.orderBy(O.ID)
			.limit(limit)
			.fetch(r -> r.into(ParkedRow.class));
	}

	/** The last errors of some events of the bound tenant (runtime role, in the caller's transaction). */
	Map<UUID, String> lastErrors(Collection<UUID> ids) {
		return tenantDsl.select(O.ID, O.LAST_ERROR)
			.from(O)
			.where(O.TENANT_ID.eq(TenantContext.require().value()), O.ID.in(ids))
			.fetchMap(O.ID, O.LAST_ERROR);
	}

	/** Puts a parked event back in line with fresh attempts; empty when there is no such parked event. */
	Optional<ParkedRow> unpark(UUID tenantId, UUID id) {
		return platform.update(O)
			.set(O.STATUS, "pending")
			.set(O.ATTEMPTS, 0)
			.set(O.NEXT_ATTEMPT_AT, DSL.currentOffsetDateTime())
			.setNull(O.LOCKED_UNTIL)
			.where(O.TENANT_ID.eq(tenantId), O.ID.eq(id), O.STATUS.eq(PARKED))
			.returningResult(O.TENANT_ID, O.ID, O.AGGREGATE_TYPE, O.AGGREGATE_ID, O.EVENT_TYPE, O.ATTEMPTS,
					O.CREATED_AT, O.NEXT_ATTEMPT_AT)
			.fetchOptional(r -> r.into(ParkedRow.class));
	}

	/** The status of an event, if it exists. */
	Optional<String> status(UUID tenantId, UUID id) {
		return platform.select(O.STATUS).from(O).where(O.TENANT_ID.eq(tenantId), O.ID.eq(id)).fetchOptional(O.STATUS);
	}

	/** Deletes up to {@code limit} events delivered longer than {@code retention} ago; returns how many. */
	int purgeDelivered(DSLContext platform, Duration retention, int limit) {
		var old = DSL.select(O.TENANT_ID, O.ID)
			.from(O)
			.where(O.STATUS.eq(DELIVERED), O.DELIVERED_AT.lt(DatabaseTime.ago(retention)))
			.limit(limit);
		return platform.deleteFrom(O).where(DSL.row(O.TENANT_ID, O.ID).in(old)).execute();
	}

	private static String truncate(String error) {
		return error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
	}

}
