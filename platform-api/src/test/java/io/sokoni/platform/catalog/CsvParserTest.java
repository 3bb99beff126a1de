package io.sokoni.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class CsvParserTest {

	@Test
	void splitsFieldsAndUnquotesQuotedOnes() {
		assertThat(CsvParser.parse("a,\"b, c\",\"say \"\"hi\"\"\",\n1,,3\n"))
			.containsExactly(List.of("a", "b, c", "say \"hi\"", ""), List.of("1", "", "3"));
	}

	@Test
	void quotedFieldsMayHoldLineBreaksAndRecordsEndInCrlfOrLf() {
		assertThat(CsvParser.parse("x,\"line 1\r\nline 2\"\r\ny,z"))
			.containsExactly(List.of("x", "line 1\r\nline 2"), List.of("y", "z"));
	}

	@Test
	void blankLinesAreEmptyRecordsSoRowNumbersMatchASpreadsheet() {
		assertThat(CsvParser.parse("h\n\nv\n")).containsExactly(List.of("h"), List.of(), List.of("v"));
	}

	@Test
	void aByteOrderMarkIsIgnored() {
		assertThat(CsvParser.parse("\uFEFFproduct_slug,sku\n")).containsExactly(List.of("product_slug", "sku"));
	}

	@Test
	void anUnclosedQuoteIsRefused() {
		assertThatThrownBy(() -> CsvParser.parse("a,\"b\n")).isInstanceOf(IllegalArgumentException.class);
	}

}
