package io.sokoni.platform.catalog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.catalog.CreateProductRequest.VariantRequest;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an import body into products. A body that cannot be read as a whole (not CSV, not a JSON
 * array, unknown columns) is refused at once; everything wrong with single rows is reported per row
 * later.
 */
final class ImportReader {

	static final List<String> CSV_COLUMNS = List.of("product_slug", "product_name", "description", "status",
			"brand", "category_slug", "base_price_cents", "currency", "sku", "barcode", "variant_name", "price_cents",
			"size", "colour", "model");

	static final Set<String> REQUIRED_CSV_COLUMNS = Set.of("product_slug", "product_name", "base_price_cents",
			"currency", "sku", "price_cents");

	/** Product columns: the first row of a product gives them; later rows may repeat them or leave them empty. */
	private static final List<String> PRODUCT_LEVEL = List.of("product_name", "description", "status", "brand",
			"category_slug", "base_price_cents", "currency");

	private static final List<String> ATTRIBUTES = List.of("size", "colour", "model");

	private ImportReader() {
	}

	/** One product per distinct product_slug, its variants in row order. */
	static List<ImportItem> readCsv(byte[] body, UUID storeId) {
		List<List<String>> records;
		try {
			records = CsvParser.parse(new String(body, StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			throw malformed("The CSV is malformed: " + ex.getMessage());
		}
		if (records.isEmpty() || records.get(0).isEmpty()) {
			throw malformed("The CSV needs a header row naming its columns: " + String.join(",", CSV_COLUMNS));
		}
		List<String> header = records.get(0).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
		List<String> unknown = header.stream().filter(h -> !CSV_COLUMNS.contains(h)).toList();
		if (!unknown.isEmpty()) {
			throw malformed("Unknown CSV columns " + unknown + "; the columns are " + String.join(",", CSV_COLUMNS));
		}
		List<String> missing = REQUIRED_CSV_COLUMNS.stream().filter(c -> !header.contains(c)).sorted().toList();
		if (!missing.isEmpty()) {
			throw malformed("The CSV lacks the required columns " + missing);
		}
		if (header.stream().distinct().count() != header.size()) {
			throw malformed("A CSV column is named twice");
		}
		Map<String, List<CsvRow>> bySlug = new LinkedHashMap<>();
		List<ImportItem> broken = new ArrayList<>();
		int slugIndex = header.indexOf("product_slug");
		for (int i = 1; i < records.size(); i++) {
			List<String> cells = records.get(i);
			if (cells.isEmpty()) {
				continue;
			}
			int row = i + 1;
			String slug = slugIndex < cells.size() ? emptyToNull(cells.get(slugIndex)) : null;
			CsvRow csvRow = new CsvRow(row, cells.size() == header.size() ? toMap(header, cells) : null, cells.size());
			if (slug == null) {
				ImportItem item = ImportItem.fromCsv(List.of(row), null, null, null);
				item.rowError(row, csvRow.values() == null ? null : "product_slug",
						csvRow.values() == null ? wrongCells(cells.size(), header.size()) : "must not be empty");
				broken.add(item);
			}
			else {
				bySlug.computeIfAbsent(slug, s -> new ArrayList<>()).add(csvRow);
			}
		}
		List<ImportItem> items = new ArrayList<>();
		bySlug.forEach((slug, rows) -> items.add(product(slug, rows, header.size(), storeId)));
		items.addAll(broken);
		return items;
	}

	/** One product per element of the array, in the shape of a product create request. */
	static List<ImportItem> readJson(JsonMapper json, byte[] body, UUID storeId) {
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException ex) {
			throw malformed("The body is not valid JSON");
		}
		if (root == null || !root.isArray()) {
			throw malformed("The body must be a JSON array of products");
		}
		List<ImportItem> items = new ArrayList<>();
		for (int i = 0; i < root.size(); i++) {
			int row = i + 1;
			JsonNode element = root.get(i);
			if (!element.isObject()) {
				ImportItem item = ImportItem.fromJson(row, null);
				item.rowError(row, null, "must be a JSON object (a product)");
				items.add(item);
				continue;
			}
			CreateProductRequest request;
			try {
				request = json.treeToValue(element, CreateProductRequest.class);
			}
			catch (JacksonException ex) {
				ImportItem item = ImportItem.fromJson(row, null);
				item.rowError(row, path(ex), describe(ex));
				items.add(item);
				continue;
			}
			ImportItem item = ImportItem.fromJson(row, request.withStoreId(storeId));
			if (request.storeId() != null && !request.storeId().equals(storeId)) {
				item.rowError(row, "storeId", "must be the store the import is for (or left out)");
			}
			items.add(item);
		}
		return items;
	}

	private static ImportItem product(String slug, List<CsvRow> rows, int columns, UUID storeId) {
		List<Integer> rowNumbers = rows.stream().map(CsvRow::row).toList();
		CsvRow first = rows.get(0);
		Map<String, String> p = first.values() == null ? Map.of() : first.values();
		ImportItem item = ImportItem.fromCsv(rowNumbers, slug, emptyToNull(p.get("category_slug")), null);
		List<VariantRequest> variants = new ArrayList<>();
		for (CsvRow r : rows) {
			if (r.values() == null) {
				item.rowError(r.row(), null, wrongCells(r.cells(), columns));
				variants.add(null);
				continue;
			}
			for (String column : PRODUCT_LEVEL) {
				String value = emptyToNull(r.values().get(column));
				if (r != first && value != null && !value.equals(emptyToNull(p.get(column)))) {
					item.rowError(r.row(), column, "differs from row " + first.row()
							+ "; the rows of one product must agree (or leave it empty)");
				}
			}
			Map<String, String> attributes = new LinkedHashMap<>();
			for (String attribute : ATTRIBUTES) {
				String value = emptyToNull(r.values().get(attribute));
				if (value != null) {
					attributes.put(attribute, value);
				}
			}
			variants.add(new VariantRequest(emptyToNull(r.values().get("variant_name")),
					emptyToNull(r.values().get("sku")), emptyToNull(r.values().get("barcode")), attributes,
					cents(item, r, "price_cents"), null, null, null));
		}
		item.request(new CreateProductRequest(storeId, emptyToNull(p.get("product_name")), slug,
				emptyToNull(p.get("description")), emptyToNull(p.get("status")), emptyToNull(p.get("brand")), null,
				first.values() == null ? null : cents(item, first, "base_price_cents"),
				null, null, emptyToNull(p.get("currency")), null, null, null, variants, List.of()));
		return item;
	}

	private static Long cents(ImportItem item, CsvRow row, String column) {
		String value = emptyToNull(row.values().get(column));
		if (value == null) {
			return null;
		}
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			item.rowError(row.row(), column, "must be a whole number of cents");
			return null;
		}
	}

	private static Map<String, String> toMap(List<String> header, List<String> cells) {
		Map<String, String> values = new HashMap<>();
		for (int i = 0; i < header.size(); i++) {
			values.put(header.get(i), cells.get(i).strip());
		}
		return values;
	}

	private static String wrongCells(int cells, int columns) {
		return "has " + cells + " cells but the header names " + columns + " columns";
	}

	private static String emptyToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	private static String path(JacksonException ex) {
		StringBuilder sb = new StringBuilder();
		for (JacksonException.Reference ref : ex.getPath()) {
			if (ref.getPropertyName() != null) {
				sb.append(sb.isEmpty() ? "" : ".").append(ref.getPropertyName());
			}
			else if (ref.getIndex() >= 0) {
				sb.append('[').append(ref.getIndex()).append(']');
			}
		}
		return sb.isEmpty() ? null : sb.toString();
	}

	private static String describe(JacksonException ex) {
		return ex instanceof UnrecognizedPropertyException ? "is not a known field"
				: "has the wrong type or format";
	}

	private static ApiException malformed(String detail) {
		return new ApiException(ProblemType.MALFORMED_REQUEST, detail);
	}

	/** A data row: its spreadsheet row number and values by column (null when the cell count is wrong). */
	private record CsvRow(int row, Map<String, String> values, int cells) {
	}

}
