package io.sokoni.platform.seo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems.FieldProblem;
import io.sokoni.platform.web.WellFormedText;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A page's own schema.org JSON-LD as the merchant gives it: a JSON object or an array of objects, as
 * JSON or as a string holding JSON (what a form's text area sends), at most 32 KB. Anything else is a
 * 400 naming {@code structuredData}, checked before anything is written.
 */
final class StructuredData {

	static final int MAX_BYTES = 32 * 1024;

	private StructuredData() {
	}

	/** The JSON text to store, or null when there is none. */
	static String check(JsonNode given, JsonMapper json) {
		if (given == null || given.isNull()) {
			return null;
		}
		JsonNode value = given;
		if (given.isString()) {
			try {
				value = json.readTree(given.asString());
			}
			catch (JacksonException ex) {
				throw invalid("is not valid JSON");
			}
			if (value == null || value.isMissingNode()) {
				throw invalid("is not valid JSON");
			}
			// The body's own strings were checked as it was read; the ones inside this string were not.
			if (WellFormedText.malformedPath(value) != null) {
				throw invalid(WellFormedText.PROBLEM);
			}
		}
		boolean objects = value.isObject() || (value.isArray() && !value.isEmpty()
				&& value.valueStream().allMatch(JsonNode::isObject));
		if (!objects) {
			throw invalid("must be a JSON object or a non-empty array of objects (schema.org JSON-LD)");
		}
		String text = json.writeValueAsString(value);
		if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			throw invalid("must be at most " + MAX_BYTES + " bytes of JSON");
		}
		return text;
	}

	private static ApiException invalid(String message) {
		return new ApiException(ProblemType.VALIDATION_FAILED, "The request has invalid fields",
				Map.of("errors", List.of(new FieldProblem("structuredData", message))));
	}

}
