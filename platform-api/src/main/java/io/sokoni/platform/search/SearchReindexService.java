package io.sokoni.platform.search;

import java.util.List;
import java.util.UUID;

import com.meilisearch.sdk.exceptions.MeilisearchException;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantDirectory;
import io.sokoni.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds one tenant's documents from the database: deletes every document of the tenant, then adds
 * its active products in batches (keyset pages, each read in its own short transaction, Meilisearch
 * called outside them). Repairs drift (events parked, index restored from an old snapshot). While it
 * runs the tenant's search results are incomplete: Meilisearch applies the delete before the adds.
 */
@Service
class SearchReindexService {

	private static final Logger log = LoggerFactory.getLogger(SearchReindexService.class);

	private final SearchRepository repository;

	private final MeilisearchClient meilisearch;

	private final TenantDirectory tenants;

	private final TransactionTemplate reads;

	private final int batchSize;

	SearchReindexService(SearchRepository repository, ObjectProvider<MeilisearchClient> meilisearch,
			TenantDirectory tenants, PlatformTransactionManager transactionManager, SearchProperties props) {
		this.repository = repository;
		this.meilisearch = meilisearch.getIfAvailable();
		this.tenants = tenants;
		this.reads = new TransactionTemplate(transactionManager);
		this.reads.setReadOnly(true);
		this.batchSize = props.meilisearch().batchSize();
	}

	/** What a reindex did. */
	record Reindexed(UUID tenantId, int documents) {
	}

	Reindexed reindex(UUID tenantId) {
		if (meilisearch == null) {
			throw ApiException.notFound("Search index (this platform searches without Meilisearch)");
		}
		TenantId tenant = TenantId.of(tenantId);
		if (!tenants.exists(tenant)) {
			throw ApiException.notFound("Tenant");
		}
		try {
			return TenantContext.callAs(tenant, () -> rebuild(tenant));
		}
		catch (MeilisearchException ex) {
			log.warn("Reindex of tenant {} failed: {}", tenant, ex.toString());
			throw new ApiException(ProblemType.SEARCH_UNAVAILABLE,
					"Meilisearch could not be updated; the reindex can be run again");
		}
	}

	private Reindexed rebuild(TenantId tenant) {
		meilisearch.ensureIndex();
		meilisearch.deleteTenant(tenant);
		int count = 0;
		UUID after = null;
		while (true) {
			UUID from = after;
			List<ProductDocument> page = reads.execute(status -> repository.activeDocumentsAfter(from, batchSize));
			if (page.isEmpty()) {
				break;
			}
			meilisearch.upsert(page);
			count += page.size();
			after = page.get(page.size() - 1).id();
		}
		log.info("Reindexed tenant {}: {} documents", tenant, count);
		return new Reindexed(tenant.value(), count);
	}

}
