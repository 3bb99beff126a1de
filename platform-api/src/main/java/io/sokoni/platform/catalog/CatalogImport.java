package io.sokoni.platform.catalog;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A bulk catalog import and its progress. A row is one CSV line (a variant) or one element of the JSON
 * array (a product). A product is saved or rejected whole, so {@code errorRows} counts every row of a
 * rejected product; {@code errors} lists what is wrong (the first {@value ImportJob#ERRORS_KEPT}).
 */
public record CatalogImport(UUID id, UUID storeId, String format, String mode, String status, int totalRows,
		int processedRows, int savedRows, int errorRows, List<ImportError> errors, String createdBy,
		OffsetDateTime createdAt, OffsetDateTime finishedAt) {
}
