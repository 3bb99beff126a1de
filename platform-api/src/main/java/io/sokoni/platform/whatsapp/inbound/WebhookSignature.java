package io.sokoni.platform.whatsapp.inbound;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's {@code X-Hub-Signature-256}: {@code sha256=} and the lowercase hex of HMAC-SHA256 over the exact
 * bytes of the body, keyed with the app secret. Checked on the bytes as received (re-serialising would
 * change {@code \/} and {@code \\u00e9} escapes), compared in constant time.
 */
public final class WebhookSignature {

	public static final String HEADER = "X-Hub-Signature-256";

	private static final String PREFIX = "sha256=";

	private final SecretKeySpec key;

	public WebhookSignature(String appSecret) {
		this.key = new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	/** The header value Meta would send for this body. */
	public String sign(byte[] body) {
		return PREFIX + HexFormat.of().formatHex(mac(body));
	}

	/** Whether the header is this body's signature; false for a missing or malformed header. */
	public boolean verifies(byte[] body, String header) {
		if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
				|| header.length() != PREFIX.length() + 64) {
			return false;
		}
		byte[] given;
		try {
			given = HexFormat.of().parseHex(header, PREFIX.length(), header.length());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return MessageDigest.isEqual(mac(body), given);
	}

	private byte[] mac(byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return mac.doFinal(body);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

}
