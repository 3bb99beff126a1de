package io.sokoni.platform.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.insight.EventValidator.FieldError;
import io.sokoni.platform.insight.EventValidator.Outcome;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventValidatorTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 7, 10, 0, 0, 0, ZoneOffset.UTC);

	private static Outcome check(String json) {
		return EventValidator.validate(JSON.readTree(json), NOW);
	}

	@Test
	void aValidSearchIsNormalised() {
		Outcome o = check("""
				{"type": "search", "sessionId": "sess-12345", "query": "  Maasai   Sandals ", "resultCount": 0,
				 "cityArea": " Kilimani ", "device": "mobile", "occurredAt": "2026-12-07T09:00:00Z",
				 "properties": {"page": "home", "position": 3, "logged": false}}""");
		assertThat(o.errors()).isEmpty();
		assertThat(o.event().searchQuery()).isEqualTo("maasai sandals");
		assertThat(o.event().cityArea()).isEqualTo("kilimani");
		assertThat(o.event().resultCount()).isZero();
		assertThat(o.event().occurredAt()).isEqualTo(NOW.minusHours(1));
		assertThat(o.event().properties()).isEqualTo("{\"page\":\"home\",\"position\":3,\"logged\":false}");
	}

	@Test
	void eachBadFieldIsNamed() {
		Outcome o = check("""
				{"type": "order_completed", "sessionId": "x", "occurredAt": "2026-12-05T09:00:00Z", "device": "fridge",
				 "productId": "not-a-uuid", "colour": "red", "properties": {"nested": {"a": 1}}}""");
		assertThat(o.accepted()).isFalse();
		assertThat(o.errors()).extracting(FieldError::field)
			.containsExactlyInAnyOrder("colour", "type", "sessionId", "occurredAt", "device", "productId",
					"properties.nested");
	}

	@Test
	void requiredFieldsDependOnTheType() {
		assertThat(check("{\"type\": \"product_view\", \"sessionId\": \"sess-12345\"}").errors())
			.extracting(FieldError::field).containsExactly("productId");
		assertThat(check("{\"type\": \"search\", \"sessionId\": \"sess-12345\"}").errors()).extracting(FieldError::field)
			.containsExactly("query", "resultCount");
		assertThat(check("{\"type\": \"page_view\", \"sessionId\": \"sess-12345\", \"query\": \"a\"}").errors())
			.extracting(FieldError::field).containsExactly("query");
		assertThat(check("{\"type\": \"add_to_cart\", \"sessionId\": \"sess-12345\", \"productId\": \"" + UUID.randomUUID()
				+ "\"}").accepted()).isTrue();
	}

	@Test
	void aRequiredFieldSentAsNullIsMissing() {
		assertThat(check("{\"type\": null, \"sessionId\": \"sess-12345\"}").errors())
			.containsExactly(new FieldError("type", "required"));
		assertThat(check("{\"type\": \"page_view\", \"sessionId\": null}").errors())
			.containsExactly(new FieldError("sessionId", "required"));
		assertThat(check("{\"type\": \"product_view\", \"sessionId\": \"sess-12345\", \"productId\": null}").errors())
			.extracting(FieldError::field).containsExactly("productId");
		assertThat(check("{\"type\": \"search\", \"sessionId\": \"sess-12345\", \"query\": null, \"resultCount\": 1}")
			.errors()).extracting(FieldError::field).containsExactly("query");
		assertThat(check("{\"type\": \"page_view\", \"sessionId\": \"sess-12345\", \"device\": null, \"query\": null}")
			.accepted()).as("an optional field as null is left out").isTrue();
	}

	/** Six values of 200 "€" (600 bytes each) and a seventh of 418 bytes: 4,096 bytes as jsonb. */
	static Map<String, Object> propertiesOfBytes(int bytes) {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (int i = 0; i < 6; i++) {
			properties.put("p" + i, "€".repeat(200));
		}
		int left = bytes - 8 - 6 * (8 + 2 + 600) - (8 + 2);
		properties.put("p6", "€".repeat(left / 3) + "a".repeat(left % 3));
		return properties;
	}

	@Test
	void propertiesLargerThanTheTableAllowsAreRefused() {
		assertThat(check("{\"type\": \"page_view\", \"sessionId\": \"sess-12345\", \"properties\": "
				+ JSON.writeValueAsString(propertiesOfBytes(4096)) + "}").accepted()).isTrue();
		assertThat(check("{\"type\": \"page_view\", \"sessionId\": \"sess-12345\", \"properties\": "
				+ JSON.writeValueAsString(propertiesOfBytes(4097)) + "}").errors()).extracting(FieldError::field)
			.containsExactly("properties");
		Map<String, Object> ascii = new LinkedHashMap<>();
		for (int i = 0; i < 20; i++) {
			ascii.put("p" + i, "a".repeat(200));
		}
		assertThat(check("{\"type\": \"page_view\", \"sessionId\": \"sess-12345\", \"properties\": "
				+ JSON.writeValueAsString(ascii) + "}").errors()).extracting(FieldError::field).containsExactly("properties");
		Map<String, Object> numbers = new LinkedHashMap<>();
		for (int i = 0; i < 20; i++) {
			numbers.put("p" + i, i % 2 == 0 ? Long.MIN_VALUE : -1.2345678901234567E-300);
		}
		assertThat(check("{\"type\": \"page_view\", \"sessionId\": \"sess-12345\", \"properties\": "
				+ JSON.writeValueAsString(numbers) + "}").accepted()).as("numbers are small").isTrue();
	}

	@Test
	void timesOutsideTheWindowAndTooManyPropertiesAreRefused() {
		assertThat(check("{\"type\": \"page_view\", \"sessionId\": \"sess-12345\", \"occurredAt\": \"2026-12-07T10:06:00Z\"}")
			.errors()).extracting(FieldError::message).containsExactly("in the future");
		assertThat(check("{\"type\": \"page_view\", \"sessionId\": \"sess-12345\", \"occurredAt\": \"2026-12-06T09:59:00Z\"}")
			.errors()).extracting(FieldError::message).containsExactly("older than 24 hours");
		StringBuilder props = new StringBuilder("{");
		for (int i = 0; i < 21; i++) {
			props.append(i == 0 ? "" : ",").append("\"p").append(i).append("\": 1");
		}
		assertThat(check("{\"type\": \"page_view\", \"sessionId\": \"sess-12345\", \"properties\": " + props + "}}")
			.errors()).extracting(FieldError::field).containsExactly("properties");
		assertThat(check("{\"type\": \"page_view\", \"sessionId\": \"sess-12345\", \"properties\": {\"note\": \""
				+ "x".repeat(201) + "\"}}").errors()).extracting(FieldError::field).containsExactly("properties.note");
		assertThat(check("[1]").errors()).extracting(FieldError::field).containsExactly("");
	}

}
