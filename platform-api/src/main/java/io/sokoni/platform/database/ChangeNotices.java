package io.sokoni.platform.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.sokoni.tenant.TenantRouterProperties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells every instance that something it caches changed: a PostgreSQL {@code NOTIFY} on the platform
 * database ({@code instance:topic:details}), heard by one {@code LISTEN} connection per instance and
 * handed to the subscribers of that topic (storefront answers, tenant statuses and hosts, active users).
 * The publishing instance skips its own notices: it acted before sending. A listener that lost its
 * connection reconnects and tells every subscriber to drop everything (it may have missed notices).
 */
@Component
public class ChangeNotices implements SmartLifecycle {

	public static final String CHANNEL = "sokoni_changes";

	/** The longest notice payload sent (PostgreSQL refuses 8000 bytes and more). */
	public static final int MAX_DETAILS = 7800;

	private static final Logger log = LoggerFactory.getLogger(ChangeNotices.class);

	/** Names this instance in its notices, so it skips its own. */
	private final String instance = UUID.randomUUID().toString();

	private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();

	private final List<Runnable> reconnectHandlers = new CopyOnWriteArrayList<>();

	private final DataSource platform;

	private final TenantRouterProperties db;

	private volatile boolean running;

	private Thread listener;

	/**
	 * Notices are sent on a connection of their own from the platform pool (never one a transaction
	 * holds: after its commit, a statement there would run in a new transaction nobody commits).
	 */
	ChangeNotices(@Qualifier("platformDataSource") DataSource platform, TenantRouterProperties db) {
		this.platform = platform;
		this.db = db;
	}

	/**
	 * Calls {@code onNotice} with the details of every other instance's notice on the topic, and
	 * {@code dropAll} whenever notices may have been missed (start, reconnection).
	 */
	public void subscribe(String topic, Consumer<String> onNotice, Runnable dropAll) {
		if (topic.contains(":") || subscribers.putIfAbsent(topic, new Subscriber(onNotice)) != null) {
			throw new IllegalArgumentException("Topic " + topic + " is taken or malformed");
		}
		reconnectHandlers.add(dropAll);
	}

	/** Tells the other instances now. Failures are logged: their entries then live out their TTL. */
	public void publish(String topic, String details) {
		try (Connection connection = platform.getConnection();
				PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
			notify.setString(1, CHANNEL);
			notify.setString(2, instance + ":" + topic + ":" + details);
			notify.execute();
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
		}
		catch (SQLException | RuntimeException ex) {
			log.warn("Could not tell other instances of change {}:{}", topic, details, ex);
		}
	}

	/**
	 * Runs {@code local} and tells the other instances once the current transaction has committed (at
	 * once when none is active): done before the commit, a concurrent reader could load the old row
	 * again between the invalidation and the commit and keep it for the cache's whole TTL.
	 */
	public void afterCommit(String topic, String details, Runnable local) {
		Runnable both = () -> {
			local.run();
			publish(topic, details);
		};
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					both.run();
				}
			});
		}
		else {
			both.run();
		}
	}

	@Override
	public void start() {
		running = true;
		listener = Thread.ofPlatform().daemon().name("change-notice-listener").start(this::listen);
	}

	@Override
	public void stop() {
		running = false;
		if (listener != null) {
			listener.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** {@code instance:topic:details}; this instance's own and unknown topics are skipped. */
	public void onNotice(String payload) {
		String[] parts = payload.split(":", 3);
		if (parts.length < 3 || parts[0].equals(instance)) {
			return;
		}
		Subscriber subscriber = subscribers.get(parts[1]);
		if (subscriber == null) {
			return;
		}
		try {
			subscriber.onNotice().accept(parts[2]);
		}
		catch (RuntimeException ex) {
			log.warn("Handling change notice {} failed", payload, ex);
		}
	}

	private void listen() {
		while (running) {
			// LISTEN holds a session: behind a transaction-pooling PgBouncer it needs the direct URL.
			try (Connection connection = DriverManager.getConnection(db.sessionUrl(), db.platformUsername(),
					db.platformPassword()); Statement statement = connection.createStatement()) {
				statement.execute("LISTEN " + CHANNEL);
				reconnectHandlers.forEach(Runnable::run); // notices sent before we listened are lost
				PGConnection notices = connection.unwrap(PGConnection.class);
				while (running) {
					PGNotification[] received = notices.getNotifications(1_000);
					if (received == null) {
						continue;
					}
					for (PGNotification notice : received) {
						onNotice(notice.getParameter());
					}
				}
			}
			catch (SQLException ex) {
				if (running) {
					log.warn("Change notice listener lost its connection; reconnecting in 1 s", ex);
					sleep();
				}
			}
		}
	}

	private void sleep() {
		try {
			Thread.sleep(1_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Subscriber(Consumer<String> onNotice) {
	}

}
