package io.sokoni.platform.payment.mpesa;

/** The masked view of a secret: its last four characters at most, for a merchant to recognise it. */
final class Masking {

	private Masking() {
	}

	static String hint(String secret) {
		if (secret == null || secret.length() < 8) {
			return "";
		}
		return secret.substring(secret.length() - 4);
	}

	static String masked(String hint) {
		return hint == null || hint.isEmpty() ? "••••" : "••••" + hint;
	}

}
