package io.sokoni.platform.whatsapp.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.whatsapp.WhatsAppTestBase;
import org.junit.jupiter.api.Test;

/** The Graph stand-in's send side speaks Meta's wire format: wamids, and the errors of the README table. */
class GraphStandInIT extends WhatsAppTestBase {

	private Response send(String token, String to, String type) {
		Map<String, Object> body = type.equals("template")
				? Map.of("messaging_product", "whatsapp", "to", to, "type", "template", "template",
						Map.of("name", "hello_world", "language", Map.of("code", "en_US")))
				: Map.of("messaging_product", "whatsapp", "to", to, "type", "text", "text", Map.of("body", "Habari"));
		return api().post("/graph-standin/v21.0/106540352242922/messages")
			.header("Authorization", "Bearer " + token)
			.body(body)
			.send();
	}

	@Test
	void acceptedMessagesGetAWamidAndErrorsComeByRecipient() {
		Response ok = send("EAAG-some-token-value-1234", "254712345678", "text");
		assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
		assertThat(ok.json().path("messages").path(0).path("id").asString()).startsWith("wamid.");
		assertThat(ok.json().path("contacts").path(0).path("wa_id").asString()).isEqualTo("254712345678");

		Response outside = send("EAAG-some-token-value-1234", "254799131047", "text");
		assertThat(outside.status()).isEqualTo(400);
		assertThat(outside.json().path("error").path("code").asInt()).isEqualTo(131047);
		assertThat(send("EAAG-some-token-value-1234", "254799131047", "template").status())
			.as("a template goes outside the window").isEqualTo(200);
		assertThat(send("EAAG-some-token-value-1234", "254799130429", "text").json().path("error").path("code").asInt())
			.isEqualTo(130429);
		Response failed = send("EAAG-some-token-value-1234", "254799000500", "text");
		assertThat(failed.status()).isEqualTo(500);
		assertThat(failed.json().path("error").path("fbtrace_id").asString()).isNotBlank();
		assertThat(send("EAAG-some-token-value-1234", "254799131026", "text").json().path("error").path("code").asInt())
			.isEqualTo(131026);
		Response token = send("invalid-token-000000000", "254712345678", "text");
		assertThat(token.status()).isEqualTo(401);
		assertThat(token.json().path("error").path("code").asInt()).isEqualTo(190);
		assertThat(api().post("/graph-standin/v21.0/106540352242922/messages").raw("{}").send().status())
			.as("no bearer token").isEqualTo(401);
	}

}
