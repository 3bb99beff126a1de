package io.sokoni.platform.insight;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.sokoni.platform.Ids;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks one storefront event of a batch and says why it is refused, field by field; a refused event
 * never stops the others of its batch. What may be sent is bounded so no shopper can make a row large:
 * a session id of 8-64 URL-safe characters, a time no older than a day and at most five minutes ahead
 * (a clock a little fast), short texts, and at most {@value #MAX_PROPERTIES} flat properties of at most
 * {@value #MAX_PROPERTY_VALUE} characters each, together at most {@value #MAX_PROPERTIES_BYTES} bytes as
 * PostgreSQL stores them (the table's check, which would otherwise fail the whole insert). Types the
 * server records itself (orders, payments, abandonments) are refused: a shopper cannot inflate a
 * merchant's revenue.
 */
final class EventValidator {

	static final Set<String> STOREFRONT_TYPES = Set.of("page_view", "product_view", "search", "add_to_cart",
			"checkout_start", "whatsapp_click");

	static final Set<String> SERVER_TYPES = Set.of("order_completed", "payment_started", "payment_failed",
			"payment_succeeded", "cart_abandoned");

	static final Set<String> FIELDS = Set.of("type", "sessionId", "occurredAt", "device", "cityArea", "productId",
			"cartId", "query", "resultCount", "properties");

	static final Set<String> DEVICES = Set.of("mobile", "tablet", "desktop", "other");

	static final int MAX_PROPERTIES = 20;

	static final int MAX_PROPERTY_VALUE = 200;

	/** {@code pg_column_size(properties) <= 4096} on app.insight_events (V50). */
	static final int MAX_PROPERTIES_BYTES = 4096;

	static final Duration MAX_AGE = Duration.ofHours(24);

	static final Duration MAX_AHEAD = Duration.ofMinutes(5);

	private static final Pattern SESSION = Pattern.compile("^[A-Za-z0-9_-]{8,64}$");

	private static final Pattern PROPERTY_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_.-]{0,39}$");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * jsonb's layout of a flat object at the time the check runs: a 4-byte varlena header and a 4-byte
	 * container header, then a 4-byte JEntry per name and per value; names and strings are stored as
	 * their UTF-8 bytes, booleans in the JEntry alone.
	 */
	private static final int JSONB_OBJECT = 8;

	private static final int JSONB_ENTRY = 8;

	/** One field's problem. */
	record FieldError(String field, String message) {
	}

	/** The event to store, or why not. */
	record Outcome(StorefrontEvent event, List<FieldError> errors) {

		boolean accepted() {
			return event != null;
		}

	}

	private EventValidator() {
	}

	static Outcome validate(JsonNode node, OffsetDateTime now) {
		List<FieldError> errors = new ArrayList<>();
		if (node == null || !node.isObject()) {
			return new Outcome(null, List.of(new FieldError("", "an event is a JSON object")));
		}
		for (String name : node.propertyNames()) {
			if (!FIELDS.contains(name)) {
				errors.add(new FieldError(name, "unknown field"));
			}
		}
		String type = text(node, "type", errors);
		if (type == null) {
			if (absent(node, "type")) {
				errors.add(new FieldError("type", "required"));
			}
		}
		else if (SERVER_TYPES.contains(type)) {
			errors.add(new FieldError("type", "recorded by the server, not accepted from storefronts"));
		}
		else if (!STOREFRONT_TYPES.contains(type)) {
			errors.add(new FieldError("type", "must be one of " + String.join(", ", STOREFRONT_TYPES.stream().sorted().toList())));
		}
		String session = text(node, "sessionId", errors);
		if (session == null && absent(node, "sessionId")) {
			errors.add(new FieldError("sessionId", "required"));
		}
		else if (session != null && !SESSION.matcher(session).matches()) {
			errors.add(new FieldError("sessionId", "8 to 64 letters, digits, '-' or '_'"));
		}
		OffsetDateTime occurredAt = now;
		String at = text(node, "occurredAt", errors);
		if (at != null) {
			try {
				occurredAt = OffsetDateTime.parse(at);
				if (occurredAt.isBefore(now.minus(MAX_AGE))) {
					errors.add(new FieldError("occurredAt", "older than 24 hours"));
				}
				else if (occurredAt.isAfter(now.plus(MAX_AHEAD))) {
					errors.add(new FieldError("occurredAt", "in the future"));
				}
			}
			catch (DateTimeParseException ex) {
				errors.add(new FieldError("occurredAt", "an ISO 8601 date-time with offset, e.g. 2026-12-07T10:15:30Z"));
			}
		}
		String device = text(node, "device", errors);
		if (device != null && !DEVICES.contains(device)) {
			errors.add(new FieldError("device", "must be one of desktop, mobile, other, tablet"));
		}
		String area = text(node, "cityArea", errors);
		if (area != null) {
			area = normalise(area);
			if (area.isEmpty() || area.length() > 100) {
				errors.add(new FieldError("cityArea", "1 to 100 characters"));
			}
		}
		UUID product = uuid(node, "productId", errors);
		if (product == null && ("product_view".equals(type) || "add_to_cart".equals(type)) && absent(node, "productId")) {
			errors.add(new FieldError("productId", "required for " + type));
		}
		UUID cart = uuid(node, "cartId", errors);
		String query = text(node, "query", errors);
		Integer results = null;
		if ("search".equals(type)) {
			if (query == null && absent(node, "query")) {
				errors.add(new FieldError("query", "required for search"));
			}
			JsonNode count = node.get("resultCount");
			if (count == null || count.isNull()) {
				errors.add(new FieldError("resultCount", "required for search"));
			}
			else if (!count.isIntegralNumber() || !count.canConvertToInt() || count.asInt() < 0) {
				errors.add(new FieldError("resultCount", "a whole number, 0 or more"));
			}
			else {
				results = count.asInt();
			}
		}
		else if (!absent(node, "query") || !absent(node, "resultCount")) {
			errors.add(new FieldError(!absent(node, "query") ? "query" : "resultCount", "only for search events"));
		}
		if (query != null) {
			query = normalise(query);
			if (query.isEmpty() || query.length() > 200) {
				errors.add(new FieldError("query", "1 to 200 characters"));
			}
		}
		String properties = properties(node.get("properties"), errors);
		if (!errors.isEmpty()) {
			return new Outcome(null, errors);
		}
		return new Outcome(new StorefrontEvent(Ids.next(), occurredAt, type, session, device, area, product, cart, query,
				results, properties), List.of());
	}

	/** Lower case, trimmed, single spaces: "Kilimani " and "kilimani" are one area, one query. */
	static String normalise(String text) {
		return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
	}

	/**
	 * A field not sent or sent as JSON null: both are missing. A required field given as null must be
	 * refused here, or the row would break the multi-row insert of every request written with it.
	 */
	private static boolean absent(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return value == null || value.isNull();
	}

	private static String text(JsonNode node, String field, List<FieldError> errors) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			errors.add(new FieldError(field, "must be a string"));
			return null;
		}
		String text = value.asString();
		if (text.length() > 1000 || text.chars().anyMatch(c -> c == 0 || Character.isISOControl(c))) {
			errors.add(new FieldError(field, "too long or holds control characters"));
			return null;
		}
		return text;
	}

	private static UUID uuid(JsonNode node, String field, List<FieldError> errors) {
		String text = text(node, field, errors);
		if (text == null) {
			return null;
		}
		try {
			UUID id = UUID.fromString(text);
			if (!id.toString().equalsIgnoreCase(text)) {
				throw new IllegalArgumentException(text);
			}
			return id;
		}
		catch (IllegalArgumentException ex) {
			errors.add(new FieldError(field, "a UUID"));
			return null;
		}
	}

	/**
	 * Flat properties: names as in PROPERTY_NAME; values strings (bounded), numbers or booleans; their
	 * jsonb size bounded as the table's check bounds it (20 values of 200 characters, or 7 of 200 "€", are
	 * more than 4 KB).
	 */
	private static String properties(JsonNode value, List<FieldError> errors) {
		if (value == null || value.isNull()) {
			return "{}";
		}
		if (!value.isObject()) {
			errors.add(new FieldError("properties", "must be an object"));
			return null;
		}
		if (value.size() > MAX_PROPERTIES) {
			errors.add(new FieldError("properties", "at most " + MAX_PROPERTIES + " properties"));
			return null;
		}
		ObjectNode kept = JSON.createObjectNode();
		long size = JSONB_OBJECT;
		for (Map.Entry<String, JsonNode> entry : value.properties()) {
			String name = entry.getKey();
			JsonNode v = entry.getValue();
			if (!PROPERTY_NAME.matcher(name).matches()) {
				errors.add(new FieldError("properties." + name.substring(0, Math.min(name.length(), 40)),
						"names: a letter, then up to 39 letters, digits, '_', '.' or '-'"));
			}
			else if (v.isString() && v.asString().length() <= MAX_PROPERTY_VALUE
					&& v.asString().chars().noneMatch(c -> c == 0)) {
				kept.put(name, v.asString());
				size += JSONB_ENTRY + name.length() + v.asString().getBytes(StandardCharsets.UTF_8).length;
			}
			else if (v.isNumber() && (v.isIntegralNumber() ? v.canConvertToLong() : Double.isFinite(v.asDouble()))) {
				kept.set(name, v);
				size += JSONB_ENTRY + name.length() + numericSize(v);
			}
			else if (v.isBoolean()) {
				kept.put(name, v.asBoolean());
				size += JSONB_ENTRY + name.length();
			}
			else {
				errors.add(new FieldError("properties." + name,
						"a string of at most " + MAX_PROPERTY_VALUE + " characters, a number or a boolean"));
			}
		}
		if (size > MAX_PROPERTIES_BYTES) {
			errors.add(new FieldError("properties", "at most " + MAX_PROPERTIES_BYTES
					+ " bytes as stored: names and string values in UTF-8, plus 8 bytes an entry"));
			return null;
		}
		return JSON.writeValueAsString(kept);
	}

	/**
	 * An upper bound of a number's size in jsonb: up to 3 bytes aligning it, an 8-byte numeric header
	 * and 2 bytes per 4 decimal digits (base 10000), one more group for how the digits straddle them.
	 */
	private static long numericSize(JsonNode number) {
		long digits = number.toString().chars().filter(c -> c >= '0' && c <= '9').count();
		return 3 + 8 + 2 * (digits / 4 + 2);
	}

}
