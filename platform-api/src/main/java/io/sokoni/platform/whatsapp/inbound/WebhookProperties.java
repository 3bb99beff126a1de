package io.sokoni.platform.whatsapp.inbound;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The WhatsApp webhook ({@code /webhooks/whatsapp}) and the worker that processes what it stored.
 * @param appSecret           the Meta app's secret: the key of every delivery's X-Hub-Signature-256 (one
 *                            app for all merchants). Unset: every POST is refused (nothing can be verified)
 * @param verifyToken         the token Meta echoes in the GET handshake. Unset: every handshake is refused
 * @param writerThreads       concurrent group commits of received deliveries
 * @param writerBatch         the most deliveries one group commit (one multi-row insert) stores
 * @param storeTimeout        how long a request waits for its batch's commit before answering 503
 * @param workerEnabled       process stored deliveries on this instance
 * @param workerThreads       deliveries processed at once (statuses, texts, everything but catalog orders)
 * @param orderThreads        deliveries carrying a catalog order processed at once, beside those: an order
 *                            takes some twenty round trips to PostgreSQL, mostly waited for, not computed
 * @param handoffCapacity     deliveries queued in memory for each kind of worker thread; beyond it the
 *                            sweep finds them
 * @param lease               how long a delivery stays claimed by the instance working on it
 * @param sweepInterval       how often unprocessed deliveries whose lease ran out are looked for
 * @param sweepBatch          deliveries one sweep claims
 * @param maxAttempts         attempts after which a delivery is left unprocessed for an operator
 * @param retention           how long processed deliveries are kept
 * @param checkoutUrl         the checkout link sent with a catalog order's cart, on the store's own domain
 *                            ({host} and {token} are replaced)
 */
@ConfigurationProperties("sokoni.whatsapp.webhook")
public record WebhookProperties(String appSecret, String verifyToken, @DefaultValue("2") int writerThreads,
		@DefaultValue("500") int writerBatch, @DefaultValue("10s") Duration storeTimeout,
		@DefaultValue("true") boolean workerEnabled, @DefaultValue("4") int workerThreads,
		@DefaultValue("8") int orderThreads, @DefaultValue("20000") int handoffCapacity, @DefaultValue("2m") Duration lease,
		@DefaultValue("5s") Duration sweepInterval, @DefaultValue("200") int sweepBatch,
		@DefaultValue("10") int maxAttempts, @DefaultValue("30d") Duration retention,
		@DefaultValue("https://{host}/checkout?cart={token}") String checkoutUrl) {

	public WebhookProperties {
		if (writerThreads < 1 || writerBatch < 1 || workerThreads < 1 || orderThreads < 1 || handoffCapacity < 1 || sweepBatch < 1
				|| maxAttempts < 1) {
			throw new IllegalArgumentException("sokoni.whatsapp.webhook: thread counts, batch sizes, capacity and "
					+ "attempts must be at least 1");
		}
		if (!checkoutUrl.contains("{token}")) {
			throw new IllegalArgumentException("sokoni.whatsapp.webhook.checkout-url must contain {token}");
		}
	}

	/**
	 * The secret the demo (SOKONI_DEMO) signs and verifies with when none is configured, so the README's
	 * demo runs with one command; published, so never used outside the demo.
	 */
	public static final String DEMO_APP_SECRET = "sokoni-demo-app-secret-not-for-production";

	boolean hasAppSecret() {
		return appSecret != null && !appSecret.isBlank();
	}

	/** The configured app secret, else the demo's when the demo is on, else null (everything refused). */
	public String appSecretOrDemo(boolean demo) {
		return hasAppSecret() ? appSecret : demo ? DEMO_APP_SECRET : null;
	}

	boolean hasVerifyToken() {
		return verifyToken != null && !verifyToken.isBlank();
	}

}
