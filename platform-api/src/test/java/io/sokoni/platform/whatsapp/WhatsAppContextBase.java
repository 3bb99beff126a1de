package io.sokoni.platform.whatsapp;

import io.sokoni.platform.support.ApiTestBase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The one application context of every WhatsApp test, inbound and outbound: a known app secret and
 * verify token, the Graph stand-in (both sides) on, a fast webhook sweep and a fast sender. One context
 * means one notification sender for the WhatsApp tests: senders of two contexts would share the test
 * database, and a row claimed by the other one would go to the other context's stand-in. Every other test
 * context runs no sender (ApiTestBase).
 */
@TestPropertySource(locations = "classpath:whatsapp-outbound-test.properties",
		properties = "sokoni.whatsapp.outbound.sender-enabled=true")
public abstract class WhatsAppContextBase extends ApiTestBase {

	public static final String TEST_APP_SECRET = "test-app-secret-0123456789";

	public static final String TEST_VERIFY_TOKEN = "test-verify-token-abcdef";

	@DynamicPropertySource
	static void whatsapp(DynamicPropertyRegistry registry) {
		registry.add("sokoni.whatsapp.webhook.app-secret", () -> TEST_APP_SECRET);
		registry.add("sokoni.whatsapp.webhook.verify-token", () -> TEST_VERIFY_TOKEN);
		registry.add("sokoni.whatsapp.webhook.sweep-interval", () -> "1s");
		registry.add("sokoni.whatsapp.standin.enabled", () -> "true");
		registry.add("sokoni.whatsapp.standin.status-delay", () -> "20ms");
	}

}
