package io.sokoni.platform.whatsapp.standin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.sokoni.platform.whatsapp.inbound.WebhookProperties;
import io.sokoni.platform.whatsapp.inbound.WebhookSignature;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Graph stand-in's webhook-posting side: builds deliveries the way Meta does (the envelope of
 * entry / changes / value, non-ASCII escaped as lowercase {@code \\u00e9} and {@code /} as {@code \/}),
 * signs them with the app secret (X-Hub-Signature-256) and posts them to Sokoni's webhook. It posts
 * status updates (sent, delivered, read) for every message the send side accepts, and inbound messages,
 * catalog orders, locations, duplicates and out-of-order statuses on request ({@link StandInWebhookController}).
 * Registered only when {@code sokoni.whatsapp.standin.enabled=true}.
 */
@Component
@ConditionalOnProperty(name = "sokoni.whatsapp.standin.enabled", havingValue = "true")
public class StandInWebhooks implements StandInSendListener {

	private static final Logger log = LoggerFactory.getLogger(StandInWebhooks.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Environment environment;

	private final String configuredUrl;

	private final WebhookSignature signature;

	private final List<String> statuses;

	private final Duration statusDelay;

	private final boolean reorder;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
			Thread.ofPlatform().name("graph-standin-webhooks").daemon().factory());

	StandInWebhooks(Environment environment,
			@Value("${sokoni.whatsapp.standin.webhook-url:}") String configuredUrl,
			WebhookProperties webhook, @Value("${sokoni.demo.enabled:false}") boolean demo,
			@Value("${sokoni.whatsapp.standin.statuses:sent,delivered,read}") List<String> statuses,
			@Value("${sokoni.whatsapp.standin.status-delay:300ms}") Duration statusDelay,
			@Value("${sokoni.whatsapp.standin.reorder-statuses:false}") boolean reorder) {
		this.environment = environment;
		this.configuredUrl = configuredUrl;
		String appSecret = webhook.appSecretOrDemo(demo);
		this.signature = appSecret == null ? null : new WebhookSignature(appSecret);
		this.statuses = statuses.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
		this.statusDelay = statusDelay;
		this.reorder = reorder;
		if (signature == null) {
			log.warn("The Graph stand-in has no app secret (sokoni.whatsapp.webhook.app-secret): it posts no webhooks");
		}
	}

	/** Statuses for a message the send side accepted: each its own delivery, a little apart. */
	@Override
	public void accepted(Accepted message) {
		List<String> order = new ArrayList<>(statuses);
		if (reorder) {
			java.util.Collections.reverse(order);
		}
		for (int i = 0; i < order.size(); i++) {
			String status = order.get(i);
			scheduler.schedule(() -> {
				post(status(message.phoneNumberId(), message.wamid(), message.to(), status, null,
						message.bizOpaqueCallbackData()));
			}, statusDelay.toMillis() * (i + 1), TimeUnit.MILLISECONDS);
		}
	}

	/** A new wamid as Meta writes them. */
	public static String newWamid() {
		byte[] bytes = new byte[18];
		RANDOM.nextBytes(bytes);
		return "wamid.HBgM" + HexFormat.of().withUpperCase().formatHex(bytes);
	}

	/** The envelope around one change's value. */
	public static ObjectNode envelope(String phoneNumberId, ObjectNode value) {
		ObjectNode root = JsonNodeFactory.instance.objectNode();
		root.put("object", "whatsapp_business_account");
		ObjectNode entry = root.putArray("entry").addObject();
		entry.put("id", "102290129340398");
		ObjectNode change = entry.putArray("changes").addObject();
		change.put("field", "messages");
		value.put("messaging_product", "whatsapp");
		ObjectNode metadata = JsonNodeFactory.instance.objectNode();
		metadata.put("display_phone_number", "254700000000");
		metadata.put("phone_number_id", phoneNumberId);
		value.set("metadata", metadata);
		change.set("value", value);
		return root;
	}

	/** An inbound message delivery: {@code content} is the object named after the type. */
	public static ObjectNode message(String phoneNumberId, String from, String name, String wamid, String type,
			ObjectNode content) {
		ObjectNode value = JsonNodeFactory.instance.objectNode();
		ObjectNode contact = value.putArray("contacts").addObject();
		contact.putObject("profile").put("name", name == null ? "Shopper" : name);
		contact.put("wa_id", from);
		ObjectNode message = value.putArray("messages").addObject();
		message.put("from", from);
		message.put("id", wamid);
		message.put("timestamp", String.valueOf(Instant.now().getEpochSecond()));
		message.put("type", type);
		message.set(type, content);
		return envelope(phoneNumberId, value);
	}

	/** A status update delivery (with Meta's error object for a failure). */
	public static ObjectNode status(String phoneNumberId, String wamid, String recipient, String status,
			Integer errorCode, String bizOpaqueCallbackData) {
		ObjectNode value = JsonNodeFactory.instance.objectNode();
		ObjectNode s = value.putArray("statuses").addObject();
		s.put("id", wamid);
		s.put("status", status);
		s.put("timestamp", String.valueOf(Instant.now().getEpochSecond()));
		s.put("recipient_id", recipient);
		if (bizOpaqueCallbackData != null) {
			s.put("biz_opaque_callback_data", bizOpaqueCallbackData); // Meta echoes what the send carried
		}
		if ("failed".equals(status)) {
			ArrayNode errors = s.putArray("errors");
			ObjectNode error = errors.addObject();
			error.put("code", errorCode == null ? 131026 : errorCode);
			error.put("title", "Message undeliverable");
		}
		return envelope(phoneNumberId, value);
	}

	/** The bytes Meta would send: non-ASCII as lowercase \\u escapes, '/' as '\/'. */
	public static byte[] metaBytes(ObjectNode delivery) {
		String json = JSON.writeValueAsString(delivery);
		StringBuilder out = new StringBuilder(json.length() + 32);
		for (int i = 0; i < json.length(); i++) {
			char c = json.charAt(i);
			if (c == '/') {
				out.append("\\/");
			}
			else if (c > 0x7e) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.toString().getBytes(StandardCharsets.US_ASCII);
	}

	/** Signs and posts one delivery; answers Sokoni's HTTP status (0 when it could not be reached). */
	public int post(ObjectNode delivery) {
		return postBytes(metaBytes(delivery));
	}

	public int postBytes(byte[] body) {
		if (signature == null) {
			return 0;
		}
		HttpRequest request = HttpRequest.newBuilder(URI.create(webhookUrl()))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/json")
			.header(WebhookSignature.HEADER, signature.sign(body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (java.io.IOException ex) {
			log.warn("The Graph stand-in could not post a webhook to {}: {}", webhookUrl(), ex.toString());
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

	/** Posts the same delivery {@code copies} times, all at once when {@code concurrent}. */
	public List<Integer> postCopies(ObjectNode delivery, int copies, boolean concurrent) {
		byte[] body = metaBytes(delivery);
		if (!concurrent) {
			List<Integer> answers = new ArrayList<>();
			for (int i = 0; i < copies; i++) {
				answers.add(postBytes(body));
			}
			return answers;
		}
		List<CompletableFuture<Integer>> futures = new ArrayList<>();
		try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < copies; i++) {
				futures.add(CompletableFuture.supplyAsync(() -> postBytes(body), executor));
			}
		}
		return futures.stream().map(CompletableFuture::join).toList();
	}

	private String webhookUrl() {
		if (configuredUrl != null && !configuredUrl.isBlank()) {
			return configuredUrl;
		}
		return "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080") + "/webhooks/whatsapp";
	}

	@PreDestroy
	void stop() {
		scheduler.shutdownNow();
	}

}
