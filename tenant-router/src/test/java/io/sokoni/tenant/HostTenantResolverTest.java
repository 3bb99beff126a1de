package io.sokoni.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Host header normalization: what reaches the database (and the cache) is a plain lower-case host name. */
class HostTenantResolverTest {

	@ParameterizedTest(name = "\"{0}\" -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			shop.example.com          | shop.example.com
			Shop.Example.COM          | shop.example.com
			shop.example.com:8080     | shop.example.com
			shop.example.com.         | shop.example.com
			SHOP.example.com.:443     | shop.example.com
			'  shop.example.com  '    | shop.example.com
			mama-mboga.sokoni.co.ke   | mama-mboga.sokoni.co.ke
			1duka.sokoni.app          | 1duka.sokoni.app
			""")
	void normalizeLowerCasesAndStripsPortAndTrailingDot(String header, String expected) {
		assertThat(HostTenantResolver.normalize(header)).contains(expected);
	}

	@ParameterizedTest(name = "\"{0}\"")
	@NullAndEmptySource
	@ValueSource(strings = { " ", "a b", "a b.com", "..", ".", "-x.com", "x-.com", "x_y.com", "localhost",
			"shop..example.com", ".example.com", "example.123", "[::1]:8080", "192.168.0.1", "shop.example.com/x",
			"shop.example.com:8080:80", "shop.exa%mple.com", "shop.exämple.com", "user@shop.example.com" })
	void normalizeRejectsWhatIsNotAHostName(String header) {
		assertThat(HostTenantResolver.normalize(header)).isEmpty();
	}

	@Test
	void normalizeAcceptsTheLongestNamesAndRejectsLongerOnes() {
		String label63 = "a".repeat(63);
		String longest = label63 + "." + label63 + "." + label63 + "." + "b".repeat(61);
		assertThat(longest).hasSize(253);
		assertThat(HostTenantResolver.normalize(longest)).contains(longest);
		assertThat(HostTenantResolver.normalize(longest + "b")).as("254 characters").isEmpty();
		assertThat(HostTenantResolver.normalize("a".repeat(64) + ".com")).as("a 64-character label").isEmpty();
		assertThat(HostTenantResolver.normalize("x.".repeat(2_000) + "com")).as("very long").isEmpty();
	}

}
