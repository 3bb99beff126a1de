package io.sokoni.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

	@ParameterizedTest
	@CsvSource({ "0712345678,+254712345678", "712345678,+254712345678", "254712345678,+254712345678",
			"+254712345678,+254712345678", "+254 712 345 678,+254712345678", "0712-345-678,+254712345678",
			"00254712345678,+254712345678", "0112345678,+254112345678", "+447911123456,+447911123456",
			"0044 7911 123456,+447911123456" })
	void commonFormsNormaliseToE164(String input, String expected) {
		assertThat(PhoneNumbers.normalize(input)).contains(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "abc", "12345", "0812345678", "+2548123456789", "+254 712", "07123456789",
			"+0712345678" })
	void otherInputIsRejected(String input) {
		assertThat(PhoneNumbers.normalize(input)).isEmpty();
	}

}
