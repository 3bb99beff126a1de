package io.sokoni.platform.database;

import javax.sql.DataSource;

import org.jooq.SQLDialect;
import org.jooq.impl.DataSourceConnectionProvider;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultDSLContext;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.jooq.autoconfigure.ExceptionTranslatorExecuteListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The narrow cross-tenant path: jOOQ over the platform role's pool (platform tables only) with its own
 * transaction manager, {@code @Transactional(transactionManager = PlatformDatabase.TX)}. Everything
 * else uses Boot's DSLContext over the tenant-routed DataSource.
 */
@Configuration(proxyBeanMethods = false)
class PlatformDatabaseConfiguration {

	@Bean
	PlatformDatabase platformDatabase(@Qualifier("platformDataSource") DataSource platformDataSource) {
		DefaultConfiguration configuration = new DefaultConfiguration();
		configuration.set(SQLDialect.POSTGRES);
		configuration.set(new DataSourceConnectionProvider(new TransactionAwareDataSourceProxy(platformDataSource)));
		// As Boot does for its own DSLContext: SQL errors become Spring's DataAccessExceptions, so a taken
		// host name is a DuplicateKeyException (409) rather than an untranslated jOOQ exception (500).
		configuration.set(new DefaultExecuteListenerProvider(ExceptionTranslatorExecuteListener.DEFAULT));
		return new PlatformDatabase(new DefaultDSLContext(configuration));
	}

	@Bean(PlatformDatabase.TX)
	JdbcTransactionManager platformTransactionManager(@Qualifier("platformDataSource") DataSource platformDataSource) {
		return new JdbcTransactionManager(platformDataSource);
	}

}
