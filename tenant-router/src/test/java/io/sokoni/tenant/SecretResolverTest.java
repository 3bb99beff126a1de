package io.sokoni.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Secret references of the database registry: only {@code env:NAME} or none; anything else is refused. */
class SecretResolverTest {

	private final Map<String, String> environment = Map.of("SOKONI_DB_ACME_PASSWORD", "s3cret");

	private final SecretResolver resolver = new SecretResolver(environment::get);

	@Test
	void resolvesAnEnvironmentReferenceThroughTheInjectedLookup() {
		assertThat(resolver.resolve("env:SOKONI_DB_ACME_PASSWORD")).isEqualTo("s3cret");
	}

	@Test
	void aMissingEnvironmentVariableIsAnError() {
		assertThatThrownBy(() -> resolver.resolve("env:SOKONI_DB_OTHER_PASSWORD"))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("SOKONI_DB_OTHER_PASSWORD");
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "  " })
	void noReferenceMeansNoPassword(String reference) {
		assertThat(resolver.resolve(reference)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "vault:secret/db", "file:/etc/passwd", "ENV:SOKONI_DB_ACME_PASSWORD", "s3cret",
			"SOKONI_DB_ACME_PASSWORD" })
	void anUnknownSchemeIsRefused(String reference) {
		assertThatThrownBy(() -> resolver.resolve(reference)).isInstanceOf(IllegalArgumentException.class);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "env:SOKONI_DB_ACME_PASSWORD", "env:_X", "env:a1" })
	void supportedReferences(String reference) {
		assertThat(SecretResolver.isSupported(reference)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "env:", "env:1ABC", "env:A-B", "env:A B", "ENV:ABC", "vault:secret/db", "ABC",
			"env:ABC\n" })
	void unsupportedReferences(String reference) {
		assertThat(SecretResolver.isSupported(reference)).isFalse();
	}

	@Test
	void theDefaultConstructorReadsTheProcessEnvironment() {
		String name = System.getenv().keySet().stream().filter(k -> k.matches("[A-Za-z_][A-Za-z0-9_]*")).findFirst()
			.orElseThrow();
		assertThat(new SecretResolver().resolve("env:" + name)).isEqualTo(System.getenv(name));
	}

}
