package io.sokoni.platform.whatsapp.standin;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local Graph API, send side: {@code POST {PATH}/{version}/{phone-number-id}/messages} with a bearer
 * token answers Meta's JSON with a new wamid, or one of Meta's errors chosen by the recipient (README
 * table):
 * <pre>
 * 254799131047  free-form (text, interactive): 131047 outside the 24-hour window (HTTP 400); templates go
 * 254799130429  130429 throughput exceeded (HTTP 400), always
 * 254799130430  130429 on the first try of each message (same biz_opaque_callback_data), then accepted
 * 254799000500  HTTP 500, code 1 (is_transient), always
 * 254799000501  HTTP 500 on the first two tries of each message, then accepted
 * 254799131026  131026 message undeliverable (HTTP 400)
 * 254799000504  no answer for 20 s, then accepted (past Sokoni's timeout: the outcome is unknown to it)
 * any other     accepted
 * </pre>
 * An access token starting with "invalid-token" is refused with 190 (HTTP 401). Every accepted message is kept
 * ({@link #accepted()}, newest 10,000) and handed to the {@link StandInSendListener}s. Registered only when
 * {@code sokoni.whatsapp.standin.enabled=true}.
 */
@RestController
@RequestMapping(GraphStandIn.PATH)
@ConditionalOnProperty(name = "sokoni.whatsapp.standin.enabled", havingValue = "true")
public class GraphStandIn {

	public static final String PATH = "/graph-standin";

	public static final String INVALID_TOKEN = "invalid-token";

	private static final int KEPT = 10_000;

	private static final Set<String> TYPES = Set.of("text", "template", "interactive", "image", "document", "audio",
			"video", "sticker", "location", "contacts", "reaction");

	private static final Logger log = LoggerFactory.getLogger(GraphStandIn.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ObjectProvider<StandInSendListener> listeners;

	private final ConcurrentLinkedDeque<StandInSendListener.Accepted> accepted = new ConcurrentLinkedDeque<>();

	private final AtomicInteger size = new AtomicInteger();

	private final Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();

	GraphStandIn(ObjectProvider<StandInSendListener> listeners) {
		this.listeners = listeners;
	}

	/** The messages accepted so far, oldest first (the newest 10,000). */
	public List<StandInSendListener.Accepted> accepted() {
		return new ArrayList<>(accepted);
	}

	@PostMapping(path = "/{version}/{phoneNumberId}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> send(@PathVariable String version, @PathVariable String phoneNumberId,
			@RequestHeader(name = "Authorization", required = false) String authorization, @RequestBody String body) {
		if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() < 12) {
			return error(401, 190, null, "OAuthException", "An active access token must be used to query information.");
		}
		if (authorization.substring(7).startsWith(INVALID_TOKEN)) {
			return error(401, 190, 463, "OAuthException",
					"Error validating access token: Session has expired.");
		}
		if (!version.matches("v[0-9]+\\.[0-9]+") || !phoneNumberId.matches("[0-9]{5,20}")) {
			return error(400, 100, 33, "GraphMethodException",
					"Unsupported post request. Object with ID '" + phoneNumberId + "' does not exist");
		}
		JsonNode request;
		try {
			request = JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			return error(400, 100, null, "OAuthException", "(#100) Invalid parameter");
		}
		String to = request.path("to").asString("").replace("+", "");
		String type = request.path("type").asString("text");
		if (!"whatsapp".equals(request.path("messaging_product").asString(null)) || !to.matches("[0-9]{8,15}")
				|| !TYPES.contains(type) || request.path(type).isMissingNode()) {
			return error(400, 100, null, "OAuthException", "(#100) Invalid parameter");
		}
		String callback = request.path("biz_opaque_callback_data").asString(null);
		String attemptKey = to + "|" + (callback != null ? callback : request.path(type).toString());
		switch (to) {
			case "254799131047" -> {
				if (!type.equals("template")) {
					return error(400, 131047, 2494010, "OAuthException",
							"(#131047) Re-engagement message: more than 24 hours have passed since the recipient last replied to the sender number.");
				}
			}
			case "254799130429" -> {
				return error(400, 130429, 2494100, "OAuthException", "(#130429) Rate limit hit: Cloud API message throughput has been reached.");
			}
			case "254799130430" -> {
				if (tries.computeIfAbsent(attemptKey, k -> new AtomicInteger()).incrementAndGet() <= 1) {
					return error(400, 130429, 2494100, "OAuthException", "(#130429) Rate limit hit: Cloud API message throughput has been reached.");
				}
			}
			case "254799000500" -> {
				return transientError();
			}
			case "254799000501" -> {
				if (tries.computeIfAbsent(attemptKey, k -> new AtomicInteger()).incrementAndGet() <= 2) {
					return transientError();
				}
			}
			case "254799131026" -> {
				return error(400, 131026, 2494002, "OAuthException", "(#131026) Message Undeliverable.");
			}
			case "254799000504" -> {
				try {
					Thread.sleep(20_000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			default -> {
			}
		}
		String wamid = "wamid.HBgM" + to + HexFormat.of().formatHex(random(12)).toUpperCase();
		StandInSendListener.Accepted message = new StandInSendListener.Accepted(phoneNumberId, wamid, to, type, callback,
				Instant.now());
		keep(message);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("messaging_product", "whatsapp");
		answer.put("contacts", List.of(Map.of("input", request.path("to").asString(""), "wa_id", to)));
		answer.put("messages", List.of(type.equals("template") ? Map.of("id", wamid, "message_status", "accepted")
				: Map.of("id", wamid)));
		listeners.orderedStream().forEach(listener -> Thread.ofVirtual().start(() -> {
			try {
				listener.accepted(message);
			}
			catch (RuntimeException ex) {
				log.info("Graph stand-in listener {} failed for {}: {}", listener.getClass().getSimpleName(), wamid,
						ex.toString());
			}
		}));
		return json(200, answer);
	}

	private void keep(StandInSendListener.Accepted message) {
		accepted.addLast(message);
		if (size.incrementAndGet() > KEPT && accepted.pollFirst() != null) {
			size.decrementAndGet();
		}
	}

	private static ResponseEntity<String> transientError() {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", "An unknown error has occurred.");
		error.put("type", "OAuthException");
		error.put("code", 1);
		error.put("is_transient", true);
		error.put("fbtrace_id", fbtrace());
		return json(500, Map.of("error", error));
	}

	private static ResponseEntity<String> error(int status, int code, Integer subcode, String type, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", message);
		error.put("type", type);
		error.put("code", code);
		if (subcode != null) {
			error.put("error_subcode", subcode);
		}
		if (code >= 130000) {
			error.put("error_data", Map.of("messaging_product", "whatsapp", "details", message));
		}
		error.put("fbtrace_id", fbtrace());
		return json(status, Map.of("error", error));
	}

	private static ResponseEntity<String> json(int status, Object body) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body));
	}

	private static String fbtrace() {
		return "A" + HexFormat.of().formatHex(random(10));
	}

	private static byte[] random(int n) {
		byte[] bytes = new byte[n];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

}
