package io.sokoni.platform.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * Text the database can store as given: no NUL character (PostgreSQL refuses it in text) and no lone
 * UTF-16 surrogate (it would be written as "?" and silently change the value). Request text is
 * checked at the edge with these rules, so such input is a 400 instead of a database error or a
 * changed value.
 */
public final class WellFormedText {

	/** Why such text is refused, for problem details. */
	public static final String PROBLEM = "must not contain NUL characters or malformed Unicode (lone surrogates, "
			+ "invalid UTF-8)";

	private WellFormedText() {
	}

	public static boolean isWellFormed(CharSequence text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\0') {
				return false;
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Where a JSON tree holds a malformed name or string: the names and indexes leading to it, innermost
	 * first (a malformed name is reported at its object); null when the whole tree is well-formed.
	 */
	public static List<Object> malformedPath(JsonNode node) {
		if (node.isString()) {
			return isWellFormed(node.asString()) ? null : new ArrayList<>();
		}
		if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				List<Object> path = malformedPath(node.get(i));
				if (path != null) {
					path.add(i);
					return path;
				}
			}
		}
		else if (node.isObject()) {
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				if (!isWellFormed(entry.getKey())) {
					return new ArrayList<>();
				}
				List<Object> path = malformedPath(entry.getValue());
				if (path != null) {
					path.add(entry.getKey());
					return path;
				}
			}
		}
		return null;
	}

	/**
	 * A percent-encoded URL part (path or query component; {@code plusIsSpace} for query components)
	 * decoded as strict UTF-8; empty when it is not valid UTF-8 or its escapes are broken.
	 */
	static Optional<String> decode(String encoded, boolean plusIsSpace) {
		if (encoded.indexOf('%') < 0 && (!plusIsSpace || encoded.indexOf('+') < 0)) {
			return Optional.of(encoded);
		}
		ByteBuffer bytes = ByteBuffer.allocate(encoded.length() * 4);
		for (int i = 0; i < encoded.length(); i++) {
			char c = encoded.charAt(i);
			if (c == '%') {
				if (i + 2 >= encoded.length()) {
					return Optional.empty();
				}
				int hi = Character.digit(encoded.charAt(i + 1), 16);
				int lo = Character.digit(encoded.charAt(i + 2), 16);
				if (hi < 0 || lo < 0) {
					return Optional.empty();
				}
				bytes.put((byte) (hi << 4 | lo));
				i += 2;
			}
			else if (c == '+' && plusIsSpace) {
				bytes.put((byte) ' ');
			}
			else {
				bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
			}
		}
		bytes.flip();
		try {
			CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(bytes);
			return Optional.of(chars.toString());
		}
		catch (CharacterCodingException ex) {
			return Optional.empty();
		}
	}

}
