package io.sokoni.platform.whatsapp.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.sokoni.platform.support.ApiTestBase;
import org.junit.jupiter.api.Test;

/**
 * With the default configuration (production-like): the Graph stand-in's send side is not served and
 * the client sends to Meta's configured Graph API, never to the stand-in.
 */
class GraphStandInSendDisabledIT extends ApiTestBase {

	@Test
	void theSendSideIsNotServedAndSendsGoToMeta() {
		assertThat(api().post("/graph-standin/v21.0/100000000000001/messages")
			.header("Authorization", "Bearer some-token-000000000000")
			.raw("{\"messaging_product\":\"whatsapp\",\"to\":\"254712345678\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}")
			.send()
			.status()).isEqualTo(404);
		assertThat(context.containsBean("graphStandIn")).isFalse();
		assertThat(context.containsBean("demoWhatsAppLoader")).isFalse();
		assertThat(context.getBean(GraphEndpoints.class).versioned()).isEqualTo("https://graph.facebook.com/v21.0");
	}

}
