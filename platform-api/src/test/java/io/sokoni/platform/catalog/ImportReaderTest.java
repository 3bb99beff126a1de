package io.sokoni.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The import readers stream: fed bodies that never end, they stop at the row limit (or at one oversized
 * row or element) having read only a little more than the rows they keep. A reader that buffered the
 * body first would never return.
 */
class ImportReaderTest {

	private static final String HEADER = "product_slug,product_name,base_price_cents,currency,sku,price_cents";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final UUID store = UUID.randomUUID();

	@Test
	void anEndlessCsvStopsAtTheRowLimit() {
		Endless body = new Endless(HEADER + "\n", "x\n");
		assertThatThrownBy(() -> ImportReader.readCsv(body, store, 1_000)).isInstanceOfSatisfying(ApiException.class,
				ex -> {
					assertThat(ex.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
					assertThat(ex.getMessage()).contains("at most 1000 rows");
				});
		assertThat(body.served).as("read about 1,001 rows of 2 bytes, plus a parser buffer").isLessThan(64 * 1024);
	}

	@Test
	void anEndlessCsvOfOneLetterLinesIsRefusedAtItsHeader() {
		Endless body = new Endless("", "a\n");
		assertThatThrownBy(() -> ImportReader.readCsv(body, store, 100_000))
			.isInstanceOfSatisfying(ApiException.class, ex -> {
				assertThat(ex.type()).isEqualTo(ProblemType.MALFORMED_REQUEST);
				assertThat(ex.getMessage()).contains("Unknown CSV columns [a]");
			});
		assertThat(body.served).isLessThan(64 * 1024);
	}

	@Test
	void anEndlessCsvLineIsRefusedAsOneOversizedRow() {
		Endless body = new Endless(HEADER + "\n", ",");
		assertThatThrownBy(() -> ImportReader.readCsv(body, store, 100_000))
			.isInstanceOfSatisfying(ApiException.class, ex -> {
				assertThat(ex.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
				assertThat(ex.getMessage()).contains("single row");
			});
		assertThat(body.served).isLessThan(ElementSizeLimit.MAX_ELEMENT_BYTES + 64 * 1024);
	}

	@Test
	void anEndlessJsonArrayStopsAtTheRowLimit() {
		Endless body = new Endless("[", "{},");
		assertThatThrownBy(() -> ImportReader.readJson(JSON, body, store, 1_000))
			.isInstanceOfSatisfying(ApiException.class, ex -> {
				assertThat(ex.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
				assertThat(ex.getMessage()).contains("at most 1000 rows");
			});
		assertThat(body.served).isLessThan(64 * 1024);
	}

	@Test
	void anEndlessJsonElementIsRefusedAsOneOversizedElement() {
		Endless body = new Endless("[{\"variants\":[", "{},");
		assertThatThrownBy(() -> ImportReader.readJson(JSON, body, store, 100_000))
			.isInstanceOfSatisfying(ApiException.class, ex -> {
				assertThat(ex.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
				assertThat(ex.getMessage()).contains("single row or element");
			});
		assertThat(body.served).isLessThan(ElementSizeLimit.MAX_ELEMENT_BYTES + 64 * 1024);
	}

	@Test
	void rowsUpToTheLimitAreRead() {
		StringBuilder csv = new StringBuilder(HEADER).append('\n');
		for (int i = 0; i < 1_000; i++) {
			csv.append("p-").append(i).append(",P,100,KES,S-").append(i).append(",100\n\n"); // blank lines do not count
		}
		List<ImportItem> items = ImportReader.readCsv(stream(csv.toString()), store, 1_000);
		assertThat(items).hasSize(1_000);
		assertThat(items.get(999).firstRow()).as("spreadsheet row, blank lines included").isEqualTo(2 + 999 * 2);

		List<ImportItem> json = ImportReader.readJson(JSON, stream("[{\"name\":\"x\"}, 5]"), store, 2);
		assertThat(json).hasSize(2);
		assertThat(json.get(1).valid()).isFalse();
	}

	@Test
	void malformedOrTrailingJsonIsRefused() {
		assertThatThrownBy(() -> ImportReader.readJson(JSON, stream("[{}"), store, 10))
			.isInstanceOfSatisfying(ApiException.class, ex -> assertThat(ex.type()).isEqualTo(ProblemType.MALFORMED_REQUEST));
		assertThatThrownBy(() -> ImportReader.readJson(JSON, stream("[{}] []"), store, 10))
			.isInstanceOfSatisfying(ApiException.class, ex -> assertThat(ex.type()).isEqualTo(ProblemType.MALFORMED_REQUEST));
		assertThatThrownBy(() -> ImportReader.readJson(JSON, stream("{\"name\":\"x\"}"), store, 10))
			.hasMessageContaining("JSON array");
	}

	private static InputStream stream(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}

	/** A body that starts with a prefix and repeats a unit for ever, counting what it served. */
	private static final class Endless extends InputStream {

		private final byte[] prefix;

		private final byte[] unit;

		long served;

		Endless(String prefix, String unit) {
			this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
			this.unit = unit.getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public int read() {
			long i = served++;
			return i < prefix.length ? prefix[(int) i] : unit[(int) ((i - prefix.length) % unit.length)];
		}

		@Override
		public int read(byte[] b, int off, int len) {
			for (int k = 0; k < len; k++) {
				b[off + k] = (byte) read();
			}
			return len;
		}

	}

}
