package io.sokoni.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class WellFormedTextTest {

	@Test
	void nulAndLoneSurrogatesAreRefusedPairsAreNot() {
		assertThat(WellFormedText.isWellFormed("Wanjiru \uD83D\uDE00 ñ")).isTrue();
		assertThat(WellFormedText.isWellFormed("a\0b")).isFalse();
		assertThat(WellFormedText.isWellFormed("a\uD800")).isFalse();
		assertThat(WellFormedText.isWellFormed("\uDC00a")).isFalse();
		assertThat(WellFormedText.isWellFormed("\uD800\uD800\uDC00")).isFalse();
	}

	@Test
	void aTreeIsCheckedInEveryNameAndString() {
		JsonMapper json = JsonMapper.builder().build();
		assertThat(WellFormedText.malformedPath(json.readTree("{\"a\": [1, {\"b\": \"\\ud83d\\ude00\"}]}"))).isNull();
		assertThat(WellFormedText.malformedPath(json.readTree("{\"a\": [1, {\"b\": \"x\\udc00\"}]}")))
			.containsExactly("b", 1, "a");
		assertThat(WellFormedText.malformedPath(json.readTree("{\"a\": {\"\\ud800\": true}}"))).containsExactly("a");
	}

	@Test
	void urlPartsDecodeAsStrictUtf8() {
		assertThat(WellFormedText.decode("a%20b+c", true)).contains("a b c");
		assertThat(WellFormedText.decode("a+b", false)).contains("a+b");
		assertThat(WellFormedText.decode("%C3%B1", false)).contains("ñ");
		assertThat(WellFormedText.decode("%ED%A0%80", false)).as("an encoded surrogate").isEmpty();
		assertThat(WellFormedText.decode("%C3", false)).as("a cut sequence").isEmpty();
		assertThat(WellFormedText.decode("%zz", false)).isEmpty();
		assertThat(MalformedTextFilter.refusedPart("/x", "q=a%00b")).contains("query parameter 'q'");
		assertThat(MalformedTextFilter.refusedPart("/x/%00", null)).contains("path");
		assertThat(MalformedTextFilter.refusedPart("/x/y", "q=ok&page=2")).isEmpty();
	}

}
