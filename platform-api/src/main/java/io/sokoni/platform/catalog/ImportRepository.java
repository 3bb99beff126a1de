package io.sokoni.platform.catalog;

import static io.sokoni.jooq.Tables.CATALOG_IMPORTS;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Records;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Catalog imports of the bound tenant: what was sent, how far processing got, what went wrong. */
@Repository
class ImportRepository {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<List<ImportError>> ERRORS = new TypeReference<>() {
	};

	private final DSLContext dsl;

	ImportRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	void insert(UUID id, UUID storeId, String format, String mode, int totalRows, String createdBy) {
		dsl.insertInto(CATALOG_IMPORTS)
			.set(CATALOG_IMPORTS.TENANT_ID, tenant())
			.set(CATALOG_IMPORTS.ID, id)
			.set(CATALOG_IMPORTS.STORE_ID, storeId)
			.set(CATALOG_IMPORTS.FORMAT, format)
			.set(CATALOG_IMPORTS.MODE, mode)
			.set(CATALOG_IMPORTS.TOTAL_ROWS, totalRows)
			.set(CATALOG_IMPORTS.CREATED_BY, createdBy)
			.execute();
	}

	Optional<CatalogImport> find(UUID id) {
		return dsl
			.select(CATALOG_IMPORTS.ID, CATALOG_IMPORTS.STORE_ID, CATALOG_IMPORTS.FORMAT, CATALOG_IMPORTS.MODE,
					CATALOG_IMPORTS.STATUS, CATALOG_IMPORTS.TOTAL_ROWS, CATALOG_IMPORTS.PROCESSED_ROWS,
					CATALOG_IMPORTS.SAVED_ROWS, CATALOG_IMPORTS.ERROR_ROWS,
					CATALOG_IMPORTS.ERRORS.convertFrom(ImportRepository::errors), CATALOG_IMPORTS.CREATED_BY,
					CATALOG_IMPORTS.CREATED_AT, CATALOG_IMPORTS.FINISHED_AT)
			.from(CATALOG_IMPORTS)
			.where(CATALOG_IMPORTS.TENANT_ID.eq(tenant()), CATALOG_IMPORTS.ID.eq(id))
			.fetchOptional(Records.mapping(CatalogImport::new));
	}

	/**
	 * Records how far a running import got (a heartbeat too); the error list is replaced when given.
	 * False when the import is no longer running: it was declared interrupted meanwhile.
	 */
	boolean progress(UUID id, int processedRows, int savedRows, int errorRows, List<ImportError> errors) {
		var update = dsl.update(CATALOG_IMPORTS)
			.set(CATALOG_IMPORTS.PROCESSED_ROWS, processedRows)
			.set(CATALOG_IMPORTS.SAVED_ROWS, savedRows)
			.set(CATALOG_IMPORTS.ERROR_ROWS, errorRows)
			.set(CATALOG_IMPORTS.HEARTBEAT_AT, DSL.currentOffsetDateTime());
		if (errors != null) {
			update = update.set(CATALOG_IMPORTS.ERRORS, jsonb(errors));
		}
		return update
			.where(CATALOG_IMPORTS.TENANT_ID.eq(tenant()), CATALOG_IMPORTS.ID.eq(id),
					CATALOG_IMPORTS.STATUS.eq("running"))
			.execute() == 1;
	}

	/** Tells the interrupted-import sweep that these imports are still queued or running here. */
	void heartbeat(Collection<UUID> ids) {
		dsl.update(CATALOG_IMPORTS)
			.set(CATALOG_IMPORTS.HEARTBEAT_AT, DSL.currentOffsetDateTime())
			.where(CATALOG_IMPORTS.TENANT_ID.eq(tenant()), CATALOG_IMPORTS.ID.in(ids),
					CATALOG_IMPORTS.STATUS.eq("running"))
			.execute();
	}

	/** Ends a running import with its final counts and errors; false when it was no longer running. */
	boolean finish(UUID id, String status, int processedRows, int savedRows, int errorRows, List<ImportError> errors) {
		return dsl.update(CATALOG_IMPORTS)
			.set(CATALOG_IMPORTS.STATUS, status)
			.set(CATALOG_IMPORTS.PROCESSED_ROWS, processedRows)
			.set(CATALOG_IMPORTS.SAVED_ROWS, savedRows)
			.set(CATALOG_IMPORTS.ERROR_ROWS, errorRows)
			.set(CATALOG_IMPORTS.ERRORS, jsonb(errors))
			.set(CATALOG_IMPORTS.FINISHED_AT, DSL.currentOffsetDateTime())
			.where(CATALOG_IMPORTS.TENANT_ID.eq(tenant()), CATALOG_IMPORTS.ID.eq(id),
					CATALOG_IMPORTS.STATUS.eq("running"))
			.execute() == 1;
	}

	private static List<ImportError> errors(JSONB json) {
		return json == null ? List.of() : JSON.readValue(json.data(), ERRORS);
	}

	private static JSONB jsonb(List<ImportError> errors) {
		return JSONB.valueOf(JSON.writeValueAsString(errors));
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
