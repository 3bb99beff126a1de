package io.sokoni.platform.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;

class WebhookProcessorTest {

	private static Instant read(String timestamp) {
		return WebhookProcessor.instant(JsonNodeFactory.instance.stringNode(timestamp));
	}

	@Test
	void aTimestampOutsideAPlausibleWindowIsNow() {
		Instant before = Instant.now();
		assertThat(read("1765000000")).isEqualTo(Instant.ofEpochSecond(1765000000));
		for (String odd : new String[] { "99999999999999", "-99999999999999", "0", "1230767999", "soon", "" }) {
			assertThat(read(odd)).as(odd).isBetween(before, Instant.now());
		}
		assertThat(read(String.valueOf(Instant.now().plus(Duration.ofDays(2)).getEpochSecond())))
			.isBetween(before, Instant.now());
		assertThat(WebhookProcessor.instant(MissingNode.getInstance())).isBetween(before, Instant.now());
	}

}
