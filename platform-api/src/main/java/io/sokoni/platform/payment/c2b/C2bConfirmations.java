package io.sokoni.platform.payment.c2b;

import java.util.Set;

import io.sokoni.platform.payment.mpesa.StoredCallback;
import io.sokoni.platform.payment.mpesa.StoredCallbackHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Applies stored C2B confirmations (paybill/till payments) through {@link C2bService#confirm}. */
@Component
class C2bConfirmations implements StoredCallbackHandler {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final C2bService c2b;

	C2bConfirmations(C2bService c2b) {
		this.c2b = c2b;
	}

	@Override
	public Set<String> kinds() {
		return Set.of("c2b_confirmation");
	}

	@Override
	public void apply(StoredCallback callback) {
		c2b.confirm(callback.id(), parse(callback.body()));
	}

	/** The body as JSON; an unparsable one as an empty object (applied as unparsable). */
	static JsonNode parse(String body) {
		try {
			JsonNode node = JSON.readTree(body == null ? "" : body);
			return node == null || !node.isObject() ? JSON.createObjectNode() : node;
		}
		catch (RuntimeException ex) {
			return JSON.createObjectNode();
		}
	}

}
