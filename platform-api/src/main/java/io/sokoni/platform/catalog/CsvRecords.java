package io.sokoni.platform.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Reads RFC 4180 CSV one record at a time (Jackson's CSV parser): comma separated, fields optionally in
 * double quotes (a doubled quote inside stands for one), quoted fields may hold commas and line breaks,
 * lines end in LF or CRLF, a leading UTF-8 byte order mark is ignored. Only the current record is held,
 * never the whole body. Malformed CSV surfaces as a {@link tools.jackson.core.JacksonException}.
 */
final class CsvRecords implements AutoCloseable {

	private static final CsvMapper CSV = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();

	private final MappingIterator<String[]> records;

	private CsvRecords(MappingIterator<String[]> records) {
		this.records = records;
	}

	static CsvRecords of(InputStream in) {
		// bytes that are not UTF-8 (a file saved as Latin-1) fail the read instead of becoming U+FFFD in names
		return of(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT)));
	}

	static CsvRecords of(Reader reader) {
		return new CsvRecords(
				CSV.readerFor(String[].class).with(CsvSchema.emptySchema()).readValues(withoutByteOrderMark(reader)));
	}

	/**
	 * The next record, or null at the end. A blank line is an empty record, so record i is spreadsheet
	 * row i + 1.
	 */
	List<String> next() {
		if (!records.hasNextValue()) {
			return null;
		}
		String[] cells = records.nextValue();
		return cells.length == 0 || (cells.length == 1 && cells[0].isEmpty()) ? List.of() : List.of(cells);
	}

	@Override
	public void close() {
		records.close();
	}

	private static Reader withoutByteOrderMark(Reader reader) {
		BufferedReader buffered = new BufferedReader(reader);
		try {
			buffered.mark(1);
			if (buffered.read() != '\uFEFF') {
				buffered.reset();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return buffered;
	}

}
