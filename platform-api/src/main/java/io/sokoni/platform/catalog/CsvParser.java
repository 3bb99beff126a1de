package io.sokoni.platform.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits RFC 4180 CSV into records: comma separated, fields optionally in double quotes (a doubled
 * quote inside stands for one), quoted fields may hold commas and line breaks, lines end in LF or
 * CRLF. A leading UTF-8 byte order mark is ignored.
 */
final class CsvParser {

	private CsvParser() {
	}

	/** The records in order; a blank line is an empty record, so record i is spreadsheet row i + 1. */
	static List<List<String>> parse(String text) {
		List<List<String>> records = new ArrayList<>();
		List<String> record = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		boolean fieldStarted = false;
		int start = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0;
		for (int i = start; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"') {
					if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
						field.append('"');
						i++;
					}
					else {
						quoted = false;
					}
				}
				else {
					field.append(c);
				}
			}
			else if (c == '"' && field.isEmpty()) {
				quoted = true;
				fieldStarted = true;
			}
			else if (c == ',') {
				record.add(field.toString());
				field.setLength(0);
				fieldStarted = true;
			}
			else if (c == '\n' || c == '\r') {
				if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
					i++;
				}
				record.add(field.toString());
				records.add(blank(record, fieldStarted) ? List.of() : record);
				record = new ArrayList<>();
				field.setLength(0);
				fieldStarted = false;
			}
			else {
				field.append(c);
				fieldStarted = true;
			}
		}
		if (quoted) {
			throw new IllegalArgumentException("A quoted field is not closed");
		}
		if (fieldStarted || !field.isEmpty() || !record.isEmpty()) {
			record.add(field.toString());
			records.add(record);
		}
		return records;
	}

	private static boolean blank(List<String> record, boolean fieldStarted) {
		return !fieldStarted && record.size() == 1 && record.get(0).isEmpty();
	}

}
