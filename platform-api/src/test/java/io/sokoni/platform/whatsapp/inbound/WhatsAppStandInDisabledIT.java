package io.sokoni.platform.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.sokoni.platform.support.ApiTestBase;
import org.junit.jupiter.api.Test;

/**
 * With the default configuration (production-like): the stand-in's posting side does not exist, and
 * without an app secret or verify token every delivery and handshake is refused.
 */
class WhatsAppStandInDisabledIT extends ApiTestBase {

	@Test
	void noStandInAndNothingAcceptedWithoutSecrets() {
		assertThat(api().post("/graph-standin/simulate/messages").raw("{}").send().status()).isEqualTo(404);
		assertThat(context.containsBean("standInWebhooks")).isFalse();
		byte[] body = "{}".getBytes();
		assertThat(api().post("/webhooks/whatsapp")
			.header(WebhookSignature.HEADER, new WebhookSignature("guess").sign(body))
			.raw("{}")
			.send()
			.status()).isEqualTo(403);
		assertThat(api().get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=&hub.challenge=1").send().status())
			.isEqualTo(403);
	}

}
