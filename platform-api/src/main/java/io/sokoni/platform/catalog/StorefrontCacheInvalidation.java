package io.sokoni.platform.catalog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.sokoni.platform.database.PlatformDatabase;
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
 * delivered a tenant's product or category events drops that tenant's answers at once and tells the
 * others with a PostgreSQL {@code NOTIFY} on the platform database; each instance {@code LISTEN}s on
 * its own connection and drops the tenant's answers when told. A listener that lost its connection
 * reconnects and drops everything (it may have missed notices). The cache's TTL is only the bound for
 * what no event announces.
 */
@Component
class StorefrontCacheInvalidation implements SmartLifecycle {

	static final String CHANNEL = "sokoni_storefront_changed";

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
		storefront.invalidate(delivered.tenant());
		try {
			platform.dsl()
				.select(DSL.field("pg_notify(?, ?)", Object.class, CHANNEL, instance + ":" + delivered.tenant().value()))
				.execute();
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

	private void onNotice(String payload) {
		int colon = payload.indexOf(':');
		if (colon < 0 || payload.substring(0, colon).equals(instance)) {
			return;
		}
		TenantId.parse(payload.substring(colon + 1)).ifPresent(storefront::invalidate);
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
