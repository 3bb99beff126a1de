package io.sokoni.platform.catalog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.sokoni.platform.database.PlatformDatabase;
import io.sokoni.platform.outbox.OutboxEvent;
import io.sokoni.platform.outbox.OutboxEventsDelivered;
import io.sokoni.tenant.TenantId;
import io.sokoni.tenant.TenantRouterProperties;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps every instance's storefront cache in step with catalog changes. The instance whose relay
 * delivered a tenant's product or category events drops what they may change at once (product events:
 * the tenant's lists and searches and those products' pages; a category event: all of the tenant's
 * answers) and tells the others with a PostgreSQL {@code NOTIFY} on the platform database
 * ({@code instance:tenant} or {@code instance:tenant:product,product,…}); each instance {@code LISTEN}s
 * on its own connection and does the same when told. A listener that lost its connection reconnects
 * and drops everything (it may have missed notices). The cache's TTL is only the bound for what no
 * event announces.
 */
@Component
class StorefrontCacheInvalidation implements SmartLifecycle {

	static final String CHANNEL = "sokoni_storefront_changed";

	/** The longest notice payload sent (PostgreSQL refuses 8000 bytes and more). */
	private static final int MAX_NOTICE = 7900;

	private static final Logger log = LoggerFactory.getLogger(StorefrontCacheInvalidation.class);

	/** Names this instance in its notices, so it skips its own (it has already acted on them). */
	private final String instance = UUID.randomUUID().toString();

	private final StorefrontCatalogService storefront;

	private final PlatformDatabase platform;

	private final TenantRouterProperties db;

	private volatile boolean running;

	private Thread listener;

	StorefrontCacheInvalidation(StorefrontCatalogService storefront, PlatformDatabase platform,
			TenantRouterProperties db) {
		this.storefront = storefront;
		this.platform = platform;
		this.db = db;
	}

	@EventListener
	void onDelivered(OutboxEventsDelivered delivered) {
		if (!delivered.anyOf("product") && !delivered.anyOf("category")) {
			return;
		}
		String change = delivered.tenant().value().toString();
		if (delivered.anyOf("category")) {
			storefront.invalidate(delivered.tenant());
		}
		else {
			Set<UUID> products = delivered.events()
				.stream()
				.filter(e -> e.aggregateType().equals("product"))
				.map(OutboxEvent::aggregateId)
				.collect(Collectors.toSet());
			storefront.invalidateProducts(delivered.tenant(), products);
			String named = change + ":" + products.stream().map(UUID::toString).collect(Collectors.joining(","));
			// A notice holds under 8000 bytes: a longer list is sent as the whole tenant.
			change = named.length() <= MAX_NOTICE ? named : change;
		}
		try {
			platform.dsl().select(DSL.field("pg_notify(?, ?)", Object.class, CHANNEL, instance + ":" + change)).execute();
		}
		catch (RuntimeException ex) {
			// The other instances' entries then live out their TTL; this instance is already current.
			log.warn("Could not tell other instances that tenant {}'s catalog changed", delivered.tenant(), ex);
		}
	}

	@Override
	public void start() {
		running = true;
		listener = Thread.ofPlatform().daemon().name("storefront-cache-listener").start(this::listen);
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

	private void listen() {
		while (running) {
			try (Connection connection = DriverManager.getConnection(db.url(), db.platformUsername(),
					db.platformPassword()); Statement statement = connection.createStatement()) {
				statement.execute("LISTEN " + CHANNEL);
				storefront.invalidateAll(); // notices sent before we listened (or while we were away) are lost
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
					log.warn("Storefront cache listener lost its connection; reconnecting in 1 s", ex);
					sleep();
				}
			}
		}
	}

	/** {@code instance:tenant} or {@code instance:tenant:product,product,…}; this instance's own are skipped. */
	void onNotice(String payload) {
		String[] parts = payload.split(":", 3);
		if (parts.length < 2 || parts[0].equals(instance)) {
			return;
		}
		Optional<TenantId> tenant = TenantId.parse(parts[1]);
		if (tenant.isEmpty()) {
			return;
		}
		if (parts.length == 2) {
			storefront.invalidate(tenant.get());
			return;
		}
		try {
			storefront.invalidateProducts(tenant.get(),
					Arrays.stream(parts[2].split(",")).map(UUID::fromString).collect(Collectors.toSet()));
		}
		catch (IllegalArgumentException malformed) {
			storefront.invalidate(tenant.get());
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

}
