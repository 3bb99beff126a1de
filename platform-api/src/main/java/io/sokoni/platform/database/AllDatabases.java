package io.sokoni.platform.database;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sokoni.tenant.DatabaseRegistry;
import io.sokoni.tenant.RegisteredDatabase;
import io.sokoni.tenant.TenantRouterProperties;
import jakarta.annotation.PreDestroy;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.springframework.boot.jooq.autoconfigure.ExceptionTranslatorExecuteListener;
import org.springframework.stereotype.Component;

/**
 * Every database that holds tenant rows: the shared one and each active dedicated database. Each is
 * reached as the platform role, which exists in every registered database, through a small pool of its
 * own; the cross-tenant background work (outbox relay and monitor, cart abandonment, expiry of unpaid
 * stock holds) finds due rows here, reading only the columns granted to that role. The list of
 * dedicated databases is re-read every few seconds so a newly registered one is served without a
 * restart.
 */
@Component
public class AllDatabases {

	private final PlatformDatabase shared;

	private final DatabaseRegistry registry;

	private final TenantRouterProperties props;

	private final Map<UUID, HikariDataSource> pools = new ConcurrentHashMap<>();

	private final LoadingCache<String, List<RegisteredDatabase>> dedicated;

	AllDatabases(PlatformDatabase shared, DatabaseRegistry registry, TenantRouterProperties props) {
		this.shared = shared;
		this.registry = registry;
		this.props = props;
		this.dedicated = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(10)).build(k -> registry.activeDedicated());
	}

	/** The shared database first, then the dedicated ones. */
	public List<DSLContext> all() {
		List<DSLContext> all = new ArrayList<>();
		all.add(shared.dsl());
		for (RegisteredDatabase db : dedicated.get("all")) {
			all.add(dsl(pools.computeIfAbsent(db.id(), id -> open(db))));
		}
		return all;
	}

	private HikariDataSource open(RegisteredDatabase db) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("platform-" + db.name());
		config.setJdbcUrl(db.jdbcUrl());
		config.setUsername(props.platformUsername());
		config.setPassword(props.platformPassword());
		config.setMaximumPoolSize(2);
		config.setMinimumIdle(0);
		config.setConnectionTimeout(props.connectionTimeout().toMillis());
		config.setInitializationFailTimeout(-1);
		return new HikariDataSource(config);
	}

	private static DSLContext dsl(HikariDataSource dataSource) {
		DefaultConfiguration configuration = new DefaultConfiguration();
		configuration.set(SQLDialect.POSTGRES);
		configuration.set(dataSource);
		configuration.set(new DefaultExecuteListenerProvider(ExceptionTranslatorExecuteListener.DEFAULT));
		return DSL.using(configuration);
	}

	@PreDestroy
	void close() {
		pools.values().forEach(HikariDataSource::close);
	}

}
