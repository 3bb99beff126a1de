package io.sokoni.platform.catalog;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.sokoni.platform.auth.CurrentUser;
import io.sokoni.platform.store.Store;
import io.sokoni.platform.store.StoreService;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.StrictJsonRequests;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk catalog imports: the body is read and the import recorded (committed) while the request waits;
 * the rows are then checked and saved by a small pool of workers, each bound to the tenant that sent
 * them, while the import record shows how far it got.
 */
@Service
public class ImportService {

	/** Rows one import may hold; reading stops at the next one (413). */
	static final int MAX_ROWS = 100_000;

	private static final int RETRY_AFTER_SECONDS = 30;

	private static final Logger log = LoggerFactory.getLogger(ImportService.class);

	/** The imports queued or running in this instance, and their tenants. */
	private final Map<UUID, TenantId> active = new ConcurrentHashMap<>();

	private final StoreService stores;

	private final ImportTracker tracker;

	private final ImportJob job;

	private final JsonMapper json;

	private final ExecutorService workers;

	/** Imports being read, queued or running in this instance. */
	private final Semaphore admitted;

	ImportService(StoreService stores, ImportTracker tracker, ImportJob job, JsonMapper json,
			CatalogProperties props) {
		this.stores = stores;
		this.tracker = tracker;
		this.job = job;
		this.json = StrictJsonRequests.strict(json); // prices and counts stay integers, as in every request body
		this.admitted = new Semaphore(props.importMaxConcurrent());
		this.workers = new ThreadPoolExecutor(props.importWorkers(), props.importWorkers(), 0, TimeUnit.SECONDS,
				props.importQueueCapacity() == 0 ? new SynchronousQueue<>()
						: new ArrayBlockingQueue<>(props.importQueueCapacity()),
				Thread.ofPlatform().name("catalog-import-", 1).daemon(true).factory());
	}

	/**
	 * Starts an import of products into a store; {@code format} is csv or json, {@code mode}
	 * all_or_nothing or valid_only. The body is read here, as a stream, after the caller's role was
	 * checked; at most {@code import-max-concurrent} imports are read, queued or run at once in this
	 * instance (each holds its rows in memory until it is done), more get 429 with Retry-After. Answers the
	 * import as recorded, before its rows are processed.
	 */
	public CatalogImport start(UUID storeId, String format, String mode, InputStream body) {
		if (!admitted.tryAcquire()) {
			throw new ApiException(ProblemType.TOO_MANY_REQUESTS,
					"Too many imports are running; send this one again in a minute",
					Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS));
		}
		UUID id;
		try {
			id = read(storeId, format, mode, body);
		}
		catch (RuntimeException ex) {
			admitted.release(); // no worker took it
			throw ex;
		}
		return get(id);
	}

	/**
	 * Reads the body and hands the import to a worker, which releases its admission when done. Returns the
	 * import's id once a worker has it; throws (and no worker has it) otherwise.
	 */
	private UUID read(UUID storeId, String format, String mode, InputStream body) {
		Store store = stores.find(storeId).orElseThrow(() -> ApiException.notFound("Store"));
		List<ImportItem> items = "csv".equals(format) ? ImportReader.readCsv(body, storeId, MAX_ROWS)
				: ImportReader.readJson(json, body, storeId, MAX_ROWS);
		int totalRows = items.stream().mapToInt(ImportItem::rowCount).sum();
		if (totalRows == 0) {
			throw new ApiException(ProblemType.MALFORMED_REQUEST, "The import holds no rows");
		}
		String startedBy = CurrentUser.find().map(u -> u.id().toString()).orElse(null);
		UUID id = tracker.create(storeId, format, mode, totalRows, startedBy);
		TenantId tenant = TenantContext.require();
		ImportJob.Task task = new ImportJob.Task(id, store.currency(), mode, items, totalRows, startedBy);
		active.put(id, tenant);
		try {
			workers.execute(() -> {
				try {
					TenantContext.runAs(tenant, () -> job.run(task));
				}
				finally {
					active.remove(id);
					admitted.release();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			active.remove(id);
			tracker.finish(id, "failed", 0, 0, 0,
					List.of(new ImportError(null, null, null, "The server was too busy; nothing was imported")),
					startedBy);
			throw new ApiException(ProblemType.TOO_MANY_REQUESTS,
					"Too many imports are running; send this one again in a minute",
					Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS));
		}
		return id;
	}

	public CatalogImport get(UUID id) {
		return tracker.find(id).orElseThrow(() -> ApiException.notFound("Import"));
	}

	/**
	 * Keeps the imports queued or running here marked alive, so that {@link InterruptedImportSweep}
	 * declares interrupted only those whose instance stopped or died.
	 */
	@Scheduled(fixedDelayString = "${sokoni.catalog.import-heartbeat-interval:30s}")
	void heartbeat() {
		Map<TenantId, List<UUID>> byTenant = new HashMap<>();
		active.forEach((id, tenant) -> byTenant.computeIfAbsent(tenant, t -> new ArrayList<>()).add(id));
		byTenant.forEach((tenant, ids) -> {
			try {
				TenantContext.runAs(tenant, () -> tracker.heartbeat(ids));
			}
			catch (RuntimeException ex) {
				log.warn("Could not record that catalog imports {} are alive: {}", ids, ex.toString());
			}
		});
	}

	/** Whether the import is queued or running in this instance. */
	boolean isActive(UUID id) {
		return active.containsKey(id);
	}

	/**
	 * Imports still queued or running when the application stops are left "running" until the sweep
	 * declares them interrupted; they must be sent again.
	 */
	@PreDestroy
	void stop() {
		workers.shutdownNow();
	}

}
