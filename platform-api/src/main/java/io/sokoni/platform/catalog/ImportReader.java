package io.sokoni.platform.catalog;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
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
import io.sokoni.platform.web.Problems;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an import body into products, streaming: the body is never held whole, and reading stops at the
 * row limit. A body that cannot be read as a whole (not CSV, not a JSON array, unknown columns, too many
 * rows) is refused at once; everything wrong with single rows is reported per row later.
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

	private static final String NOT_UTF8 = "The CSV is not UTF-8 text: save it as CSV UTF-8 and import it again";

	private ImportReader() {
	}

	/**
	 * One product per distinct product_slug, its variants in row order. Reads the body record by record
	 * and stops with 413 at the first data row beyond {@code maxRows}: only the rows kept are held.
	 */
	static List<ImportItem> readCsv(InputStream body, UUID storeId, int maxRows) {
		ElementSizeLimit limited = new ElementSizeLimit(body, ElementSizeLimit.MAX_ELEMENT_BYTES);
		try (CsvRecords records = CsvRecords.of(limited)) {
			return readCsv(records, limited, storeId, maxRows);
		}
		catch (JacksonException ex) {
			throw ex.getCause() instanceof CharacterCodingException ? malformed(NOT_UTF8)
					: unreadable(ex, "The CSV is malformed: " + ex.getOriginalMessage());
		}
		catch (UncheckedIOException ex) {
			if (ex.getCause() instanceof CharacterCodingException) {
				throw malformed(NOT_UTF8);
			}
			throw ex;
		}
	}

	private static List<ImportItem> readCsv(CsvRecords records, ElementSizeLimit limited, UUID storeId, int maxRows) {
		List<String> first = records.next();
		if (first == null || first.isEmpty()) {
			throw malformed("The CSV needs a header row naming its columns: " + String.join(",", CSV_COLUMNS));
		}
		List<String> header = first.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
		List<String> unknown = header.stream().filter(h -> !CSV_COLUMNS.contains(h)).toList();
		if (!unknown.isEmpty()) {
			throw malformed("Unknown CSV columns " + abbreviate(unknown) + "; the columns are "
					+ String.join(",", CSV_COLUMNS));
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
		int dataRows = 0;
		int row = 1;
		limited.elementStarts();
		for (List<String> cells = records.next(); cells != null; cells = records.next()) {
			limited.elementStarts();
			row++;
			if (cells.isEmpty()) {
				continue;
			}
			if (++dataRows > maxRows) {
				throw tooManyRows(maxRows);
			}
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

	/**
	 * One product per element of the array, in the shape of a product create request. Reads the array
	 * element by element (Jackson's streaming parser; only the current element is built as a tree) and
	 * stops with 413 at the first element beyond {@code maxRows}.
	 */
	static List<ImportItem> readJson(JsonMapper json, InputStream body, UUID storeId, int maxRows) {
		List<ImportItem> items = new ArrayList<>();
		ElementSizeLimit limited = new ElementSizeLimit(body, ElementSizeLimit.MAX_ELEMENT_BYTES);
		// One element at a time: the reader must not insist the element is the last thing in the body.
		ObjectReader elements = json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
		try (JsonParser parser = json.createParser(limited)) {
			if (parser.nextToken() != JsonToken.START_ARRAY) {
				throw malformed("The body must be a JSON array of products");
			}
			int row = 0;
			while (parser.nextToken() != JsonToken.END_ARRAY) {
				if (++row > maxRows) {
					throw tooManyRows(maxRows);
				}
				limited.elementStarts();
				JsonNode element = elements.readTree(parser);
				items.add(item(json, element, row, storeId));
			}
			if (parser.nextToken() != null) {
				throw malformed("The body must be a single JSON array of products");
			}
		}
		catch (JacksonException ex) {
			throw unreadable(ex, "The body is not valid JSON");
		}
		return items;
	}

	private static ImportItem item(JsonMapper json, JsonNode element, int row, UUID storeId) {
		if (!element.isObject()) {
			ImportItem item = ImportItem.fromJson(row, null);
			item.rowError(row, null, "must be a JSON object (a product)");
			return item;
		}
		CreateProductRequest request;
		try {
			request = json.treeToValue(element, CreateProductRequest.class);
		}
		catch (JacksonException ex) {
			ImportItem item = ImportItem.fromJson(row, null);
			item.rowError(row, path(ex), describe(ex));
			return item;
		}
		ImportItem item = ImportItem.fromJson(row, request.withStoreId(storeId));
		if (request.storeId() != null && !request.storeId().equals(storeId)) {
			item.rowError(row, "storeId", "must be the store the import is for (or left out)");
		}
		return item;
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

	private static ApiException tooManyRows(int maxRows) {
		return new ApiException(ProblemType.PAYLOAD_TOO_LARGE,
				"An import holds at most " + maxRows + " rows; split the file");
	}

	/** 413 when the body outgrew the size limit while it was read (chunked), else 400 with the detail. */
	private static ApiException unreadable(JacksonException ex, String detail) {
		if (Problems.isBodyTooLarge(ex)) {
			return new ApiException(ProblemType.PAYLOAD_TOO_LARGE, "The request body is too large");
		}
		if (ElementSizeLimit.causedBy(ex)) {
			return new ApiException(ProblemType.PAYLOAD_TOO_LARGE, "A single row or element of the import is larger "
					+ "than " + ElementSizeLimit.MAX_ELEMENT_BYTES + " bytes");
		}
		return malformed(detail);
	}

	/** At most a few of many unknown names (a body of 10 million one-letter columns must not echo them all). */
	private static String abbreviate(List<String> names) {
		String shown = names.stream().limit(5).map(n -> n.length() > 40 ? n.substring(0, 40) + "…" : n)
			.toList().toString();
		return names.size() > 5 ? shown + " and " + (names.size() - 5) + " more" : shown;
	}

	/** A data row: its spreadsheet row number and values by column (null when the cell count is wrong). */
	private record CsvRow(int row, Map<String, String> values, int cells) {
	}

}
