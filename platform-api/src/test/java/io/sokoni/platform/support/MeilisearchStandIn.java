package io.sokoni.platform.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A wire-level stand-in for Meilisearch (v1.x) on a fixed local port, answering the endpoints the
 * platform uses in their documented format: index creation, settings, document additions and deletions
 * (each an enqueued task), task status, search. It records every request; it can be stopped (connection
 * refused), answer 503 to everything, or report tasks as failed.
 */
public final class MeilisearchStandIn {

	public static final String API_KEY = "test-admin-key-00000000000000000000000000000000000000000000000";

	/** A search key as Meilisearch makes them (64 characters) and its uid. */
	public static final String SEARCH_KEY = "d0552b41536279a0ad88bd595327b96f01176a60c2243e906c52ac02375f9bc4";

	public static final String SEARCH_KEY_UID = "74c9c733-3368-4738-bbe5-1d18a5fecb37";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TASK = """
			{"taskUid": {{randomInt lower=1 upper=100000000}}, "indexUid": "products", "status": "enqueued",
			 "type": "%s", "enqueuedAt": "2026-11-25T10:00:00.000000Z"}""";

	private final int port = freePort();

	private WireMockServer server;

	private final List<StubMapping> outages = new ArrayList<>();

	public MeilisearchStandIn() {
		start();
	}

	/** Points the application at this stand-in, with its keys. */
	public void register(org.springframework.test.context.DynamicPropertyRegistry registry) {
		registry.add("sokoni.search.meilisearch.url", this::url);
		registry.add("sokoni.search.meilisearch.api-key", () -> API_KEY);
		registry.add("sokoni.search.meilisearch.search-key", () -> SEARCH_KEY);
		registry.add("sokoni.search.meilisearch.search-key-uid", () -> SEARCH_KEY_UID);
	}

	public String url() {
		return "http://127.0.0.1:" + port;
	}

	/** Starts (again) on the same port, healthy, with an empty request journal. */
	public synchronized void start() {
		server = new WireMockServer(options().port(port).bindAddress("127.0.0.1").globalTemplating(true));
		server.start();
		stubHealthy();
	}

	/** Stops: connections are refused until {@link #start}. */
	public synchronized void stop() {
		server.stop();
	}

	/** Every request answers 503 (Meilisearch overloaded or restarting) until {@link #recover}. */
	public synchronized void unavailable() {
		outages.add(server.stubFor(any(anyUrl()).atPriority(1)
			.willReturn(aResponse().withStatus(503)
				.withHeader("Content-Type", "application/json")
				.withBody("""
						{"message": "Service unavailable", "code": "internal", "type": "internal",
						 "link": "https://docs.meilisearch.com/errors#internal"}"""))));
	}

	/**
	 * Document additions are answered only after {@code delay} (a slow Meilisearch), until {@link #recover}:
	 * a relay delivering to it stays in the middle of its batch that long.
	 */
	public synchronized void slow(java.time.Duration delay) {
		outages.add(server.stubFor(post(urlPathEqualTo("/indexes/products/documents")).atPriority(1)
			.willReturn(json(202, TASK.formatted("documentAdditionOrUpdate")).withFixedDelay((int) delay.toMillis()))));
	}

	/** Tasks are reported as failed (the HTTP calls that enqueued them still succeeded). */
	public synchronized void failTasks() {
		outages.add(server.stubFor(get(urlPathMatching("/tasks/[0-9]+")).atPriority(1)
			.willReturn(json(200, """
					{"uid": {{request.pathSegments.[1]}}, "indexUid": "products", "status": "failed",
					 "type": "documentAdditionOrUpdate", "canceledBy": null, "details": {"receivedDocuments": 1, "indexedDocuments": 0},
					 "error": {"message": "The `price_cents` field is invalid.", "code": "invalid_document_fields",
					           "type": "invalid_request", "link": "https://docs.meilisearch.com/errors#invalid_document_fields"},
					 "duration": "PT0.001S", "enqueuedAt": "2026-11-25T10:00:00.000000Z",
					 "startedAt": "2026-11-25T10:00:00.000000Z", "finishedAt": "2026-11-25T10:00:00.001000Z"}"""))));
	}

	/** Ends a 503 outage or failing tasks. */
	public synchronized void recover() {
		outages.forEach(server::removeStub);
		outages.clear();
	}

	/** The search answer, as Meilisearch pages with page/hitsPerPage. */
	public synchronized void searchReturns(String hitsJson, int totalHits) {
		server.stubFor(post(urlPathEqualTo("/indexes/products/search")).atPriority(5).willReturn(json(200, """
				{"hits": %s, "query": "", "processingTimeMs": 1, "hitsPerPage": 20, "page": 1,
				 "totalPages": 1, "totalHits": %d}""".formatted(hitsJson, totalHits))));
	}

	/** Bodies of the searches received. */
	public synchronized List<JsonNode> searches() {
		return bodies("/indexes/products/search");
	}

	/** Documents received for addition (all batches). */
	public synchronized List<JsonNode> upsertedDocuments() {
		List<JsonNode> documents = new ArrayList<>();
		bodies("/indexes/products/documents").forEach(batch -> batch.forEach(documents::add));
		return documents;
	}

	/** Ids received for deletion. */
	public synchronized List<String> deletedIds() {
		List<String> ids = new ArrayList<>();
		bodies("/indexes/products/documents/delete-batch").forEach(batch -> batch.forEach(id -> ids.add(id.asString())));
		return ids;
	}

	/** Filters of deletions by filter. */
	public synchronized List<String> deleteFilters() {
		return bodies("/indexes/products/documents/delete").stream().map(b -> b.path("filter").asString()).toList();
	}

	/** Requests no stub answered ("METHOD url"), for diagnosing a test. */
	public synchronized List<String> unmatched() {
		return server.findAllUnmatchedRequests().stream().map(r -> r.getMethod() + " " + r.getUrl()).toList();
	}

	public synchronized void resetRequests() {
		server.resetRequests();
	}

	/** Bodies of the POSTs to a path that were accepted (2xx): what Meilisearch would have taken in. */
	private List<JsonNode> bodies(String path) {
		List<JsonNode> bodies = new ArrayList<>(server.getAllServeEvents()
			.stream()
			.filter(e -> e.getRequest().getMethod().value().equals("POST"))
			.filter(e -> e.getRequest().getUrl().split("\\?")[0].equals(path))
			.filter(e -> e.getResponse().getStatus() / 100 == 2)
			.map(e -> JSON.readTree(e.getRequest().getBodyAsString()))
			.toList());
		// The journal lists the newest first.
		java.util.Collections.reverse(bodies);
		return bodies;
	}

	private void stubHealthy() {
		server.stubFor(post(urlPathEqualTo("/indexes")).willReturn(json(202, TASK.formatted("indexCreation"))));
		// meilisearch-java 0.15.0 sends PATCH /indexes/products//settings; Meilisearch merges the slashes.
		server.stubFor(patch(urlPathMatching("/indexes/products/+settings"))
			.willReturn(json(202, TASK.formatted("settingsUpdate"))));
		server.stubFor(post(urlPathEqualTo("/indexes/products/documents"))
			.willReturn(json(202, TASK.formatted("documentAdditionOrUpdate"))));
		server.stubFor(post(urlPathEqualTo("/indexes/products/documents/delete-batch"))
			.willReturn(json(202, TASK.formatted("documentDeletion"))));
		server.stubFor(post(urlPathEqualTo("/indexes/products/documents/delete"))
			.willReturn(json(202, TASK.formatted("documentDeletion"))));
		server.stubFor(get(urlPathMatching("/tasks/[0-9]+")).willReturn(json(200, """
				{"uid": {{request.pathSegments.[1]}}, "indexUid": "products", "status": "succeeded",
				 "type": "documentAdditionOrUpdate", "canceledBy": null, "details": {"receivedDocuments": 1, "indexedDocuments": 1},
				 "error": null, "duration": "PT0.001S", "enqueuedAt": "2026-11-25T10:00:00.000000Z",
				 "startedAt": "2026-11-25T10:00:00.000000Z", "finishedAt": "2026-11-25T10:00:00.001000Z"}""")));
		searchReturns("[]", 0);
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
