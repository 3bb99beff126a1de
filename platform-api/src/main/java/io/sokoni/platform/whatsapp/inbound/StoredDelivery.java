package io.sokoni.platform.whatsapp.inbound;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A webhook delivery as stored: its id and the body's text (UTF-8) or base64 of bytes that were not. */
record StoredDelivery(long id, String body, String encoding) {

	/** The body's bytes exactly as received. */
	byte[] bytes() {
		return "base64".equals(encoding) ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
	}

}
