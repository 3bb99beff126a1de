package io.sokoni.tenant;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires the router: a runtime pool for the shared database, a small platform pool for the registry and
 * host look-ups, the routing {@code dataSource} the application uses, and the transaction manager that
 * binds the tenant to every transaction. Runs before Boot's DataSource auto-configuration, which then
 * backs off.
 */
@AutoConfiguration(beforeName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration" })
@EnableConfigurationProperties(TenantRouterProperties.class)
public class TenantRouterAutoConfiguration {

	@Bean(destroyMethod = "close")
	HikariDataSource sharedRuntimeDataSource(TenantRouterProperties props) {
		return pool("shared-runtime", props.url(), props.runtimeUsername(), props.runtimePassword(),
				props.poolSize(), props);
	}

	@Bean(destroyMethod = "close")
	HikariDataSource platformDataSource(TenantRouterProperties props) {
		return pool("platform", props.url(), props.platformUsername(), props.platformPassword(),
				props.platformPoolSize(), props);
	}

	@Bean
	DatabaseRegistry databaseRegistry(@Qualifier("platformDataSource") DataSource platform) {
		return new DatabaseRegistry(platform);
	}

	@Bean(destroyMethod = "close")
	TenantDatabaseRouter tenantDatabaseRouter(@Qualifier("sharedRuntimeDataSource") HikariDataSource shared,
			DatabaseRegistry registry, TenantRouterProperties props) {
		return new TenantDatabaseRouter(shared, registry, new SecretResolver(), props.routeCacheTtl(),
				props.dedicatedIdleTimeout(), props.connectionTimeout());
	}

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService tenantPoolReaper(TenantDatabaseRouter router, TenantRouterProperties props) {
		ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "tenant-pool-reaper");
			t.setDaemon(true);
			return t;
		});
		long period = Math.max(1, props.dedicatedIdleTimeout().toSeconds() / 2);
		reaper.scheduleWithFixedDelay(router::closeIdlePools, period, period, TimeUnit.SECONDS);
		return reaper;
	}

	@Bean
	@Primary
	DataSource dataSource(TenantDatabaseRouter router) {
		return new TenantRoutingDataSource(router);
	}

	@Bean
	@Primary
	PlatformTransactionManager transactionManager(DataSource dataSource, TenantDatabaseRouter router) {
		return new TenantBindingTransactionManager(dataSource, router::invalidateRoute, router::connectionLost);
	}

	@Bean
	HostTenantResolver hostTenantResolver(@Qualifier("platformDataSource") DataSource platform,
			TenantRouterProperties props) {
		return new HostTenantResolver(platform, props.hostCacheTtl(), props.unknownHostCacheTtl());
	}

	@Bean
	TenantDirectory tenantDirectory(@Qualifier("platformDataSource") DataSource platform,
			TenantRouterProperties props) {
		return new TenantDirectory(platform, props.tenantStatusTtl());
	}

	private static HikariDataSource pool(String name, String url, String user, String password, int size,
			TenantRouterProperties props) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(name);
		config.setJdbcUrl(url);
		config.setUsername(user);
		config.setPassword(password);
		config.setMaximumPoolSize(size);
		config.setConnectionTimeout(props.connectionTimeout().toMillis());
		// Start even when the database is briefly unreachable; requests fail with 503 until it is back.
		config.setInitializationFailTimeout(-1);
		return new HikariDataSource(config);
	}

}
