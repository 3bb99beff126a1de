package io.sokoni.platform.web;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns JSON parse failures into a detail a client developer can act on, without internals. */
final class JsonMessages {

	private JsonMessages() {
	}

	static String describe(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return "Unknown field '" + unknown.getPropertyName() + "'";
		}
		if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			return "Field '" + path(mismatch) + "' has the wrong type or format";
		}
		if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
			return "A JSON request body is required";
		}
		return "The request body is not valid JSON";
	}

	private static String path(MismatchedInputException ex) {
		StringBuilder sb = new StringBuilder();
		ex.getPath().forEach(ref -> {
			if (ref.getPropertyName() != null) {
				sb.append(sb.isEmpty() ? "" : ".").append(ref.getPropertyName());
			}
			else {
				sb.append('[').append(ref.getIndex()).append(']');
			}
		});
		return sb.toString();
	}

}
