package io.sokoni.platform.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for tests: real requests over loopback, with the Host header a storefront
 * request would carry (needs -Djdk.httpclient.allowRestrictedHeaders=host, set by the build).
 */
public final class Api {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	public Api(int port) {
		this.port = port;
	}

	public Call get(String path) {
		return new Call("GET", path);
	}

	public Call post(String path) {
		return new Call("POST", path);
	}

	public Call patch(String path) {
		return new Call("PATCH", path);
	}

	public Call put(String path) {
		return new Call("PUT", path);
	}

	public Call delete(String path) {
		return new Call("DELETE", path);
	}

	public static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	/** One request being built. */
	public final class Call {

		private final String method;

		private final String path;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private String body;

		Call(String method, String path) {
			this.method = method;
			this.path = path;
		}

		public Call host(String host) {
			headers.put("Host", host);
			return this;
		}

		public Call bearer(String token) {
			headers.put("Authorization", "Bearer " + token);
			return this;
		}

		public Call operator() {
			return bearer(ApiTestBase.OPERATOR_TOKEN);
		}

		public Call header(String name, String value) {
			headers.put(name, value);
			return this;
		}

		/** A JSON body from a map, record or list. */
		public Call body(Object value) {
			return raw(json(value));
		}

		/** A body sent exactly as given, as application/json. */
		public Call raw(String text) {
			this.body = text;
			headers.putIfAbsent("Content-Type", "application/json");
			return this;
		}

		public Response send() {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(30))
				.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofString(body));
			headers.forEach(request::header);
			try {
				HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
				return new Response(response.statusCode(), response.body(), response.headers().map());
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

	/** A response: status, raw body, parsed JSON. */
	public record Response(int status, String body, Map<String, java.util.List<String>> headers) {

		public JsonNode json() {
			return body == null || body.isBlank() ? JSON.getNodeFactory().nullNode() : JSON.readTree(body);
		}

		/** The problem type's last path segment, e.g. "unknown-host". */
		public String problemType() {
			String type = json().path("type").asString("");
			return type.substring(type.lastIndexOf('/') + 1);
		}

		public String header(String name) {
			return headers.entrySet()
				.stream()
				.filter(e -> e.getKey().equalsIgnoreCase(name))
				.flatMap(e -> e.getValue().stream())
				.findFirst()
				.orElse(null);
		}

		@Override
		public String toString() {
			return status + " " + body;
		}

	}

}
