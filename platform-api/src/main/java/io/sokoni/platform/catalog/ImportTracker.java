package io.sokoni.platform.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.audit.AuditTrail;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The import record's own short transactions: progress commits on its own (also while an
 * all-or-nothing import holds its products in an open transaction), so it is visible as it goes.
 */
@Component
class ImportTracker {

	private final ImportRepository imports;

	private final AuditTrail audit;

	ImportTracker(ImportRepository imports, AuditTrail audit) {
		this.imports = imports;
		this.audit = audit;
	}

	@Transactional
	UUID create(UUID storeId, String format, String mode, int totalRows, String createdBy) {
		UUID id = Ids.next();
		imports.insert(id, storeId, format, mode, totalRows, createdBy);
		audit.record("catalog.import_started", "catalog_import", id,
				Map.of("storeId", storeId, "format", format, "mode", mode, "rows", totalRows));
		return id;
	}

	@Transactional(readOnly = true)
	Optional<CatalogImport> find(UUID id) {
		return imports.find(id);
	}

	/** False when the import is no longer running (declared interrupted): its worker must stop. */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	boolean progress(UUID id, int processedRows, int savedRows, int errorRows, List<ImportError> errors) {
		return imports.progress(id, processedRows, savedRows, errorRows, errors);
	}

	/** {@link #progress} in the caller's transaction (that of the products it counts). */
	@Transactional(propagation = Propagation.MANDATORY)
	boolean progressWithin(UUID id, int processedRows, int savedRows, int errorRows, List<ImportError> errors) {
		return imports.progress(id, processedRows, savedRows, errorRows, errors);
	}

	@Transactional
	void heartbeat(Collection<UUID> ids) {
		imports.heartbeat(ids);
	}

	/** Ends the import, audited as the user who started it (the worker thread has no signed-in user). */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	void finish(UUID id, String status, int processedRows, int savedRows, int errorRows, List<ImportError> errors,
			String startedBy) {
		finishWithin(id, status, processedRows, savedRows, errorRows, errors, startedBy);
	}

	/**
	 * {@link #finish} in the caller's transaction (that of the products it saved). False, with nothing
	 * recorded, when the import is no longer running.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	boolean finishWithin(UUID id, String status, int processedRows, int savedRows, int errorRows,
			List<ImportError> errors, String startedBy) {
		if (!imports.finish(id, status, processedRows, savedRows, errorRows, errors)) {
			return false;
		}
		audit.recordAs(startedBy == null ? "system" : "user", startedBy, "catalog.import_finished", "catalog_import",
				id, Map.of("status", status, "savedRows", savedRows, "errorRows", errorRows));
		return true;
	}

}
