package io.sokoni.platform.web;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jackson.BaseNodeDeserializer;
import tools.jackson.databind.deser.jackson.JsonNodeDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies read integers strictly: money is integer minor units and quantities are counts, so
 * {@code 10.5}, {@code 1.0}, {@code 1e3} or {@code "1"} for an integer field is a 400 naming the field
 * (Jackson would otherwise truncate fractions and parse strings). Only the server's converter is
 * strict: clients of outside APIs (which may send numbers as strings) keep Boot's mapper. Strings
 * (values and map keys) holding a NUL character or a lone surrogate are refused the same way.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJsonRequests implements WebMvcConfigurer {

	private final JsonMapper requests;

	StrictJsonRequests(JsonMapper jsonMapper) {
		this.requests = strict(jsonMapper);
	}

	/** The mapper with integers read strictly and malformed text refused (also for bodies read by hand). */
	public static JsonMapper strict(JsonMapper mapper) {
		return mapper.rebuild()
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.withCoercionConfig(LogicalType.Integer,
					c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.addModule(new SimpleModule("well-formed-text")
				.addDeserializer(String.class, new WellFormedStringDeserializer())
				.addDeserializer(JsonNode.class, new WellFormedTree())
				.addKeyDeserializer(String.class, new WellFormedKeys()))
			.build();
	}

	private static final class WellFormedKeys extends KeyDeserializer {

		@Override
		public Object deserializeKey(String key, DeserializationContext ctxt) {
			if (!WellFormedText.isWellFormed(key)) {
				throw new WellFormedStringDeserializer.MalformedTextException(ctxt.getParser(), key);
			}
			return key;
		}

	}

	/**
	 * Bodies and fields read as a JSON tree (storefront events, structured data) are stored from the
	 * tree, so its strings and names are checked as any other: a lone surrogate would be stored as "?".
	 */
	private static final class WellFormedTree extends JsonNodeDeserializer {

		WellFormedTree() {
		}

		private WellFormedTree(WellFormedTree base, boolean mergeArrays, boolean mergeObjects) {
			super(base, mergeArrays, mergeObjects);
		}

		@Override
		protected BaseNodeDeserializer<?> _createWithMerge(boolean mergeArrays, boolean mergeObjects) {
			return new WellFormedTree(this, mergeArrays, mergeObjects);
		}

		@Override
		public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
			JsonNode tree = super.deserialize(p, ctxt);
			List<Object> path = WellFormedText.malformedPath(tree);
			if (path != null) {
				JacksonException ex = new WellFormedStringDeserializer.MalformedTextException(p, null);
				for (Object step : path) {
					if (step instanceof Integer index) {
						ex.prependPath(tree, index);
					}
					else {
						ex.prependPath(tree, (String) step);
					}
				}
				throw ex;
			}
			return tree;
		}

	}

	/** Runs after Boot's own configurer (order 0), so this converter replaces the default JSON one. */
	@Override
	public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
		builder.withJsonConverter(new JacksonJsonHttpMessageConverter(requests));
	}

}
