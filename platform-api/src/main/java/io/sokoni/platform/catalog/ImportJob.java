package io.sokoni.platform.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.catalog.CreateProductRequest.VariantRequest;
import io.sokoni.platform.catalog.ProductRepository.NewProduct;
import io.sokoni.platform.catalog.ProductService.TakenKeys;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Processes one catalog import on a worker thread with its tenant bound: validates every product
 * (fields, prices, currency, category, keys unique within the import and the catalog), then saves the
 * valid ones in chunks of multi-row inserts, each product with its outbox event. {@code all_or_nothing}
 * saves everything in one transaction or nothing; {@code valid_only} commits chunk by chunk and, when a
 * chunk fails (a key taken meanwhile), retries its products one by one to save all but the culprit.
 */
@Component
class ImportJob {

	/** Errors kept on the import record; the counts stay exact beyond it. */
	static final int ERRORS_KEPT = 1000;

	/** Products per transaction (valid_only) and per progress update. */
	static final int CHUNK = 250;

	private static final Logger log = LoggerFactory.getLogger(ImportJob.class);

	private final ProductService products;

	private final CategoryService categories;

	private final ImportTracker tracker;

	private final Validator validator;

	ImportJob(ProductService products, CategoryService categories, ImportTracker tracker, Validator validator) {
		this.products = products;
		this.categories = categories;
		this.tracker = tracker;
		this.validator = validator;
	}

	/** What to import and for whom. */
	record Task(UUID importId, String storeCurrency, String mode, List<ImportItem> items,
			int totalRows, String startedBy) {
	}

	void run(Task task) {
		Progress progress = new Progress(task);
		try {
			validate(task);
			List<ImportItem> valid = new ArrayList<>();
			for (ImportItem item : task.items()) {
				if (item.valid()) {
					valid.add(item);
				}
				else {
					progress.rejected(item);
				}
			}
			if ("all_or_nothing".equals(task.mode())) {
				saveAllOrNothing(valid, progress);
			}
			else {
				saveValidOnly(valid, progress);
			}
		}
		catch (Interrupted ex) {
			// Declared interrupted (this instance looked dead for too long): that status stands. An
			// all-or-nothing import rolled back; a valid_only one keeps the chunks it had committed.
			log.warn("Catalog import {} stopped: it was declared interrupted", task.importId());
		}
		catch (RuntimeException ex) {
			log.error("Catalog import {} failed", task.importId(), ex);
			progress.importError("The import stopped on an unexpected error; nothing more was saved");
			progress.finish("failed");
		}
	}

	private void saveAllOrNothing(List<ImportItem> valid, Progress progress) {
		if (progress.errorRows > 0) {
			progress.finish("failed");
			return;
		}
		List<List<ImportItem>> chunks = chunks(valid);
		try {
			// The import is recorded completed in the products' own transaction: a crash or an interrupted
			// declaration leaves either both or neither, never saved products under another status.
			products.saveImportedAtomically(chunks.stream().map(ImportJob::newProducts).toList(), i -> {
				progress.processed(chunks.get(i));
				if (i == chunks.size() - 1) {
					progress.savedAll(valid);
					progress.finishWithinTransaction("completed");
				}
			});
		}
		catch (DataAccessException ex) {
			progress.savedRows = 0; // counted before the commit, which failed
			log.info("All-or-nothing catalog import {} rolled back: {}", progress.task.importId(),
					ex.getMostSpecificCause().getMessage());
			progress.importError("Nothing was saved: " + describe(ex).message()
					+ " (changed since the import was checked)");
			progress.finish("failed");
			return;
		}
	}

	private void saveValidOnly(List<ImportItem> valid, Progress progress) {
		progress.report();
		for (List<ImportItem> chunk : chunks(valid)) {
			try {
				saveCounted(chunk, progress);
			}
			catch (DataAccessException ex) {
				for (ImportItem item : chunk) {
					try {
						saveCounted(List.of(item), progress);
					}
					catch (DataAccessException single) {
						Failure failure = describe(single);
						item.error(failure.path(), failure.message());
						progress.rejected(item);
					}
				}
				progress.report();
			}
		}
		progress.finish("completed");
	}

	/**
	 * Saves products with the import's new counts in their transaction, so the import never shows
	 * fewer rows saved than there are (and one declared interrupted meanwhile saves nothing more).
	 */
	private void saveCounted(List<ImportItem> items, Progress progress) {
		products.saveImported(newProducts(items), () -> progress.reportWithinTransaction(items));
		progress.saved(items);
	}

	/** Checks every item, recording errors on it; keys are unique against earlier valid items and the catalog. */
	private void validate(Task task) {
		Map<String, UUID> categoryIds = categories.idsBySlug();
		Set<UUID> knownCategories = new HashSet<>(categoryIds.values());
		List<String> slugs = new ArrayList<>();
		List<String> skus = new ArrayList<>();
		List<String> barcodes = new ArrayList<>();
		for (ImportItem item : task.items()) {
			if (item.request() != null) {
				slugs.add(item.request().slug());
				variants(item).stream().filter(Objects::nonNull).forEach(v -> {
					skus.add(v.sku());
					barcodes.add(v.barcode());
				});
			}
		}
		TakenKeys taken = products.takenKeys(nonNull(slugs), nonNull(skus), nonNull(barcodes));
		Map<String, Integer> slugRows = new HashMap<>();
		Map<String, Integer> skuRows = new HashMap<>();
		Map<String, Integer> barcodeRows = new HashMap<>();
		for (ImportItem item : task.items()) {
			CreateProductRequest request = item.request();
			if (request == null) {
				continue;
			}
			for (ConstraintViolation<CreateProductRequest> v : validator.validate(request)) {
				item.error(v.getPropertyPath().toString(), v.getMessage());
			}
			ProductRules.check(request).forEach(p -> item.error(p.field(), p.message()));
			if (request.currency() != null && !request.currency().equals(task.storeCurrency())) {
				item.error("currency", "must be the store's currency, " + task.storeCurrency());
			}
			if (item.categorySlug() != null) {
				UUID categoryId = categoryIds.get(item.categorySlug());
				if (categoryId == null) {
					item.error("categoryId", "no category has this slug");
				}
				else {
					item.request(request.withCategoryId(categoryId));
				}
			}
			else if (request.categoryId() != null && !knownCategories.contains(request.categoryId())) {
				item.error("categoryId", "no such category");
			}
			checkKeysWithinProduct(item);
			if (item.valid()) {
				checkKeysAgainstOthers(item, taken, slugRows, skuRows, barcodeRows);
			}
		}
	}

	private static void checkKeysWithinProduct(ImportItem item) {
		Set<String> skus = new HashSet<>();
		Set<String> barcodes = new HashSet<>();
		List<VariantRequest> variants = variants(item);
		for (int i = 0; i < variants.size(); i++) {
			VariantRequest v = variants.get(i);
			if (v == null) {
				continue;
			}
			if (v.sku() != null && !skus.add(v.sku())) {
				item.error("variants[" + i + "].sku", "appears twice in this product");
			}
			if (v.barcode() != null && !barcodes.add(v.barcode())) {
				item.error("variants[" + i + "].barcode", "appears twice in this product");
			}
		}
	}

	private static void checkKeysAgainstOthers(ImportItem item, TakenKeys taken, Map<String, Integer> slugRows,
			Map<String, Integer> skuRows, Map<String, Integer> barcodeRows) {
		String slug = item.request().slug();
		if (slugRows.containsKey(slug)) {
			item.error("slug", "is also used by the product in row " + slugRows.get(slug));
		}
		else if (taken.slugs().contains(slug)) {
			item.error("slug", "a product with this slug already exists");
		}
		List<VariantRequest> variants = variants(item);
		for (int i = 0; i < variants.size(); i++) {
			VariantRequest v = variants.get(i);
			if (skuRows.containsKey(v.sku())) {
				item.error("variants[" + i + "].sku", "is also used in row " + skuRows.get(v.sku()));
			}
			else if (taken.skus().contains(v.sku())) {
				item.error("variants[" + i + "].sku", "a variant with this SKU already exists");
			}
			if (v.barcode() != null && barcodeRows.containsKey(v.barcode())) {
				item.error("variants[" + i + "].barcode", "is also used in row " + barcodeRows.get(v.barcode()));
			}
			else if (v.barcode() != null && taken.barcodes().contains(v.barcode())) {
				item.error("variants[" + i + "].barcode", "a variant with this barcode already exists");
			}
		}
		if (item.valid()) {
			slugRows.put(slug, item.firstRow());
			for (int i = 0; i < variants.size(); i++) {
				skuRows.put(variants.get(i).sku(), item.rowOf(i));
				if (variants.get(i).barcode() != null) {
					barcodeRows.put(variants.get(i).barcode(), item.rowOf(i));
				}
			}
		}
	}

	/** The item's variants as sent (an element is null where a CSV row could not be read). */
	private static List<VariantRequest> variants(ImportItem item) {
		List<VariantRequest> variants = item.request().variants();
		return variants == null ? List.of() : variants;
	}

	private static List<NewProduct> newProducts(List<ImportItem> items) {
		return items.stream().map(i -> ProductService.newProduct(i.request())).toList();
	}

	private static List<List<ImportItem>> chunks(List<ImportItem> items) {
		List<List<ImportItem>> chunks = new ArrayList<>();
		for (int from = 0; from < items.size(); from += CHUNK) {
			chunks.add(items.subList(from, Math.min(items.size(), from + CHUNK)));
		}
		return chunks;
	}

	private static List<String> nonNull(List<String> values) {
		return values.stream().filter(Objects::nonNull).distinct().toList();
	}

	/** Which product field a failed save points at, and why, from the constraint the database named. */
	private static Failure describe(DataAccessException ex) {
		return switch (DatabaseErrors.constraint(ex).orElse("")) {
			case "products_tenant_slug_key" -> new Failure("slug", "a product with this slug already exists");
			case "product_variants_tenant_sku_key" -> new Failure("variants[0].sku",
					"a variant with one of these SKUs already exists");
			case "product_variants_tenant_barcode_key" -> new Failure("variants[0].barcode",
					"a variant with one of these barcodes already exists");
			case "products_category_fkey" -> new Failure("categoryId", "the category no longer exists");
			default -> new Failure("", "the product conflicts with the catalog and was not saved");
		};
	}

	private record Failure(String path, String message) {
	}

	/** The import was declared interrupted while it ran (see {@link InterruptedImportSweep}). */
	private static final class Interrupted extends RuntimeException {

		Interrupted() {
			super(null, null, false, false);
		}

	}

	/** Counts and errors of the running import, written through the tracker as they change. */
	private final class Progress {

		private final Task task;

		private final List<ImportError> errors = new ArrayList<>();

		private int processedRows;

		private int savedRows;

		private int errorRows;

		Progress(Task task) {
			this.task = task;
		}

		void rejected(ImportItem item) {
			processedRows += item.rowCount();
			errorRows += item.rowCount();
			for (ImportError error : item.errors()) {
				if (errors.size() < ERRORS_KEPT) {
					errors.add(error);
				}
			}
		}

		void importError(String message) {
			errors.add(new ImportError(null, null, null, message));
		}

		/** Rows handled inside the all-or-nothing transaction: processed, saved only once it commits. */
		void processed(List<ImportItem> chunk) {
			processedRows += rows(chunk);
			report();
		}

		void savedAll(List<ImportItem> items) {
			savedRows += rows(items);
		}

		void saved(List<ImportItem> items) {
			processedRows += rows(items);
			savedRows += rows(items);
		}

		/** Reports these items as saved, in the caller's transaction; they are counted once it commits. */
		void reportWithinTransaction(List<ImportItem> items) {
			int rows = rows(items);
			if (!tracker.progressWithin(task.importId(), processedRows + rows, savedRows + rows, errorRows, null)) {
				throw new Interrupted();
			}
		}

		void report() {
			if (!tracker.progress(task.importId(), processedRows, savedRows, errorRows, sorted())) {
				throw new Interrupted();
			}
		}

		void finish(String status) {
			tracker.finish(task.importId(), status, finalProcessedRows(status), savedRows, errorRows, sorted(),
					task.startedBy());
		}

		/** Ends the import in the caller's transaction; stops the import if it is no longer running. */
		void finishWithinTransaction(String status) {
			if (!tracker.finishWithin(task.importId(), status, finalProcessedRows(status), savedRows, errorRows,
					sorted(), task.startedBy())) {
				throw new Interrupted();
			}
		}

		private int finalProcessedRows(String status) {
			return "failed".equals(status) && savedRows == 0 ? task.totalRows() : processedRows;
		}

		private List<ImportError> sorted() {
			return errors.stream()
				.sorted(Comparator.comparing(ImportError::row, Comparator.nullsFirst(Comparator.naturalOrder())))
				.toList();
		}

		private int rows(List<ImportItem> items) {
			return items.stream().mapToInt(ImportItem::rowCount).sum();
		}

	}

}
