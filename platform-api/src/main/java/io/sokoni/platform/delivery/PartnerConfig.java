package io.sokoni.platform.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

/**
 * A partner's free-form settings (API keys, account numbers, pickup points). Values under keys that name a
 * secret are never answered in full: an admin screen, a log or a screenshot must not leak them.
 */
final class PartnerConfig {

	/** Largest accepted config, as UTF-8 JSON. */
	static final int MAX_BYTES = 8 * 1024;

	static final String MASK = "****";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Key names that hold secrets: api_key, apiKey, clientSecret, password, access_token, ... */
	private static final Pattern SECRET_KEY = Pattern
		.compile("(?i).*(secret|password|passwd|passphrase|token|api[_-]?key|private[_-]?key|credential).*");

	private PartnerConfig() {
	}

	static String toJson(Map<String, Object> config) {
		return JSON.writeValueAsString(config == null ? Map.of() : config);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> fromJson(String json) {
		return JSON.readValue(json, LinkedHashMap.class);
	}

	static boolean tooLarge(Map<String, Object> config) {
		return toJson(config).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
	}

	static boolean isSecret(String key) {
		return SECRET_KEY.matcher(key).matches();
	}

	/** The config as answered: secret values become "****" and, when long enough, their last four characters. */
	static Map<String, Object> masked(Map<String, Object> config) {
		Map<String, Object> out = new LinkedHashMap<>();
		config.forEach((key, value) -> out.put(key, isSecret(key) ? mask(value) : maskedValue(value)));
		return out;
	}

	/**
	 * A config sent back by an admin screen carries the masks it was shown: a secret whose new value is a
	 * mask keeps the stored value, so saving a form does not overwrite a key with "****abcd".
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> keepMaskedSecrets(Map<String, Object> incoming, Map<String, Object> stored) {
		Map<String, Object> out = new LinkedHashMap<>();
		incoming.forEach((key, value) -> {
			Object old = stored == null ? null : stored.get(key);
			if (isSecret(key) && value instanceof String s && s.startsWith(MASK) && old != null) {
				out.put(key, old);
			}
			else if (value instanceof Map<?, ?> nested && old instanceof Map<?, ?> oldNested) {
				out.put(key, keepMaskedSecrets((Map<String, Object>) nested, (Map<String, Object>) oldNested));
			}
			else {
				out.put(key, value);
			}
		});
		return out;
	}

	@SuppressWarnings("unchecked")
	private static Object maskedValue(Object value) {
		if (value instanceof Map<?, ?> nested) {
			return masked((Map<String, Object>) nested);
		}
		if (value instanceof List<?> list) {
			List<Object> out = new ArrayList<>(list.size());
			list.forEach(item -> out.add(maskedValue(item)));
			return out;
		}
		return value;
	}

	private static String mask(Object value) {
		// Showing the last four of a long secret lets a merchant tell keys apart without revealing them.
		if (value instanceof String s && s.length() >= 12) {
			return MASK + s.substring(s.length() - 4);
		}
		return MASK;
	}

}
