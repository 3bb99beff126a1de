package io.sokoni.platform.search;

import java.util.List;

import io.sokoni.platform.search.SearchRepository.HitRow;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Full-text search in PostgreSQL, under row level security: the platform's search when no Meilisearch
 * is configured, and the fallback while it is down.
 */
class PostgresProductSearch implements ProductSearch {

	private final SearchRepository repository;

	private final TransactionTemplate reads;

	PostgresProductSearch(SearchRepository repository, PlatformTransactionManager transactionManager) {
		this.repository = repository;
		this.reads = new TransactionTemplate(transactionManager);
		this.reads.setReadOnly(true);
	}

	@Override
	public Results search(Query query) {
		List<HitRow> rows = reads.execute(status -> repository.search(query));
		long total = rows.isEmpty() ? 0 : rows.get(0).total();
		return new Results(rows.stream().map(HitRow::hit).toList(), total);
	}

}
