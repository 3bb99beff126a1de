package io.sokoni.platform.search;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Chooses the search: PostgreSQL when {@code sokoni.search.meilisearch.url} is blank, else Meilisearch
 * with the configured fallback. Prepares the index in the background once the application is up (a
 * Meilisearch that is down must not stop the platform from starting; the indexer retries).
 */
@Configuration(proxyBeanMethods = false)
class SearchConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SearchConfiguration.class);

	@Bean
	@Conditional(MeilisearchConfigured.class)
	MeilisearchClient meilisearchClient(SearchProperties props) {
		return new MeilisearchClient(props.meilisearch());
	}

	@Bean
	ProductSearch productSearch(SearchProperties props, SearchRepository repository,
			PlatformTransactionManager transactionManager, ObjectProvider<MeilisearchClient> meilisearch) {
		ProductSearch postgres = new PostgresProductSearch(repository, transactionManager);
		MeilisearchClient client = meilisearch.getIfAvailable();
		if (client == null) {
			log.info("Product search: PostgreSQL full-text (no Meilisearch configured)");
			return postgres;
		}
		log.info("Product search: Meilisearch index {}, fallback {}", client.indexUid(), props.fallback());
		return new MeilisearchProductSearch(client, postgres, props.fallback());
	}

	@EventListener(ApplicationReadyEvent.class)
	void prepareIndex(ApplicationReadyEvent ready) {
		MeilisearchClient client = ready.getApplicationContext().getBeanProvider(MeilisearchClient.class).getIfAvailable();
		if (client != null) {
			Thread.ofVirtual().name("meilisearch-setup").start(() -> {
				try {
					client.ensureIndex();
				}
				catch (RuntimeException ex) {
					log.warn("Meilisearch index not prepared yet (retried on the next indexing): {}", ex.toString());
				}
			});
		}
	}

	/** True when a Meilisearch URL is configured. */
	static class MeilisearchConfigured implements org.springframework.context.annotation.Condition {

		@Override
		public boolean matches(org.springframework.context.annotation.ConditionContext context,
				org.springframework.core.type.AnnotatedTypeMetadata metadata) {
			String url = context.getEnvironment().getProperty("sokoni.search.meilisearch.url");
			return url != null && !url.isBlank();
		}

	}

}
