package io.sokoni.platform.whatsapp.outbound;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Meta's WhatsApp Cloud API, the calls Sokoni makes: send a text, a template (body parameters) or an
 * interactive message ({@code POST /{version}/{phone-number-id}/messages}, bearer token). Never called
 * inside a database transaction. A refusal is a {@link GraphApiException} carrying Meta's error body
 * (code, error_subcode, message, fbtrace_id) and what it means for a sender (outside the window,
 * throttled, undeliverable, token invalid, retryable server failure). The access token is never logged.
 */
@Component
public class GraphApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Logger log = LoggerFactory.getLogger(GraphApiClient.class);

	private final HttpClient http;

	private final GraphProperties props;

	private final GraphEndpoints endpoints;

	GraphApiClient(GraphProperties props, GraphEndpoints endpoints) {
		this.http = HttpClient.newBuilder().connectTimeout(props.connectTimeout()).build();
		this.props = props;
		this.endpoints = endpoints;
	}

	/** Who sends: the business number's id and the tenant's access token. */
	public record Sender(String phoneNumberId, String accessToken) {

		@Override
		public String toString() {
			return "Sender[" + phoneNumberId + "]";
		}

	}

	/** Meta accepted the message (not yet delivered): its wamid, the recipient's wa_id, the raw answer. */
	public record Sent(String wamid, String waId, String answer) {
	}

	/** A free-form text (≤ 4096 characters; only inside the 24-hour window). */
	public Sent sendText(Sender sender, String to, String text, String callbackData) {
		Map<String, Object> body = envelope(to, "text", callbackData);
		body.put("text", Map.of("preview_url", false, "body", text));
		return send(sender, body);
	}

	/** An approved template with its body parameters in order ({{1}}, {{2}}...). */
	public Sent sendTemplate(Sender sender, String to, String name, String language, List<String> bodyParameters,
			String callbackData) {
		Map<String, Object> template = new LinkedHashMap<>();
		template.put("name", name);
		template.put("language", Map.of("code", language));
		if (bodyParameters != null && !bodyParameters.isEmpty()) {
			List<Map<String, Object>> parameters = new ArrayList<>();
			for (String value : bodyParameters) {
				parameters.add(Map.of("type", "text", "text", value));
			}
			template.put("components", List.of(Map.of("type", "body", "parameters", parameters)));
		}
		Map<String, Object> body = envelope(to, "template", callbackData);
		body.put("template", template);
		return send(sender, body);
	}

	/** An interactive message (button or list), given as Meta's {@code interactive} object. */
	public Sent sendInteractive(Sender sender, String to, Map<String, Object> interactive, String callbackData) {
		Map<String, Object> body = envelope(to, "interactive", callbackData);
		body.put("interactive", interactive);
		return send(sender, body);
	}

	private static Map<String, Object> envelope(String to, String type, String callbackData) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("messaging_product", "whatsapp");
		body.put("recipient_type", "individual");
		body.put("to", to.startsWith("+") ? to.substring(1) : to);
		body.put("type", type);
		if (callbackData != null) {
			// Echoed in status webhooks: lets a status be tied to the notification that sent it.
			body.put("biz_opaque_callback_data", callbackData);
		}
		return body;
	}

	private Sent send(Sender sender, Map<String, Object> body) {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(endpoints.versioned() + "/" + sender.phoneNumberId() + "/messages"))
			.timeout(props.requestTimeout())
			.header("Authorization", "Bearer " + sender.accessToken())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build();
		HttpResponse<String> response;
		try {
			response = http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (HttpConnectTimeoutException | ConnectException ex) {
			throw new GraphApiException(GraphApiException.Kind.UNREACHABLE, 0, null, null,
					"the Graph API could not be reached at " + request.uri().getHost(), null, null);
		}
		catch (HttpTimeoutException ex) {
			throw new GraphApiException(GraphApiException.Kind.TIMEOUT, 0, null, null,
					"the Graph API did not answer within " + props.requestTimeout().toSeconds() + " s", null, null);
		}
		catch (IOException ex) {
			throw new GraphApiException(GraphApiException.Kind.TIMEOUT, 0, null, null,
					"the connection to the Graph API broke (" + ex.getClass().getSimpleName() + ")", null, null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GraphApiException(GraphApiException.Kind.TIMEOUT, 0, null, null, "interrupted", null, null);
		}
		return answer(response.statusCode(), response.body());
	}

	/** Reads Meta's answer: the wamid of a 2xx, else the error it names. */
	static Sent answer(int status, String text) {
		JsonNode json = parse(text);
		if (status >= 200 && status < 300) {
			String wamid = json == null ? null : json.path("messages").path(0).path("id").asString(null);
			if (wamid == null || wamid.isBlank()) {
				throw new GraphApiException(GraphApiException.Kind.SERVER, status, null, null,
						"the Graph API answered without a message id", null, text);
			}
			return new Sent(wamid, json.path("contacts").path(0).path("wa_id").asString(null), text);
		}
		JsonNode error = json == null ? null : json.path("error");
		Integer code = error == null || !error.path("code").isNumber() ? null : error.path("code").asInt();
		Integer subcode = error == null || !error.path("error_subcode").isNumber() ? null
				: error.path("error_subcode").asInt();
		String message = error == null ? null : error.path("message").asString(null);
		String details = error == null ? null : error.path("error_data").path("details").asString(null);
		String fbtrace = error == null ? null : error.path("fbtrace_id").asString(null);
		GraphApiException.Kind kind = GraphApiException.classify(status, code);
		String described = message == null ? "HTTP " + status : details == null ? message : message + " (" + details + ")";
		log.info("Graph API answered {} (code {}, subcode {}, fbtrace_id {}): {}", status, code, subcode, fbtrace, described);
		throw new GraphApiException(kind, status, code, subcode, described, fbtrace, text);
	}

	private static JsonNode parse(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return JSON.readTree(text);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
