package io.sokoni.platform.whatsapp.outbound;

import static io.sokoni.jooq.Tables.WHATSAPP_NOTIFICATIONS;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.sokoni.jooq.tables.records.WhatsappNotificationsRecord;
import io.sokoni.platform.database.AllDatabases;
import io.sokoni.platform.whatsapp.NotificationsQueued;
import io.sokoni.platform.whatsapp.account.WhatsAppAccount;
import io.sokoni.platform.whatsapp.account.WhatsAppAccountService;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers every queued WhatsApp message (order notifications, inbound's cart replies, merchant replies)
 * within Meta's rules:
 * <ul>
 * <li>Claims: tenants with due rows are found as the platform role (keys and schedule only); each
 * tenant's rows are claimed bound to it, {@code FOR UPDATE SKIP LOCKED} with the status checked again
 * on the locked row, so any number of senders in any number of instances never claim a row twice. A
 * claim is a lease (a sender that dies is replaced after it) and counts an attempt.</li>
 * <li>The thread decides: opted out (STOP) → {@code skipped}; inside the 24-hour window (the shopper's
 * last message) the free-form text goes, outside it the configured template; neither possible →
 * {@code skipped} with the reason. Meta answering 131047 to a text falls back to the template at once.</li>
 * <li>Throttling (130429...) and server failures back off exponentially; after {@code max-attempts}, or a
 * final refusal (131026, an invalid token, a bad request), the row is {@code parked} with Meta's error for
 * the merchant (admin API) to see and retry. No answer in time is parked too: the message may have gone,
 * and sending it again could deliver it twice.</li>
 * <li>Sends per business number are limited ({@link SendRateLimiter}); the Graph call happens outside any
 * transaction; on success the wamid and an outbound {@code whatsapp_messages} row are stored.</li>
 * </ul>
 * Call {@link #wake()} after queueing a row to have it sent at once instead of at the next poll.
 */
@Component
public class NotificationSender {

	private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration WINDOW = Duration.ofHours(24);

	private final AllDatabases databases;

	private final NotificationRepository notifications;

	private final WhatsAppAccountService accounts;

	private final GraphApiClient graph;

	private final SendRateLimiter limiter;

	private final OutboundProperties props;

	private final SentNotifications sentNotifications;

	private final TransactionTemplate tx;

	private final Semaphore wakeup = new Semaphore(0);

	private final ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor();

	private final Semaphore slots;

	private volatile Thread poller;

	private volatile boolean running;

	NotificationSender(AllDatabases databases, NotificationRepository notifications, WhatsAppAccountService accounts,
			GraphApiClient graph, SendRateLimiter limiter, OutboundProperties props, SentNotifications sentNotifications,
			TransactionTemplate tx) {
		this.databases = databases;
		this.notifications = notifications;
		this.sentNotifications = sentNotifications;
		this.accounts = accounts;
		this.graph = graph;
		this.limiter = limiter;
		this.props = props;
		this.tx = tx;
		this.slots = new Semaphore(props.concurrency());
	}

	/** The inbound side queued a reply (after its commit): send it now. */
	@EventListener
	void on(NotificationsQueued queued) {
		wake();
	}

	/** Asks the sender to look for due rows now (a row was just queued). */
	public void wake() {
		if (wakeup.availablePermits() == 0) {
			wakeup.release();
		}
	}

	@PostConstruct
	void start() {
		if (!props.senderEnabled()) {
			return;
		}
		running = true;
		poller = Thread.ofPlatform().name("whatsapp-sender").daemon().start(() -> {
			while (running) {
				try {
					wakeup.tryAcquire(props.interval().toMillis(), TimeUnit.MILLISECONDS);
					wakeup.drainPermits();
					if (running) {
						round(false);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				catch (RuntimeException ex) {
					log.warn("WhatsApp sender round failed", ex);
				}
			}
		});
	}

	/** Stops claiming, and lets the sends under way record Meta's answer (up to 20 s). */
	@PreDestroy
	void stop() throws InterruptedException {
		running = false;
		Thread thread = poller;
		if (thread != null) {
			thread.interrupt();
		}
		sends.shutdown();
		sends.awaitTermination(20, TimeUnit.SECONDS);
	}

	/**
	 * One round, waiting for every send it started: every database, every tenant with due rows, until
	 * each tenant's claims come back short. Returns how many rows were worked on (sent or not).
	 */
	public int sendDue() {
		return round(true);
	}

	/**
	 * Claims due rows and hands each to a send task; at most {@code concurrency} sends are in flight, so
	 * claiming waits for a free slot. The poller does not wait for the sends it started: one slow answer
	 * from Meta never holds up the other tenants' messages.
	 */
	private int round(boolean waitForSends) {
		AtomicInteger worked = new AtomicInteger();
		List<Future<?>> started = new ArrayList<>();
		for (DSLContext platform : databases.all()) {
			for (UUID tenant : dueTenants(platform)) {
				List<WhatsappNotificationsRecord> claimed;
				do {
					claimed = TenantContext.callAs(TenantId.of(tenant), () -> tx.execute(
							s -> notifications.claim(props.batchSize(), OffsetDateTime.now().plus(props.lease()))));
					for (WhatsappNotificationsRecord row : claimed) {
						slots.acquireUninterruptibly();
						try {
							started.add(sends.submit(() -> {
								try {
									TenantContext.runAs(TenantId.of(tenant), () -> deliver(row));
									worked.incrementAndGet();
								}
								catch (RuntimeException ex) {
									log.warn("Could not deliver WhatsApp notification {} of tenant {}", row.getId(), tenant, ex);
								}
								finally {
									slots.release();
								}
							}));
						}
						catch (RejectedExecutionException ex) {
							slots.release();
							return worked.get(); // shutting down: the row's lease runs out, another sender takes it
						}
					}
				}
				while (claimed.size() == props.batchSize());
			}
		}
		if (waitForSends) {
			for (Future<?> task : started) {
				try {
					task.get();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
				catch (ExecutionException ex) {
					// logged by the task
				}
			}
		}
		return worked.get();
	}

	private List<UUID> dueTenants(DSLContext platform) {
		return platform.selectDistinct(WHATSAPP_NOTIFICATIONS.TENANT_ID)
			.from(WHATSAPP_NOTIFICATIONS)
			.where(WHATSAPP_NOTIFICATIONS.STATUS.eq(DSL.inline("pending"))
				.and(WHATSAPP_NOTIFICATIONS.NEXT_ATTEMPT_AT.le(DSL.currentOffsetDateTime()))
				.or(WHATSAPP_NOTIFICATIONS.STATUS.eq(DSL.inline("sending"))
					.and(WHATSAPP_NOTIFICATIONS.NEXT_ATTEMPT_AT.lt(DSL.currentOffsetDateTime()))))
			.limit(1000)
			.fetch(WHATSAPP_NOTIFICATIONS.TENANT_ID);
	}

	private enum Mode {
		TEXT("text"), TEMPLATE("template");

		final String sentAs;

		Mode(String sentAs) {
			this.sentAs = sentAs;
		}
	}

	/** Sends one claimed row, bound to its tenant. */
	private void deliver(WhatsappNotificationsRecord row) {
		UUID id = row.getId();
		WhatsAppAccount account = accounts.find().orElse(null);
		if (account == null) {
			finish(id, "skipped", "no WhatsApp number is connected", null, false);
			return;
		}
		NotificationRepository.Thread thread = tx.execute(s -> {
			NotificationRepository.Thread t = notifications.thread(row.getToWaId(), null);
			notifications.linkThread(id, t.id());
			return t;
		});
		if (thread.optedOutAt() != null) {
			finish(id, "skipped", "the shopper opted out (STOP)", null, false);
			return;
		}
		boolean windowOpen = thread.lastInboundAt() != null
				&& thread.lastInboundAt().isAfter(OffsetDateTime.now().minus(WINDOW));
		boolean hasText = row.getBody() != null && !row.getBody().isBlank();
		boolean hasTemplate = row.getTemplateName() != null && row.getTemplateLanguage() != null;
		Mode mode;
		if (windowOpen && hasText) {
			mode = Mode.TEXT;
		}
		else if (hasTemplate) {
			mode = Mode.TEMPLATE;
		}
		else {
			finish(id, "skipped", hasText ? "outside the 24-hour window and no approved template is configured"
					: "nothing to send", null, false);
			return;
		}
		if (!limiter.acquire(account.phoneNumberId(), Duration.ofSeconds(1))) {
			// Over the number's budget: back in line shortly, not counted as an attempt.
			finish(id, "pending", null, OffsetDateTime.now().plusSeconds(1), true);
			return;
		}
		GraphApiClient.Sent sent;
		try {
			try {
				sent = send(account, row, mode);
			}
			catch (GraphApiException ex) {
				if (ex.kind() != GraphApiException.Kind.OUTSIDE_WINDOW || mode == Mode.TEMPLATE || !hasTemplate) {
					throw ex;
				}
				// Meta says the window is closed (our last_inbound_at was late or wrong): the template goes.
				log.info("WhatsApp notification {}: 131047 for the text, sending the template", id);
				mode = Mode.TEMPLATE;
				limiter.acquire(account.phoneNumberId(), Duration.ofSeconds(1));
				sent = send(account, row, mode);
			}
		}
		catch (GraphApiException ex) {
			failed(row, ex);
			return;
		}
		String sentAs = mode.sentAs;
		String wamid = sent.wamid();
		// A status update naming this send may have recorded it first (SentNotifications): then nothing changes.
		tx.executeWithoutResult(s -> sentNotifications.record(row, thread.id(), wamid, sentAs));
	}

	private GraphApiClient.Sent send(WhatsAppAccount account, WhatsappNotificationsRecord row, Mode mode) {
		String callback = SentNotifications.callbackData(row.getId(), mode.sentAs);
		if (mode == Mode.TEXT) {
			return graph.sendText(account.sender(), row.getToWaId(), row.getBody(), callback);
		}
		return graph.sendTemplate(account.sender(), row.getToWaId(), row.getTemplateName(), row.getTemplateLanguage(),
				SentNotifications.templateParameters(row), callback);
	}

	private void failed(WhatsappNotificationsRecord row, GraphApiException ex) {
		UUID id = row.getId();
		int attempts = row.getAttempts();
		switch (ex.kind()) {
			case OUTSIDE_WINDOW -> finish(id, "skipped",
					"outside the 24-hour window (131047) and no approved template is configured", null, false);
			case THROTTLED, SERVER, UNREACHABLE -> {
				if (attempts >= props.maxAttempts()) {
					finish(id, "parked", "gave up after " + attempts + " attempts: " + ex.summary(), null, false);
				}
				else {
					finish(id, "pending", ex.summary(), OffsetDateTime.now().plus(props.backoff(attempts)), false);
				}
			}
			case TIMEOUT -> finish(id, "parked", "outcome unknown, the message may have gone (not retried "
					+ "automatically to avoid sending it twice): " + ex.summary(), null, false);
			default -> finish(id, "parked", ex.summary(), null, false);
		}
	}

	private void finish(UUID id, String status, String error, OffsetDateTime next, boolean uncount) {
		tx.executeWithoutResult(s -> notifications.finish(id, status, error, next, uncount));
	}

}
