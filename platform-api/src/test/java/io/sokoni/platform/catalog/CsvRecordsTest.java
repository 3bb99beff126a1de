package io.sokoni.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

class CsvRecordsTest {

	@Test
	void splitsFieldsAndUnquotesQuotedOnes() {
		assertThat(all("a,\"b, c\",\"say \"\"hi\"\"\",\n1,,3\n"))
			.containsExactly(List.of("a", "b, c", "say \"hi\"", ""), List.of("1", "", "3"));
	}

	@Test
	void quotedFieldsMayHoldLineBreaksAndRecordsEndInCrlfOrLf() {
		assertThat(all("x,\"line 1\r\nline 2\"\r\ny,z"))
			.containsExactly(List.of("x", "line 1\r\nline 2"), List.of("y", "z"));
	}

	@Test
	void blankLinesAreEmptyRecordsSoRowNumbersMatchASpreadsheet() {
		assertThat(all("h\n\nv\n")).containsExactly(List.of("h"), List.of(), List.of("v"));
	}

	@Test
	void aByteOrderMarkIsIgnored() {
		assertThat(all("\uFEFFproduct_slug,sku\n")).containsExactly(List.of("product_slug", "sku"));
	}

	@Test
	void anUnclosedQuoteIsRefused() {
		assertThatThrownBy(() -> all("a,\"b\n")).isInstanceOf(JacksonException.class);
	}

	private static List<List<String>> all(String csv) {
		List<List<String>> records = new ArrayList<>();
		try (CsvRecords reader = CsvRecords.of(new StringReader(csv))) {
			for (List<String> r = reader.next(); r != null; r = reader.next()) {
				records.add(r);
			}
		}
		return records;
	}

}
