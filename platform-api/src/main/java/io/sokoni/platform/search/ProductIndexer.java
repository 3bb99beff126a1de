package io.sokoni.platform.search;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.outbox.OutboxEvent;
import io.sokoni.platform.outbox.OutboxHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the Meilisearch index in step with the catalog. For {@code product.upserted},
 * {@code product.deleted} and {@code category.changed} (re-index the category's products) it reads the
 * current state of the products concerned (the tenant is bound by the relay) and sends it: active
 * products are added or replaced whole, others (draft, archived, gone) are deleted. Acting on current
 * state makes a repeated or late event harmless. A batch of events becomes one write and one delete.
 * Without Meilisearch configured it does nothing, so the outbox still drains.
 */
@Component
class ProductIndexer implements OutboxHandler {

	static final String PRODUCT_UPSERTED = "product.upserted";

	static final String PRODUCT_DELETED = "product.deleted";

	static final String CATEGORY_CHANGED = "category.changed";

	private static final Logger log = LoggerFactory.getLogger(ProductIndexer.class);

	private final SearchRepository repository;

	private final MeilisearchClient meilisearch;

	private final TransactionTemplate reads;

	ProductIndexer(SearchRepository repository, ObjectProvider<MeilisearchClient> meilisearch,
			PlatformTransactionManager transactionManager) {
		this.repository = repository;
		this.meilisearch = meilisearch.getIfAvailable();
		this.reads = new TransactionTemplate(transactionManager);
		this.reads.setReadOnly(true);
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of(PRODUCT_UPSERTED, PRODUCT_DELETED, CATEGORY_CHANGED);
	}

	@Override
	public void handle(OutboxEvent event) {
		index(List.of(event));
	}

	/** All or nothing: an exception fails every event of the batch, and they are retried together. */
	@Override
	public Map<UUID, RuntimeException> handleAll(List<OutboxEvent> events) {
		index(events);
		return Map.of();
	}

	private void index(List<OutboxEvent> events) {
		if (meilisearch == null) {
			return;
		}
		Set<UUID> productIds = new LinkedHashSet<>();
		Set<UUID> categoryIds = new LinkedHashSet<>();
		for (OutboxEvent event : events) {
			(event.eventType().equals(CATEGORY_CHANGED) ? categoryIds : productIds).add(event.aggregateId());
		}
		// Read, then call Meilisearch outside the transaction.
		List<ProductDocument> documents = reads.execute(status -> {
			if (!categoryIds.isEmpty()) {
				productIds.addAll(repository.productIdsUnder(categoryIds));
			}
			return repository.documents(productIds);
		});
		List<ProductDocument> active = documents.stream().filter(ProductDocument::active).toList();
		Set<UUID> gone = new LinkedHashSet<>(productIds);
		active.forEach(d -> gone.remove(d.id()));
		meilisearch.ensureIndex();
		meilisearch.upsert(active);
		meilisearch.delete(gone);
		log.debug("Indexed {} products, removed {} from the index", active.size(), gone.size());
	}

}
