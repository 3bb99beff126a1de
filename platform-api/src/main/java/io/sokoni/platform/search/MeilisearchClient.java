package io.sokoni.platform.search;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import com.meilisearch.sdk.Client;
import com.meilisearch.sdk.Config;
import com.meilisearch.sdk.Index;
import com.meilisearch.sdk.SearchRequest;
import com.meilisearch.sdk.exceptions.MeilisearchException;
import com.meilisearch.sdk.model.Settings;
import com.meilisearch.sdk.model.Task;
import com.meilisearch.sdk.model.TaskInfo;
import com.meilisearch.sdk.model.TaskStatus;
import io.sokoni.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one adapter to Meilisearch (meilisearch-java): the products index, its settings, document writes
 * that are confirmed (each write is an asynchronous task; {@code waitForTask} returns normally when a task
 * FAILED, so the task's status is read and checked), and raw searches.
 */
class MeilisearchClient {

	private static final Logger log = LoggerFactory.getLogger(MeilisearchClient.class);

	/** Documents and hits are snake_case on the wire. */
	static final JsonMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

	static final String[] SEARCHABLE = { "name", "brand", "category_names", "variant_skus", "description" };

	static final String[] FILTERABLE = { "tenant_id", "store_id", "status", "category_ids", "price_cents",
			"in_stock" };

	static final String[] SORTABLE = { "price_cents", "created_at", "name" };

	private static final int POLL_INTERVAL_MS = 20;

	private final Client client;

	private final Index index;

	private final SearchProperties.Meilisearch props;

	private volatile boolean ready;

	MeilisearchClient(SearchProperties.Meilisearch props) {
		this.props = props;
		this.client = new Client(new Config(props.url(), props.apiKey()));
		this.index = client.index(props.index());
	}

	String indexUid() {
		return props.index();
	}

	/**
	 * Creates the index (primary key {@code id}) if missing and applies the settings, once per process;
	 * retried on the next write while Meilisearch cannot be reached. Settings come before documents:
	 * changing them later re-indexes everything.
	 */
	void ensureIndex() {
		if (ready) {
			return;
		}
		Task created = await(client.createIndex(props.index(), "id"), false);
		if (created.getStatus() != TaskStatus.SUCCEEDED
				&& (created.getError() == null || !"index_already_exists".equals(created.getError().getCode()))) {
			throw failed(created);
		}
		Settings settings = new Settings().setSearchableAttributes(SEARCHABLE)
			.setFilterableAttributes(FILTERABLE)
			.setSortableAttributes(SORTABLE);
		await(index.updateSettings(settings), true);
		ready = true;
		log.info("Meilisearch index {} ready (settings applied)", props.index());
	}

	/** Adds or replaces documents (whole documents: the current state), in batches; confirmed. */
	void upsert(List<ProductDocument> documents) {
		for (int from = 0; from < documents.size(); from += props.batchSize()) {
			List<ProductDocument> batch = documents.subList(from, Math.min(documents.size(), from + props.batchSize()));
			await(index.addDocuments(JSON.writeValueAsString(batch), "id"), true);
		}
	}

	/** Deletes documents by id; confirmed. */
	void delete(Collection<UUID> ids) {
		if (!ids.isEmpty()) {
			await(index.deleteDocuments(ids.stream().map(UUID::toString).toList()), true);
		}
	}

	/** Deletes every document of a tenant; confirmed. */
	void deleteTenant(TenantId tenant) {
		await(index.deleteDocumentsByFilter("tenant_id = " + MeilisearchFilters.quote(tenant.toString())), true);
	}

	/** The raw JSON answer of a search. */
	String search(SearchRequest request) {
		return index.rawSearch(request);
	}

	private Task await(TaskInfo info, boolean mustSucceed) {
		index.waitForTask(info.getTaskUid(), (int) props.taskTimeout().toMillis(), POLL_INTERVAL_MS);
		Task task = client.getTask(info.getTaskUid());
		if (mustSucceed && task.getStatus() != TaskStatus.SUCCEEDED) {
			throw failed(task);
		}
		return task;
	}

	private static IndexingFailedException failed(Task task) {
		String reason = task.getError() == null ? "no error given"
				: task.getError().getCode() + ": " + task.getError().getMessage();
		return new IndexingFailedException(
				"Meilisearch task " + task.getUid() + " (" + task.getType() + ") " + task.getStatus() + ": " + reason);
	}

	/** A Meilisearch task ended other than succeeded. */
	static class IndexingFailedException extends MeilisearchException {

		IndexingFailedException(String message) {
			super(message);
		}

	}

}
