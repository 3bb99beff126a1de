package io.sokoni.platform.inventory;

import static io.sokoni.jooq.Tables.INVENTORY_LEVELS;
import static io.sokoni.jooq.Tables.INVENTORY_MOVEMENTS;
import static io.sokoni.jooq.Tables.INVENTORY_RESERVATIONS;
import static io.sokoni.jooq.Tables.PRODUCT_VARIANTS;
import static io.sokoni.jooq.Tables.STORE_LOCATIONS;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.auth.CurrentUser;
import io.sokoni.platform.database.RenderedOnce;
import io.sokoni.platform.database.StatementPipeline;
import io.sokoni.platform.outbox.OutboxWriter;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.Results;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stock held for orders. Holding is one conditional update per level ({@code on_hand - reserved >=
 * wanted}), never read-then-write, so no interleaving of checkouts can oversell. A hold becomes an
 * {@code inventory_reservations} row of the order; every later step (consume, release, expire, return)
 * is one conditional update of those rows away from their current status, and only the rows it moved
 * touch the levels, so each step happens at most once however often it is asked for. Every level change
 * is journalled (reference: the order); a change that may flip a product's in-stock flag is announced to
 * search with a {@code product.upserted} event.
 */
@Service
public class StockReservations {

	/** A quantity of a variant an order wants. */
	public record Wanted(UUID variantId, UUID productId, int quantity) {
	}

	private static final String REFERENCE = "order";

	// Every payment, cancellation and expiry settles an order's holds: rendered once (see RenderedOnce).
	private static final RenderedOnce MOVE_HOLDS = RenderedOnce.of(DSL.update(INVENTORY_RESERVATIONS)
		.set(INVENTORY_RESERVATIONS.STATUS, DSL.param("to", String.class))
		.set(INVENTORY_RESERVATIONS.UPDATED_AT, DSL.currentOffsetDateTime())
		.where(INVENTORY_RESERVATIONS.TENANT_ID.eq(DSL.param("tenant", UUID.class)),
				INVENTORY_RESERVATIONS.ORDER_ID.eq(DSL.param("orderId", UUID.class)),
				INVENTORY_RESERVATIONS.STATUS.eq(DSL.param("from", String.class)))
		.returningResult(INVENTORY_RESERVATIONS.VARIANT_ID, INVENTORY_RESERVATIONS.LOCATION_ID,
				INVENTORY_RESERVATIONS.QUANTITY));

	private static final RenderedOnce CHANGE_LEVEL = RenderedOnce.of(DSL.update(INVENTORY_LEVELS)
		.set(INVENTORY_LEVELS.ON_HAND, INVENTORY_LEVELS.ON_HAND.plus(DSL.param("onHand", Integer.class)))
		.set(INVENTORY_LEVELS.RESERVED, INVENTORY_LEVELS.RESERVED.plus(DSL.param("reserved", Integer.class)))
		.set(INVENTORY_LEVELS.UPDATED_AT, DSL.currentOffsetDateTime())
		.where(INVENTORY_LEVELS.TENANT_ID.eq(DSL.param("tenant", UUID.class)),
				INVENTORY_LEVELS.VARIANT_ID.eq(DSL.param("variantId", UUID.class)),
				INVENTORY_LEVELS.LOCATION_ID.eq(DSL.param("locationId", UUID.class)))
		.returningResult(INVENTORY_LEVELS.ON_HAND, INVENTORY_LEVELS.RESERVED));

	/** An order's hold at one location, as a settlement moved it. */
	private record SettledHold(UUID variantId, UUID locationId, int quantity) {
	}

	private final DSLContext dsl;

	private final OutboxWriter outbox;

	StockReservations(DSLContext dsl, OutboxWriter outbox) {
		this.dsl = dsl;
		this.outbox = outbox;
	}

	/**
	 * Where each wanted variant has stock, as last committed: its active locations with any available,
	 * most available first. Refuses (409 {@code INSUFFICIENT_STOCK}) at once, without locking anything,
	 * when those levels already show too little for a line: after a sell-out, checkouts fail fast instead
	 * of queueing for the level's row lock. Passing says nothing certain; {@link #hold} decides.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public StockPlan plan(List<Wanted> wanted) {
		Map<UUID, List<UUID>> locations = new LinkedHashMap<>();
		Map<UUID, Integer> available = new LinkedHashMap<>();
		Field<Integer> free = INVENTORY_LEVELS.ON_HAND.minus(INVENTORY_LEVELS.RESERVED);
		dsl.select(INVENTORY_LEVELS.VARIANT_ID, INVENTORY_LEVELS.LOCATION_ID, free)
			.from(INVENTORY_LEVELS)
			.join(STORE_LOCATIONS)
			.on(STORE_LOCATIONS.TENANT_ID.eq(INVENTORY_LEVELS.TENANT_ID),
					STORE_LOCATIONS.ID.eq(INVENTORY_LEVELS.LOCATION_ID), STORE_LOCATIONS.STATUS.eq("active"))
			.where(INVENTORY_LEVELS.TENANT_ID.eq(tenant()),
					INVENTORY_LEVELS.VARIANT_ID.in(wanted.stream().map(Wanted::variantId).toList()),
					INVENTORY_LEVELS.ON_HAND.gt(INVENTORY_LEVELS.RESERVED))
			.orderBy(INVENTORY_LEVELS.VARIANT_ID, free.desc(), INVENTORY_LEVELS.LOCATION_ID)
			.forEach(r -> {
				locations.computeIfAbsent(r.value1(), v -> new ArrayList<>()).add(r.value2());
				available.merge(r.value1(), r.value3(), Integer::sum);
			});
		for (Wanted w : wanted) {
			int now = available.getOrDefault(w.variantId(), 0);
			if (now < w.quantity()) {
				throw insufficient(w, now);
			}
		}
		return new StockPlan(wanted, locations);
	}

	/** The lines of an order and where their stock was, from {@link #plan}. */
	public record StockPlan(List<Wanted> wanted, Map<UUID, List<UUID>> locations) {
	}

	/**
	 * Holds every wanted quantity of the plan at the active locations of its variant, the location with
	 * most available first (a line may be split over locations), and records each hold as a reservation of the order
	 * (which the caller inserts later in the same transaction: that foreign key is checked at commit) with
	 * its journal entry, in the one statement that takes the level's row lock. Variants are taken in id
	 * order so two checkouts never wait on each other in a cycle. 409 {@code INSUFFICIENT_STOCK} naming the
	 * variant when a line cannot be held: the caller's transaction then rolls back everything.
	 * {@code expiresAt} is null when the hold does not lapse.
	 * <p>
	 * {@code then}, the caller's next statement, runs right after the holds (in the same round trip when
	 * each line has one location, as in most stores); its rows are returned as {@link StatementPipeline}
	 * answers them.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Result<Record> hold(UUID orderId, StockPlan plan, OffsetDateTime expiresAt, ResultQuery<?> then) {
		List<Wanted> ordered = plan.wanted().stream().sorted(Comparator.comparing(Wanted::variantId)).toList();
		Map<UUID, List<UUID>> locations = plan.locations();
		CurrentUser.Actor actor = CurrentUser.actor("system");
		List<UUID> soldOut = new ArrayList<>();
		if (ordered.stream().allMatch(w -> locations.getOrDefault(w.variantId(), List.of()).size() == 1)) {
			// The common case, one location per line: every hold and then the caller's statement in one
			// round trip, in the same order as one by one.
			List<Query> statements = new ArrayList<>();
			ordered.forEach(w -> statements.add(holdAtMost(orderId, w.variantId(), locations.get(w.variantId()).get(0),
					w.quantity(), expiresAt, actor)));
			statements.add(then);
			Results answered = StatementPipeline.fetch(dsl, statements.toArray(Query[]::new));
			for (int i = 0; i < ordered.size(); i++) {
				Wanted w = ordered.get(i);
				Held held = held(answered.get(i));
				if (held.taken() < w.quantity()) {
					throw insufficient(w, held.taken());
				}
				if (held.availableAfter() == 0) {
					soldOut.add(w.productId());
				}
			}
			announce(soldOut);
			return answered.get(ordered.size());
		}
		for (Wanted w : ordered) {
			int missing = w.quantity();
			for (UUID location : locations.getOrDefault(w.variantId(), List.of())) {
				Held held = held(holdAtMost(orderId, w.variantId(), location, missing, expiresAt, actor).fetch());
				missing -= held.taken();
				if (held.taken() > 0 && held.availableAfter() == 0) {
					soldOut.add(w.productId());
				}
				if (missing == 0) {
					break;
				}
			}
			if (missing > 0) {
				throw insufficient(w, w.quantity() - missing);
			}
		}
		announce(soldOut);
		return StatementPipeline.fetch(dsl, then).get(0);
	}

	/** What one hold took, and what stayed available at that location. */
	private record Held(int taken, int availableAfter) {
	}

	/**
	 * Search shows whether a product is in stock, not how many: a product is re-indexed when a change may
	 * have flipped that (a location's availability reached zero or left it), not on every sale.
	 */
	private void announce(List<UUID> productIds) {
		for (UUID productId : new LinkedHashSet<>(productIds)) {
			outbox.append("product", productId, "product.upserted", Map.of("reason", "stock"));
		}
	}

	private static ApiException insufficient(Wanted w, int available) {
		return new ApiException(ProblemType.INSUFFICIENT_STOCK,
				"Only " + available + " of the " + w.quantity() + " wanted of this item are available",
				Map.of("variantId", w.variantId(), "wanted", w.quantity(), "available", available));
	}

	/** The order's active holds leave stock for good (sold): on hand and reserved both go down. */
	@Transactional(propagation = Propagation.MANDATORY)
	public int consume(UUID orderId) {
		return settle(orderId, "active", "consumed", MovementReason.SALE, -1, -1);
	}

	/** The order's active holds go back to available; {@code expired} when it was never paid in time. */
	@Transactional(propagation = Propagation.MANDATORY)
	public int release(UUID orderId, boolean expired) {
		return settle(orderId, "active", expired ? "expired" : "released", MovementReason.RELEASE, 0, -1);
	}

	/** Stock already sold to the order comes back on hand (cancelled or refunded before delivery). */
	@Transactional(propagation = Propagation.MANDATORY)
	public int returnSold(UUID orderId) {
		return settle(orderId, "consumed", "released", MovementReason.RETURN, 1, 0);
	}

	/**
	 * Delivered goods that came back (a recorded return, e.g. with a refund) go on hand again, at the
	 * location they were sold from, journalled as returns of the order. {@code quantities} by variant; null
	 * means everything sold to the order and not yet returned. At most what was sold to the order and not
	 * already returned (422 {@code BUSINESS_RULE} naming the variant otherwise, nothing changed by the
	 * caller's rolled-back transaction). The caller holds the order's row lock, so two returns of one order
	 * do not both pass the check. Returns the quantities put back by variant.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Map<UUID, Integer> returnDelivered(UUID orderId, Map<UUID, Integer> quantities) {
		Map<UUID, UUID> soldAt = new LinkedHashMap<>();
		Map<UUID, Integer> returnable = new LinkedHashMap<>();
		dsl.select(INVENTORY_RESERVATIONS.VARIANT_ID, INVENTORY_RESERVATIONS.LOCATION_ID,
				INVENTORY_RESERVATIONS.QUANTITY)
			.from(INVENTORY_RESERVATIONS)
			.where(INVENTORY_RESERVATIONS.TENANT_ID.eq(tenant()), INVENTORY_RESERVATIONS.ORDER_ID.eq(orderId),
					INVENTORY_RESERVATIONS.STATUS.eq("consumed"))
			.orderBy(INVENTORY_RESERVATIONS.VARIANT_ID, INVENTORY_RESERVATIONS.LOCATION_ID)
			.forEach(r -> {
				soldAt.putIfAbsent(r.value1(), r.value2());
				returnable.merge(r.value1(), r.value3(), Integer::sum);
			});
		dsl.select(INVENTORY_MOVEMENTS.VARIANT_ID, DSL.sum(INVENTORY_MOVEMENTS.ON_HAND_CHANGE).cast(Integer.class))
			.from(INVENTORY_MOVEMENTS)
			.where(INVENTORY_MOVEMENTS.TENANT_ID.eq(tenant()), INVENTORY_MOVEMENTS.REFERENCE_TYPE.eq(REFERENCE),
					INVENTORY_MOVEMENTS.REFERENCE_ID.eq(orderId.toString()),
					INVENTORY_MOVEMENTS.REASON.eq(MovementReason.RETURN.value()))
			.groupBy(INVENTORY_MOVEMENTS.VARIANT_ID)
			.forEach(r -> returnable.computeIfPresent(r.value1(), (v, q) -> q - r.value2()));
		Map<UUID, Integer> wanted = new LinkedHashMap<>();
		if (quantities == null) {
			returnable.forEach((v, q) -> {
				if (q > 0) {
					wanted.put(v, q);
				}
			});
		}
		else {
			wanted.putAll(quantities);
		}
		List<Movement> journal = new ArrayList<>();
		for (Map.Entry<UUID, Integer> w : wanted.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
			int can = returnable.getOrDefault(w.getKey(), 0);
			if (w.getValue() > can) {
				throw new ApiException(ProblemType.BUSINESS_RULE,
						"Only " + can + " of this item were sold to the order and not yet returned",
						Map.of("variantId", w.getKey(), "wanted", w.getValue(), "returnable", can));
			}
			var after = dsl.update(INVENTORY_LEVELS)
				.set(INVENTORY_LEVELS.ON_HAND, INVENTORY_LEVELS.ON_HAND.plus(w.getValue()))
				.set(INVENTORY_LEVELS.UPDATED_AT, DSL.currentOffsetDateTime())
				.where(INVENTORY_LEVELS.TENANT_ID.eq(tenant()), INVENTORY_LEVELS.VARIANT_ID.eq(w.getKey()),
						INVENTORY_LEVELS.LOCATION_ID.eq(soldAt.get(w.getKey())))
				.returningResult(INVENTORY_LEVELS.ON_HAND, INVENTORY_LEVELS.RESERVED)
				.fetchOne();
			if (after == null) {
				throw new ApiException(ProblemType.BUSINESS_RULE, "This item's stock level no longer exists",
						Map.of("variantId", w.getKey()));
			}
			journal.add(new Movement(w.getKey(), soldAt.get(w.getKey()), MovementReason.RETURN, w.getValue(), 0,
					after.value1(), after.value2()));
		}
		journal(orderId, journal);
		List<UUID> flipped = journal.stream()
			.filter(m -> m.onHandAfter() - m.reservedAfter() == m.onHandChange())
			.map(Movement::variantId)
			.toList();
		if (!flipped.isEmpty()) {
			announce(variantsProducts(flipped));
		}
		Map<UUID, Integer> returned = new LinkedHashMap<>();
		journal.forEach(m -> returned.put(m.variantId(), m.onHandChange()));
		return returned;
	}

	/**
	 * Moves the order's reservations from one status to another in one statement and applies, for exactly
	 * the rows it moved, the given per-unit change of on hand and reserved.
	 */
	private int settle(UUID orderId, String from, String to, MovementReason reason, int onHandSign, int reservedSign) {
		List<SettledHold> moved = new ArrayList<>(MOVE_HOLDS
			.fetch(dsl, Map.of("tenant", tenant(), "orderId", orderId, "from", from, "to", to))
			.map(r -> new SettledHold(r.get(0, UUID.class), r.get(1, UUID.class), r.get(2, Integer.class))));
		// Levels in a fixed order, as holds take them, so two settlements never wait on each other in a cycle.
		moved.sort(Comparator.comparing(SettledHold::variantId).thenComparing(SettledHold::locationId));
		List<Movement> journal = new ArrayList<>();
		for (SettledHold r : moved) {
			int onHand = onHandSign * r.quantity();
			int reserved = reservedSign * r.quantity();
			var after = CHANGE_LEVEL
				.fetch(dsl, Map.of("tenant", tenant(), "variantId", r.variantId(), "locationId", r.locationId(),
						"onHand", onHand, "reserved", reserved))
				.stream()
				.findFirst()
				.map(level -> new int[] { level.get(0, Integer.class), level.get(1, Integer.class) })
				.orElse(null);
			if (after == null) {
				// The level went with its product (deleted): the reservation row is then gone too, so this
				// cannot happen within one statement's view; fail loudly rather than journal a guess.
				throw new IllegalStateException("No stock level for reservation of order " + orderId);
			}
			journal.add(new Movement(r.variantId(), r.locationId(), reason, onHand, reserved, after[0], after[1]));
		}
		journal(orderId, journal);
		List<UUID> flipped = journal.stream()
			.filter(m -> (m.onHandAfter() - m.reservedAfter() > 0) != (m.onHandAfter() - m.reservedAfter()
					- (m.onHandChange() - m.reservedChange()) > 0))
			.map(Movement::variantId)
			.toList();
		if (!flipped.isEmpty()) {
			announce(variantsProducts(flipped));
		}
		return moved.size();
	}

	/**
	 * Holds up to {@code wanted} at one level, as much as is available when it is decided, and writes the
	 * reservation and its journal entry: one statement, so a concurrent checkout sees all or none of it,
	 * and one round trip under the level's row lock. Returns what was taken (0 when nothing was available).
	 * PostgreSQL 15 cannot return a row's old values from an update, so the first CTE locks the level (FOR
	 * UPDATE waits for a concurrent writer and returns the latest committed version) and what was taken is
	 * the difference between reserved after and before.
	 */
	private ResultQuery<Record> holdAtMost(UUID orderId, UUID variantId, UUID locationId, int wanted,
			OffsetDateTime expiresAt, CurrentUser.Actor actor) {
		return dsl.resultQuery("""
				with before as (
				    select reserved from app.inventory_levels
				    where tenant_id = {1} and variant_id = {2} and location_id = {3} for update),
				held as (
				    update app.inventory_levels il
				    set reserved = il.reserved + least(il.on_hand - il.reserved, {0}), updated_at = now()
				    from before
				    where il.tenant_id = {1} and il.variant_id = {2} and il.location_id = {3}
				      and il.on_hand > il.reserved
				    returning il.on_hand, il.reserved, il.reserved - before.reserved as taken),
				reservation as (
				    insert into app.inventory_reservations (tenant_id, id, order_id, variant_id, location_id, quantity,
				                                            expires_at)
				    select {1}, {4}, {5}, {2}, {3}, taken, {6} from held),
				movement as (
				    insert into app.inventory_movements (tenant_id, id, variant_id, location_id, reason, on_hand_change,
				        reserved_change, on_hand_after, reserved_after, reference_type, reference_id, actor_type, actor_id)
				    select {1}, {7}, {2}, {3}, 'reservation', 0, taken, on_hand, reserved, 'order', {8}, {9}, {10}
				    from held)
				select taken, on_hand - reserved from held""", DSL.val(wanted), DSL.val(tenant()), DSL.val(variantId), DSL.val(locationId),
				DSL.val(Ids.next()), DSL.val(orderId), DSL.val(expiresAt, SQLDataType.TIMESTAMPWITHTIMEZONE), DSL.val(Ids.next()),
				DSL.val(orderId.toString()), DSL.val(actor.type()), DSL.val(actor.id(), SQLDataType.VARCHAR));
	}

	/** What a {@link #holdAtMost} answered: nothing when the level had nothing available. */
	private static Held held(Result<Record> answer) {
		return answer.isEmpty() ? new Held(0, 0)
				: new Held(answer.get(0).get(0, Integer.class), answer.get(0).get(1, Integer.class));
	}

	private List<UUID> variantsProducts(List<UUID> variantIds) {
		return dsl.selectDistinct(PRODUCT_VARIANTS.PRODUCT_ID)
			.from(PRODUCT_VARIANTS)
			.where(PRODUCT_VARIANTS.TENANT_ID.eq(tenant()),
					PRODUCT_VARIANTS.ID.in(variantIds))
			.fetch(PRODUCT_VARIANTS.PRODUCT_ID);
	}

	private record Movement(UUID variantId, UUID locationId, MovementReason reason, int onHandChange,
			int reservedChange, int onHandAfter, int reservedAfter) {
	}

	private void journal(UUID orderId, List<Movement> movements) {
		if (movements.isEmpty()) {
			return;
		}
		CurrentUser.Actor actor = CurrentUser.actor("system");
		UUID tenant = tenant();
		var insert = dsl.insertInto(INVENTORY_MOVEMENTS, INVENTORY_MOVEMENTS.TENANT_ID, INVENTORY_MOVEMENTS.ID,
				INVENTORY_MOVEMENTS.VARIANT_ID, INVENTORY_MOVEMENTS.LOCATION_ID, INVENTORY_MOVEMENTS.REASON,
				INVENTORY_MOVEMENTS.ON_HAND_CHANGE, INVENTORY_MOVEMENTS.RESERVED_CHANGE,
				INVENTORY_MOVEMENTS.ON_HAND_AFTER, INVENTORY_MOVEMENTS.RESERVED_AFTER,
				INVENTORY_MOVEMENTS.REFERENCE_TYPE, INVENTORY_MOVEMENTS.REFERENCE_ID, INVENTORY_MOVEMENTS.ACTOR_TYPE,
				INVENTORY_MOVEMENTS.ACTOR_ID);
		for (Movement m : movements) {
			insert = insert.values(tenant, Ids.next(), m.variantId(), m.locationId(), m.reason().value(),
					m.onHandChange(), m.reservedChange(), m.onHandAfter(), m.reservedAfter(), REFERENCE,
					orderId.toString(), actor.type(), actor.id());
		}
		insert.execute();
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
