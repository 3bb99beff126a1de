package io.sokoni.platform.whatsapp.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.sokoni.platform.whatsapp.outbound.GraphApiException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The Graph API client against a wire-level stub answering Meta's JSON (success and error bodies). */
class GraphApiClientTest {

	private static final String PATH = "/v21.0/106540352242922/messages";

	private WireMockServer meta;

	private GraphApiClient client;

	private final GraphApiClient.Sender sender = new GraphApiClient.Sender("106540352242922", "EAAG-token");

	@BeforeEach
	void start() {
		meta = new WireMockServer(wireMockConfig().dynamicPort());
		meta.start();
		GraphProperties props = new GraphProperties(meta.baseUrl() + "/", "v21.0", Duration.ofSeconds(5),
				Duration.ofSeconds(10));
		client = new GraphApiClient(props, new GraphEndpoints(props, new MockEnvironment()));
	}

	@AfterEach
	void stop() {
		meta.stop();
	}

	private static String accepted(String wamid) {
		return "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"254712345678\",\"wa_id\":\"254712345678\"}],"
				+ "\"messages\":[{\"id\":\"" + wamid + "\"}]}";
	}

	private void answer(int status, String body) {
		meta.stubFor(post(PATH).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody(body)));
	}

	private static String error(int code, Integer subcode) {
		return "{\"error\":{\"message\":\"(#" + code + ") Something\",\"type\":\"OAuthException\",\"code\":" + code
				+ (subcode == null ? "" : ",\"error_subcode\":" + subcode)
				+ ",\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"the details\"},"
				+ "\"fbtrace_id\":\"AbCdEf123\"}}";
	}

	@Test
	void aTextIsPostedWithTheBearerTokenAndTheWamidIsRead() {
		meta.stubFor(post(PATH).willReturn(okJson(accepted("wamid.HBgLMjU0"))));

		GraphApiClient.Sent sent = client.sendText(sender, "+254712345678", "Habari, order SK-1001 is on its way", "n-1");

		assertThat(sent.wamid()).isEqualTo("wamid.HBgLMjU0");
		assertThat(sent.waId()).isEqualTo("254712345678");
		meta.verify(postRequestedFor(urlPathEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer EAAG-token"))
			.withRequestBody(equalToJson("{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\","
					+ "\"to\":\"254712345678\",\"type\":\"text\",\"biz_opaque_callback_data\":\"n-1\","
					+ "\"text\":{\"preview_url\":false,\"body\":\"Habari, order SK-1001 is on its way\"}}")));
	}

	@Test
	void aTemplateCarriesItsLanguageAndBodyParametersInOrder() {
		meta.stubFor(post(PATH).willReturn(okJson(accepted("wamid.T1"))));

		client.sendTemplate(sender, "254712345678", "order_dispatched", "en", List.of("SK-1001", "KES 1,250.00"), null);

		meta.verify(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(equalToJson(
				"{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"254712345678\","
						+ "\"type\":\"template\",\"template\":{\"name\":\"order_dispatched\",\"language\":{\"code\":\"en\"},"
						+ "\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"SK-1001\"},"
						+ "{\"type\":\"text\",\"text\":\"KES 1,250.00\"}]}]}}")));
	}

	@Test
	void anInteractiveMessageIsSentAsGiven() {
		meta.stubFor(post(PATH).willReturn(okJson(accepted("wamid.I1"))));
		Map<String, Object> interactive = Map.of("type", "button", "body", Map.of("text", "Confirm?"), "action",
				Map.of("buttons", List.of(Map.of("type", "reply", "reply", Map.of("id", "yes", "title", "Yes")))));

		assertThat(client.sendInteractive(sender, "254712345678", interactive, null).wamid()).isEqualTo("wamid.I1");
		meta.verify(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(equalToJson(
				"{\"type\":\"interactive\",\"interactive\":{\"type\":\"button\",\"body\":{\"text\":\"Confirm?\"},"
						+ "\"action\":{\"buttons\":[{\"type\":\"reply\",\"reply\":{\"id\":\"yes\",\"title\":\"Yes\"}}]}}}",
				true, true)));
	}

	@Test
	void outsideTheWindowIsReadFromMetasErrorBody() {
		answer(400, error(131047, 2494010));

		assertThatThrownBy(() -> client.sendText(sender, "254712345678", "hi", null))
			.isInstanceOfSatisfying(GraphApiException.class, ex -> {
				assertThat(ex.kind()).isEqualTo(Kind.OUTSIDE_WINDOW);
				assertThat(ex.code()).isEqualTo(131047);
				assertThat(ex.subcode()).isEqualTo(2494010);
				assertThat(ex.fbtraceId()).isEqualTo("AbCdEf123");
				assertThat(ex.getMessage()).contains("(#131047) Something").contains("the details");
				assertThat(ex.kind().retryable()).isFalse();
			});
	}

	@Test
	void eachMetaCodeIsClassified() {
		record Case(int status, Integer code, Kind kind) {
		}
		for (Case c : List.of(new Case(400, 130429, Kind.THROTTLED), new Case(400, 80007, Kind.THROTTLED),
				new Case(400, 4, Kind.THROTTLED), new Case(400, 131056, Kind.THROTTLED),
				new Case(400, 131026, Kind.UNDELIVERABLE), new Case(401, 190, Kind.TOKEN_INVALID),
				new Case(500, 1, Kind.SERVER), new Case(503, null, Kind.SERVER), new Case(400, 132001, Kind.REJECTED),
				new Case(429, null, Kind.THROTTLED))) {
			meta.resetAll();
			answer(c.status(), c.code() == null ? "<html>oops</html>" : error(c.code(), null));
			assertThatThrownBy(() -> client.sendText(sender, "254712345678", "hi", null)).as("case " + c)
				.isInstanceOfSatisfying(GraphApiException.class, ex -> {
					assertThat(ex.kind()).as("case " + c).isEqualTo(c.kind());
					assertThat(ex.httpStatus()).isEqualTo(c.status());
					assertThat(ex.code()).isEqualTo(c.code());
				});
		}
		assertThat(Kind.THROTTLED.retryable()).isTrue();
		assertThat(Kind.SERVER.retryable()).isTrue();
		assertThat(Kind.UNDELIVERABLE.retryable()).isFalse();
		assertThat(Kind.TOKEN_INVALID.retryable()).isFalse();
	}

	@Test
	void aSuccessWithoutAMessageIdIsAServerFailure() {
		answer(200, "{\"messaging_product\":\"whatsapp\"}");

		assertThatThrownBy(() -> client.sendText(sender, "254712345678", "hi", null))
			.isInstanceOfSatisfying(GraphApiException.class, ex -> assertThat(ex.kind()).isEqualTo(Kind.SERVER));
	}

	@Test
	void noAnswerInTimeIsATimeoutAndNoServerIsUnreachable() {
		meta.stubFor(post(PATH).willReturn(okJson(accepted("wamid.late")).withFixedDelay(4_000)));
		meta.stubFor(post(PATH).withRequestBody(containing("warm-up")).atPriority(1).willReturn(okJson(accepted("wamid.w"))));
		GraphProperties impatient = new GraphProperties(meta.baseUrl(), "v21.0", Duration.ofSeconds(5),
				Duration.ofSeconds(1));
		GraphApiClient client = new GraphApiClient(impatient, new GraphEndpoints(impatient, new MockEnvironment()));
		// Connected first (kept alive), so the timeout below is the answer's, not the connection's.
		client.sendText(sender, "254712345678", "warm-up", null);
		assertThatThrownBy(() -> client.sendText(sender, "254712345678", "hi", null))
			.isInstanceOfSatisfying(GraphApiException.class, ex -> assertThat(ex.kind()).isEqualTo(Kind.TIMEOUT));

		meta.stop();
		// A client without a kept-alive connection: it has to connect, and nothing answers.
		assertThatThrownBy(() -> this.client.sendText(sender, "254712345678", "hi", null))
			.isInstanceOfSatisfying(GraphApiException.class, ex -> assertThat(ex.kind()).isEqualTo(Kind.UNREACHABLE));
	}

	@Test
	void theBaseUrlMayNotNameTheStandIn() {
		GraphProperties props = new GraphProperties("http://127.0.0.1:8080/graph-standin", "v21.0",
				Duration.ofSeconds(1), Duration.ofSeconds(1));
		assertThatThrownBy(() -> new GraphEndpoints(props, new MockEnvironment()))
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	void backoffDoublesUpToTheMaximum() {
		OutboundProperties props = new OutboundProperties(true, Duration.ofSeconds(1), 50, 8, 6, Duration.ofSeconds(5),
				Duration.ofSeconds(30), Duration.ofMinutes(2), 80);
		assertThat(props.backoff(1)).isEqualTo(Duration.ofSeconds(5));
		assertThat(props.backoff(2)).isEqualTo(Duration.ofSeconds(10));
		assertThat(props.backoff(3)).isEqualTo(Duration.ofSeconds(20));
		assertThat(props.backoff(4)).isEqualTo(Duration.ofSeconds(30));
	}

}
