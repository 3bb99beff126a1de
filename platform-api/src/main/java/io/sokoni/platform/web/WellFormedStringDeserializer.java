package io.sokoni.platform.web;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;

/** Reads JSON strings of request bodies, refusing a NUL character or a lone surrogate (see {@link WellFormedText}). */
final class WellFormedStringDeserializer extends StringDeserializer {

	@Override
	public String deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
		String value = super.deserialize(p, ctxt);
		if (value != null && !WellFormedText.isWellFormed(value)) {
			throw new MalformedTextException(p, value);
		}
		return value;
	}

	/** A string value that is not well-formed text. */
	static final class MalformedTextException extends InvalidFormatException {

		private static final long serialVersionUID = 1L;

		MalformedTextException(JsonParser p, String value) {
			super(p, "String " + WellFormedText.PROBLEM, value, String.class);
		}

	}

}
