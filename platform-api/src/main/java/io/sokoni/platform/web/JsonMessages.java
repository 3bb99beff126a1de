package io.sokoni.platform.web;

import java.util.List;
import java.util.Optional;

import io.sokoni.platform.web.Problems.FieldProblem;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
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
		Optional<FieldProblem> field = fieldProblem(ex);
		if (field.isPresent()) {
			return "Field '" + field.get().field() + "' " + field.get().message();
		}
		if (cause instanceof WellFormedStringDeserializer.MalformedTextException) {
			return "The request body " + WellFormedText.PROBLEM;
		}
		if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
			return "A JSON request body is required";
		}
		return "The request body is not valid JSON";
	}

	/** The field a value of the wrong type or range was given for, when the parser knows it. */
	static Optional<FieldProblem> fieldProblem(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof UnrecognizedPropertyException || !(cause instanceof JacksonException jackson)
				|| jackson.getPath().isEmpty()) {
			return Optional.empty();
		}
		if (cause instanceof InputCoercionException) {
			return Optional.of(new FieldProblem(path(jackson), "is out of range"));
		}
		if (cause instanceof WellFormedStringDeserializer.MalformedTextException) {
			return Optional.of(new FieldProblem(path(jackson), WellFormedText.PROBLEM));
		}
		if (cause instanceof MismatchedInputException mismatch) {
			return Optional.of(new FieldProblem(path(jackson), integral(mismatch.getTargetType())
					? "must be a whole number (a JSON integer such as 10, not 10.5, 1.0 or \"10\")"
					: "has the wrong type or format"));
		}
		return Optional.empty();
	}

	private static boolean integral(Class<?> type) {
		return type != null && List.<Class<?>>of(int.class, long.class, short.class, Integer.class, Long.class,
				Short.class, java.math.BigInteger.class).contains(type);
	}

	private static String path(JacksonException ex) {
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
