package io.sokoni.platform.payment.mpesa;

import static io.sokoni.jooq.Tables.PAYMENT_ATTEMPTS;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import io.sokoni.platform.database.AllDatabases;
import io.sokoni.platform.payment.PaymentService;
import io.sokoni.platform.payment.mpesa.StkRepository.Attempt;
import io.sokoni.platform.payment.mpesa.StkResults.Result;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds STK attempts without a final result whose next query is due, in every database, as the
 * platform role (which reads only their keys, status and schedule), then handles each bound to its
 * tenant. Each attempt is first claimed by moving its next query forward, conditional on the schedule
 * the job saw (two instances: one claim wins, the other skips it). A pending attempt is queried (STK
 * Push Query, outside any transaction): a final ResultCode is applied like a callback's (a success with
 * the receipt a callback noted, or without one when the callback never came); "still processing"
 * (500.001.1001) or Daraja down backs off (15 s doubling, up to {@code backoff-max}). An attempt still
 * {@code recorded} after {@code recorded-grace} (Daraja never answered the push, or the instance died
 * before storing its answer) cannot be queried without a CheckoutRequestID: it is failed, so the shopper
 * can ask for a new prompt; its callback, if one still comes, is matched by the URL's nonce and goes to
 * review (money may have moved).
 */
@Component
public class MpesaReconciliationJob {

	private static final Logger log = LoggerFactory.getLogger(MpesaReconciliationJob.class);

	private static final Duration FIRST_BACKOFF = Duration.ofSeconds(15);

	private final AllDatabases databases;

	private final StkRepository stk;

	private final StkResults results;

	private final MpesaAccountService accounts;

	private final DarajaClient daraja;

	private final PaymentService payments;

	private final MpesaProperties props;

	private final MpesaHealth health;

	private final TransactionTemplate tx;

	MpesaReconciliationJob(AllDatabases databases, StkRepository stk, StkResults results, MpesaAccountService accounts,
			DarajaClient daraja, PaymentService payments, MpesaProperties props, MpesaHealth health,
			TransactionTemplate tx) {
		this.databases = databases;
		this.stk = stk;
		this.results = results;
		this.accounts = accounts;
		this.daraja = daraja;
		this.payments = payments;
		this.props = props;
		this.health = health;
		this.tx = tx;
	}

	@Scheduled(fixedDelayString = "${sokoni.mpesa.reconcile-interval:5s}",
			initialDelayString = "${sokoni.mpesa.reconcile-interval:5s}")
	void scheduled() {
		if (props.reconcileEnabled()) {
			reconcileDue();
			countBacklog();
		}
	}

	/**
	 * Counts the backlog for health after each run, so a health request never waits for a database
	 * (with one down, that is a pool's connection timeout).
	 */
	void countBacklog() {
		try {
			health.backlogCounted(overdue());
		}
		catch (RuntimeException ex) {
			log.debug("Could not count the reconciler's backlog", ex);
		}
	}

	/**
	 * Handles the attempts due now, in batches, until a batch comes back short (a backlog after an outage
	 * is worked off in one run, not a batch per interval). A batch's attempts are claimed with one
	 * statement per tenant, then queried {@code reconcile-concurrency} at a time (each mostly waits for
	 * Daraja). Returns how many reached a final state.
	 */
	public int reconcileDue() {
		AtomicInteger finished = new AtomicInteger();
		try (ExecutorService queries = Executors.newVirtualThreadPerTaskExecutor()) {
			Semaphore slots = new Semaphore(props.reconcileConcurrency());
			for (DSLContext platform : databases.all()) {
				List<Record3<UUID, UUID, OffsetDateTime>> due;
				do {
					due = due(platform);
					Map<TenantId, List<Attempt>> claimed = new LinkedHashMap<>();
					for (var tenant : byTenant(due).entrySet()) {
						TenantId tenantId = TenantId.of(tenant.getKey());
						claimed.put(tenantId, claim(tenantId, tenant.getValue()));
					}
					List<Future<?>> batch = new ArrayList<>();
					for (Map.Entry<TenantId, Attempt> next : interleaved(claimed)) {
						TenantId tenantId = next.getKey();
						Attempt attempt = next.getValue();
						slots.acquireUninterruptibly();
						batch.add(queries.submit(() -> {
							try {
								if (TenantContext.callAs(tenantId, () -> reconcile(attempt))) {
									finished.incrementAndGet();
								}
							}
							catch (RuntimeException ex) {
								log.warn("Could not reconcile STK attempt {} of tenant {}", attempt.id(), tenantId, ex);
							}
							finally {
								slots.release();
							}
						}));
					}
					awaitAll(batch);
				}
				while (due.size() == props.reconcileBatch());
			}
		}
		return finished.get();
	}

	/**
	 * The attempts one tenant after another (the first of each, then the second of each ...): the ones
	 * handled at once are of different tenants, so one tenant's backlog does not hold up the others', and
	 * their settlements seldom sell the same stock level (whose row lock each holds until it commits).
	 */
	static <T, A> List<Map.Entry<T, A>> interleaved(Map<T, List<A>> byTenant) {
		List<Map.Entry<T, A>> order = new ArrayList<>();
		int all = byTenant.values().stream().mapToInt(List::size).sum();
		for (int i = 0; order.size() < all; i++) {
			for (Map.Entry<T, List<A>> tenant : byTenant.entrySet()) {
				if (i < tenant.getValue().size()) {
					order.add(Map.entry(tenant.getKey(), tenant.getValue().get(i)));
				}
			}
		}
		return order;
	}

	private static Map<UUID, Map<UUID, OffsetDateTime>> byTenant(List<Record3<UUID, UUID, OffsetDateTime>> due) {
		Map<UUID, Map<UUID, OffsetDateTime>> byTenant = new LinkedHashMap<>();
		for (var row : due) {
			byTenant.computeIfAbsent(row.value1(), t -> new LinkedHashMap<>()).put(row.value2(), row.value3());
		}
		return byTenant;
	}

	/**
	 * Claims a tenant's due attempts by moving their next query past a lease: long enough for all of them
	 * to be queried at the job's concurrency; if this instance dies, another takes them after it. Empty
	 * when the claim fails (the next run tries again).
	 */
	private List<Attempt> claim(TenantId tenant, Map<UUID, OffsetDateTime> seenDue) {
		long rounds = (seenDue.size() + props.reconcileConcurrency() - 1) / props.reconcileConcurrency();
		OffsetDateTime lease = OffsetDateTime.now().plus(props.requestTimeout().multipliedBy(rounds)).plusSeconds(30);
		try {
			return TenantContext.callAs(tenant, () -> tx.execute(s -> stk.claimAll(seenDue, lease)));
		}
		catch (RuntimeException ex) {
			log.warn("Could not claim {} STK attempts of tenant {}", seenDue.size(), tenant, ex);
			return List.of();
		}
	}

	private List<Record3<UUID, UUID, OffsetDateTime>> due(DSLContext platform) {
		return platform.select(PAYMENT_ATTEMPTS.TENANT_ID, PAYMENT_ATTEMPTS.ID, PAYMENT_ATTEMPTS.NEXT_QUERY_AT)
			.from(PAYMENT_ATTEMPTS)
			.where(PAYMENT_ATTEMPTS.STATUS.in(DSL.inline("recorded"), DSL.inline("pending")),
					PAYMENT_ATTEMPTS.NEXT_QUERY_AT.le(DSL.currentOffsetDateTime()))
			.orderBy(PAYMENT_ATTEMPTS.NEXT_QUERY_AT)
			.limit(props.reconcileBatch())
			.fetch();
	}

	private static void awaitAll(List<Future<?>> batch) {
		for (Future<?> task : batch) {
			try {
				task.get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (ExecutionException ex) {
				// logged by the task itself
			}
		}
	}

	/** Backlog for health: open attempts whose query is overdue by more than a minute, over every database. */
	long overdue() {
		long count = 0;
		for (DSLContext platform : databases.all()) {
			count += platform.fetchCount(PAYMENT_ATTEMPTS, PAYMENT_ATTEMPTS.STATUS.in(DSL.inline("recorded"),
					DSL.inline("pending")), PAYMENT_ATTEMPTS.NEXT_QUERY_AT.lt(OffsetDateTime.now().minusSeconds(60)));
		}
		return count;
	}

	/** Queries one claimed attempt and applies a final answer, bound to its tenant. */
	private boolean reconcile(Attempt attempt) {
		UUID attemptId = attempt.id();
		if (attempt.checkoutRequestId() == null) {
			if (attempt.status().equals("recorded")
					&& attempt.createdAt().plus(props.recordedGrace()).isAfter(OffsetDateTime.now())) {
				tx.executeWithoutResult(s -> stk.reschedule(attemptId, attempt.createdAt().plus(props.recordedGrace())));
				return false;
			}
			return Boolean.TRUE.equals(tx.execute(s -> {
				boolean failed = stk.finish(attemptId, "failed", null, "no_answer",
						"Daraja's answer to the push was never stored", null);
				if (failed) {
					results.failureNoted(attempt, "failed", "no_answer", StkResults.plainReason("no_answer", null));
					payments.audit(attempt.paymentId(), "stk.failed", "system", "reconciler",
							Map.of("attemptId", attemptId, "reason", "no CheckoutRequestID after the grace period"));
				}
				return failed;
			}));
		}
		DarajaClient.StkQueryResult answer;
		try {
			MpesaAccount account = accounts.forDaraja().orElse(null);
			if (account == null) {
				backOff(attempt, "no M-Pesa account");
				return false;
			}
			answer = daraja.stkQuery(account.credentials(), account.businessShortcode(), account.passkey(),
					attempt.checkoutRequestId());
			health.darajaAnswered();
		}
		catch (DarajaException ex) {
			health.darajaFailed(ex);
			backOff(attempt, ex.getMessage());
			return false;
		}
		if (answer.processing()) {
			backOff(attempt, "still processing");
			return false;
		}
		Result result = new Result(attempt.checkoutRequestId(), answer.resultCode(), answer.resultDesc(), null,
				"0".equals(answer.resultCode()) ? attempt.mpesaReceipt() : null, null);
		var applied = tx.execute(s -> {
			payments.audit(attempt.paymentId(), "stk.queried", "system", "reconciler",
					Map.of("attemptId", attemptId, "resultCode", answer.resultCode()));
			return results.apply(attemptId, result, "system", "reconciler");
		});
		return applied != null && "applied".equals(applied.outcome());
	}

	private void backOff(Attempt attempt, String why) {
		long factor = 1L << Math.min(attempt.queryCount(), 10);
		Duration wait = FIRST_BACKOFF.multipliedBy(factor);
		if (wait.compareTo(props.backoffMax()) > 0) {
			wait = props.backoffMax();
		}
		OffsetDateTime next = OffsetDateTime.now().plus(wait);
		tx.executeWithoutResult(s -> stk.reschedule(attempt.id(), next));
		log.debug("STK attempt {} not final ({}); next query at {}", attempt.id(), why, next);
	}

}
