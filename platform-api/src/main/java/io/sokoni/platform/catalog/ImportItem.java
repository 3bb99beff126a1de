package io.sokoni.platform.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One product of an import with the rows it came from and what is wrong with it. Errors are reported
 * against rows and fields as the merchant sent them: CSV columns, or JSON paths of the array element.
 */
final class ImportItem {

	/** CSV columns of the product fields (the rest are variant columns). */
	static final Map<String, String> PRODUCT_COLUMNS = Map.of("slug", "product_slug", "name", "product_name",
			"description", "description", "status", "status", "brand", "brand", "categoryId", "category_slug",
			"basePriceCents", "base_price_cents", "currency", "currency");

	/** CSV columns of the variant fields. */
	static final Map<String, String> VARIANT_COLUMNS = Map.of("name", "variant_name", "sku", "sku", "barcode",
			"barcode", "priceCents", "price_cents", "attributes[size]", "size", "attributes[colour]", "colour",
			"attributes[model]", "model");

	private static final Pattern VARIANT_PATH = Pattern.compile("^variants\\[(\\d+)]\\.?(.*)$");

	/** Bean Validation's container element markers ({@code .<list element>}, {@code <K>}). */
	private static final Pattern CONTAINER_MARKERS = Pattern.compile("\\.?<[^>]*>");

	private final boolean csv;

	private final List<Integer> rows;

	private final String slug;

	private final String categorySlug;

	private final List<ImportError> errors = new ArrayList<>();

	private CreateProductRequest request;

	private ImportItem(boolean csv, List<Integer> rows, String slug, String categorySlug,
			CreateProductRequest request) {
		this.csv = csv;
		this.rows = rows;
		this.slug = slug;
		this.categorySlug = categorySlug;
		this.request = request;
	}

	/** A product from CSV rows: variant i came from {@code rows.get(i)}. */
	static ImportItem fromCsv(List<Integer> rows, String slug, String categorySlug, CreateProductRequest request) {
		return new ImportItem(true, rows, slug, categorySlug, request);
	}

	/** A product from one element of a JSON array (null when the element could not be read). */
	static ImportItem fromJson(int row, CreateProductRequest request) {
		return new ImportItem(false, List.of(row), request == null ? null : request.slug(), null, request);
	}

	CreateProductRequest request() {
		return request;
	}

	void request(CreateProductRequest changed) {
		this.request = changed;
	}

	String categorySlug() {
		return categorySlug;
	}

	int rowCount() {
		return rows.size();
	}

	int firstRow() {
		return rows.get(0);
	}

	/** The row a variant came from. */
	int rowOf(int variant) {
		return csv && variant < rows.size() ? rows.get(variant) : firstRow();
	}

	boolean valid() {
		return errors.isEmpty();
	}

	List<ImportError> errors() {
		return errors;
	}

	/** An error at a field of the product request, such as {@code variants[1].sku}. */
	void error(String path, String message) {
		String clean = CONTAINER_MARKERS.matcher(path).replaceAll("");
		if (!csv) {
			add(firstRow(), clean.isEmpty() ? null : clean, message);
			return;
		}
		Matcher variant = VARIANT_PATH.matcher(clean);
		if (variant.matches()) {
			int index = Integer.parseInt(variant.group(1));
			String field = variant.group(2);
			add(rowOf(index), field.isEmpty() ? null : VARIANT_COLUMNS.getOrDefault(field, field), message);
		}
		else {
			add(firstRow(), PRODUCT_COLUMNS.getOrDefault(clean, clean), message);
		}
	}

	/** An error at a row and CSV column (or JSON path) as sent. */
	void rowError(int row, String field, String message) {
		add(row, field, message);
	}

	private void add(int row, String field, String message) {
		boolean known = errors.stream()
			.anyMatch(e -> e.row() != null && e.row() == row && Objects.equals(e.field(), field));
		if (!known) {
			errors.add(new ImportError(row, slug, field, message));
		}
	}

}
