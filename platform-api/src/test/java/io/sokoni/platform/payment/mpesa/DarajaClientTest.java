package io.sokoni.platform.payment.mpesa;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Daraja client against a wire-level stub speaking Daraja's JSON, quirks included. */
class DarajaClientTest {

	private WireMockServer daraja;

	private DarajaClient client;

	private DarajaCredentials credentials;

	@BeforeEach
	void start() {
		daraja = new WireMockServer(wireMockConfig().dynamicPort());
		daraja.start();
		MpesaProperties props = new MpesaProperties("", "http://sandbox", "http://production", Duration.ofSeconds(1),
				Duration.ofSeconds(3), true, List.of(), "log", 3, Duration.ofMinutes(10), Duration.ofSeconds(90),
				Duration.ofSeconds(45), Duration.ofSeconds(5), true, 100, 8, Duration.ofMinutes(10), Duration.ofDays(90),
				Duration.ofHours(1), Duration.ofDays(7));
		client = new DarajaClient(props);
		credentials = new DarajaCredentials(daraja.baseUrl(), "key", "secret");
	}

	@AfterEach
	void stop() {
		daraja.stop();
	}

	private void token(String value) {
		daraja.stubFor(get(urlPathEqualTo("/oauth/v1/generate"))
			.withHeader("Authorization", equalTo("Basic " + Base64.getEncoder().encodeToString("key:secret".getBytes())))
			.willReturn(okJson("{\"access_token\":\"" + value + "\",\"expires_in\":\"3599\"}")));
	}

	private DarajaClient.StkPush push() {
		return new DarajaClient.StkPush("174379", "passkey", "CustomerPayBillOnline", 150, "254708374149", "174379",
				"254708374149", "https://example.test/webhooks/mobile-money/t/stk", "ORDER1001", "Order 1001");
	}

	@Test
	void aPushCarriesTheDocumentedFieldsAndTheTokenIsCachedAcrossCalls() {
		token("tok-1");
		daraja.stubFor(post("/mpesa/stkpush/v1/processrequest")
			.willReturn(okJson("{\"MerchantRequestID\":\"29115-1\",\"CheckoutRequestID\":\"ws_CO_1\","
					+ "\"ResponseCode\":\"0\",\"ResponseDescription\":\"Success\",\"CustomerMessage\":\"Success\"}")));

		var first = client.stkPush(credentials, push());
		client.stkPush(credentials, push());

		assertThat(first.checkoutRequestId()).isEqualTo("ws_CO_1");
		assertThat(first.merchantRequestId()).isEqualTo("29115-1");
		daraja.verify(1, getRequestedFor(urlPathEqualTo("/oauth/v1/generate")));
		daraja.verify(2, postRequestedFor(urlPathEqualTo("/mpesa/stkpush/v1/processrequest"))
			.withHeader("Authorization", equalTo("Bearer tok-1"))
			.withRequestBody(equalToJson("{\"BusinessShortCode\":\"174379\",\"TransactionType\":\"CustomerPayBillOnline\","
					+ "\"Amount\":150,\"PartyA\":\"254708374149\",\"PartyB\":\"174379\",\"PhoneNumber\":\"254708374149\","
					+ "\"AccountReference\":\"ORDER1001\",\"TransactionDesc\":\"Order 1001\"}", true, true)));
		String body = daraja.getAllServeEvents().stream()
			.filter(e -> e.getRequest().getUrl().contains("stkpush"))
			.findFirst().orElseThrow().getRequest().getBodyAsString();
		String timestamp = body.replaceAll(".*\"Timestamp\":\"([0-9]{14})\".*", "$1");
		String password = body.replaceAll(".*\"Password\":\"([^\"]+)\".*", "$1");
		assertThat(new String(Base64.getDecoder().decode(password), StandardCharsets.UTF_8))
			.isEqualTo("174379passkey" + timestamp);
	}

	@Test
	void a401DropsTheCachedTokenAndRetriesOnceWithANewOne() {
		daraja.stubFor(get(urlPathEqualTo("/oauth/v1/generate")).inScenario("tokens").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(okJson("{\"access_token\":\"stale\",\"expires_in\":\"3599\"}")).willSetStateTo("second"));
		daraja.stubFor(get(urlPathEqualTo("/oauth/v1/generate")).inScenario("tokens").whenScenarioStateIs("second")
			.willReturn(okJson("{\"access_token\":\"fresh\",\"expires_in\":\"3599\"}")));
		daraja.stubFor(post("/mpesa/stkpushquery/v1/query").withHeader("Authorization", equalTo("Bearer stale"))
			.willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
				.withBody("{\"requestId\":\"1\",\"errorCode\":\"404.001.03\",\"errorMessage\":\"Invalid Access Token\"}")));
		daraja.stubFor(post("/mpesa/stkpushquery/v1/query").withHeader("Authorization", equalTo("Bearer fresh"))
			.willReturn(okJson("{\"ResponseCode\":\"0\",\"ResultCode\":\"1032\",\"ResultDesc\":\"Request cancelled by user\"}")));

		var result = client.stkQuery(credentials, "174379", "passkey", "ws_CO_1");

		assertThat(result.processing()).isFalse();
		assertThat(result.resultCode()).isEqualTo("1032");
		daraja.verify(2, getRequestedFor(urlPathEqualTo("/oauth/v1/generate")));
	}

	@Test
	void aQueryStillProcessingIsNotFinalAndNumericResultCodesReadAsStrings() {
		token("tok");
		daraja.stubFor(post("/mpesa/stkpushquery/v1/query").inScenario("q").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
				.withBody("{\"requestId\":\"1\",\"errorCode\":\"500.001.1001\",\"errorMessage\":\"The transaction is being processed\"}"))
			.willSetStateTo("done"));
		daraja.stubFor(post("/mpesa/stkpushquery/v1/query").inScenario("q").whenScenarioStateIs("done")
			.willReturn(okJson("{\"ResponseCode\":\"0\",\"ResultCode\":0,\"ResultDesc\":\"processed\"}")));

		assertThat(client.stkQuery(credentials, "174379", "passkey", "ws_CO_1").processing()).isTrue();
		var done = client.stkQuery(credentials, "174379", "passkey", "ws_CO_1");
		assertThat(done.processing()).isFalse();
		assertThat(done.resultCode()).isEqualTo("0");
	}

	@Test
	void errorsSayWhetherDarajaCertainlyDidNotActOnTheRequest() {
		token("tok");
		daraja.stubFor(post("/mpesa/stkpush/v1/processrequest").willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"requestId\":\"1\",\"errorCode\":\"400.002.02\",\"errorMessage\":\"Bad Request - Invalid PhoneNumber\"}")));
		assertThatThrownBy(() -> client.stkPush(credentials, push())).isInstanceOfSatisfying(DarajaException.class, ex -> {
			assertThat(ex.errorCode()).isEqualTo("400.002.02");
			assertThat(ex.certainlyNotApplied()).isTrue();
		});

		daraja.stubFor(post("/mpesa/stkpush/v1/processrequest").willReturn(aResponse().withStatus(200).withFixedDelay(5000)
			.withHeader("Content-Type", "application/json").withBody("{}")));
		assertThatThrownBy(() -> client.stkPush(credentials, push())).isInstanceOfSatisfying(DarajaException.class, ex -> {
			assertThat(ex.kind()).isEqualTo(DarajaException.Kind.TIMEOUT);
			assertThat(ex.certainlyNotApplied()).as("sent, not answered: it may have been applied").isFalse();
		});

		daraja.stubFor(get(urlPathEqualTo("/oauth/v1/generate")).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"errorCode\":\"400.008.01\",\"errorMessage\":\"Invalid Authentication passed\"}")));
		assertThatThrownBy(() -> client.testCredentials(credentials))
			.isInstanceOfSatisfying(DarajaException.class, ex -> assertThat(ex.kind()).isEqualTo(DarajaException.Kind.AUTH));

		DarajaCredentials nowhere = new DarajaCredentials("http://127.0.0.1:9", "key", "secret");
		assertThatThrownBy(() -> client.testCredentials(nowhere)).isInstanceOfSatisfying(DarajaException.class,
				ex -> assertThat(ex.kind()).isEqualTo(DarajaException.Kind.UNREACHABLE));
	}

	@Test
	void theStkCallbackIsReadWithDarajasQuirks() {
		var success = StkCallbackService.parse("""
				{"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":"ws_CO_191220191020363925",
				"ResultCode":0,"ResultDesc":"The service request is processed successfully.","CallbackMetadata":{"Item":[
				{"Name":"Amount","Value":150},{"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"},{"Name":"Balance"},
				{"Name":"TransactionDate","Value":20191219102115},{"Name":"PhoneNumber","Value":254708374149}]}}}}""")
			.orElseThrow();
		assertThat(success.success()).isTrue();
		assertThat(success.amount()).isEqualTo(150);
		assertThat(success.receipt()).isEqualTo("NLJ7RT61SV");
		assertThat(success.phone()).isEqualTo("254708374149");

		var stringCode = StkCallbackService.parse("""
				{"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_1","ResultCode":"SFC_IC0003",
				"ResultDesc":"The operator does not exist"}}}""").orElseThrow();
		assertThat(stringCode.resultCode()).isEqualTo("SFC_IC0003");
		assertThat(stringCode.success()).isFalse();

		assertThat(StkCallbackService.parse("{not json")).isEmpty();
		assertThat(StkCallbackService.parse("{\"Body\":{}}")).isEmpty();
	}

}
