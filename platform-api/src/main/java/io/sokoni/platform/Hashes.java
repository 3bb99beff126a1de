package io.sokoni.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one digest the platform uses (token hashes, request fingerprints, ETags). */
public final class Hashes {

	private Hashes() {
	}

	public static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

	public static byte[] sha256(String text) {
		return sha256(text.getBytes(StandardCharsets.UTF_8));
	}

	/** The SHA-256 of the text, as 64 lower-case hex digits. */
	public static String sha256Hex(String text) {
		return HexFormat.of().formatHex(sha256(text));
	}

}
