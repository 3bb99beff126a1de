package io.sokoni.tenant;

import java.util.function.UnaryOperator;

/**
 * Resolves the secret references kept in the database registry instead of passwords. Supported:
 * {@code env:NAME} (an environment variable) and no reference at all (no password, for trust or
 * certificate authentication). Anything else is refused rather than guessed.
 */
public final class SecretResolver {

	private final UnaryOperator<String> environment;

	public SecretResolver() {
		this(System::getenv);
	}

	public SecretResolver(UnaryOperator<String> environment) {
		this.environment = environment;
	}

	public String resolve(String reference) {
		if (reference == null || reference.isBlank()) {
			return null;
		}
		if (reference.startsWith("env:")) {
			String value = environment.apply(reference.substring(4));
			if (value == null) {
				throw new IllegalStateException("Secret " + reference + " is not set in the environment");
			}
			return value;
		}
		// Do not echo the reference: a password pasted there by mistake must not reach the logs.
		throw new IllegalArgumentException("Unsupported secret reference scheme (expected env:NAME)");
	}

	/** Whether a reference has a form this resolver understands (for validating registry input). */
	public static boolean isSupported(String reference) {
		return reference == null || reference.isBlank() || reference.matches("^env:[A-Za-z_][A-Za-z0-9_]*$");
	}

}
