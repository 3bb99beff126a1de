package io.sokoni.platform.payment.mpesa;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sokoni.platform.Hashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Safaricom's Daraja API, every call Sokoni makes: OAuth, STK Push and its query, C2B URL
 * registration and simulation, reversal and transaction status. Never called inside a database
 * transaction. Tokens are cached per credential set (base URL + key + secret) and refreshed five
 * minutes before they expire; a 401 drops the cached token and the call is tried once more with a new
 * one. Daraja's quirks handled here: {@code expires_in} is a string, {@code ResponseCode} and
 * {@code ResultCode} come as strings or numbers, errors are {@code errorCode}/{@code errorMessage}
 * bodies, and an STK query for a prompt still open fails with {@code 500.001.1001}.
 */
@Component
public class DarajaClient {

	/** The STK query's answer while the shopper has not finished. */
	public static final String STILL_PROCESSING = "500.001.1001";

	static final ZoneId EAT = ZoneId.of("Africa/Nairobi");

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

	private static final Duration REFRESH_EARLY = Duration.ofMinutes(5);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Logger log = LoggerFactory.getLogger(DarajaClient.class);

	private final HttpClient http;

	private final Duration requestTimeout;

	private final Cache<String, Token> tokens = Caffeine.newBuilder().maximumSize(10_000).build();

	DarajaClient(MpesaProperties props) {
		this.http = HttpClient.newBuilder().connectTimeout(props.connectTimeout()).build();
		this.requestTimeout = props.requestTimeout();
	}

	private record Token(String value, Instant refreshAt) {
	}

	/** What STK Push sends (shortcode and passkey make the password; amount in whole shillings). */
	public record StkPush(String businessShortcode, String passkey, String transactionType, long amountShillings,
			String partyA, String partyB, String phoneNumber, String callbackUrl, String accountReference,
			String transactionDesc) {

		@Override
		public String toString() {
			return "StkPush[" + businessShortcode + ", " + amountShillings + " KES, " + accountReference + "]";
		}

	}

	/** Daraja accepted the push (ResponseCode 0): the prompt is on its way, nothing is paid yet. */
	public record StkAccepted(String merchantRequestId, String checkoutRequestId, String customerMessage) {
	}

	/**
	 * An STK query's answer: {@code processing} while the prompt is open ({@code 500.001.1001}), else
	 * the final ResultCode (as a string) and ResultDesc.
	 */
	public record StkQueryResult(boolean processing, String resultCode, String resultDesc) {
	}

	/** A token, fetched anew (not cached): the "test the credentials" action. */
	public void testCredentials(DarajaCredentials credentials) {
		fetchToken(credentials);
	}

	public StkAccepted stkPush(DarajaCredentials credentials, StkPush push) {
		String timestamp = timestamp();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("BusinessShortCode", push.businessShortcode());
		body.put("Password", password(push.businessShortcode(), push.passkey(), timestamp));
		body.put("Timestamp", timestamp);
		body.put("TransactionType", push.transactionType());
		body.put("Amount", push.amountShillings());
		body.put("PartyA", push.partyA());
		body.put("PartyB", push.partyB());
		body.put("PhoneNumber", push.phoneNumber());
		body.put("CallBackURL", push.callbackUrl());
		body.put("AccountReference", push.accountReference());
		body.put("TransactionDesc", push.transactionDesc());
		JsonNode answer = call(credentials, "/mpesa/stkpush/v1/processrequest", body);
		String code = text(answer.path("ResponseCode"));
		if (!"0".equals(code)) {
			throw new DarajaException(DarajaException.Kind.REJECTED, 200, code,
					"STK Push refused: " + text(answer.path("ResponseDescription")));
		}
		return new StkAccepted(text(answer.path("MerchantRequestID")), text(answer.path("CheckoutRequestID")),
				text(answer.path("CustomerMessage")));
	}

	public StkQueryResult stkQuery(DarajaCredentials credentials, String businessShortcode, String passkey,
			String checkoutRequestId) {
		String timestamp = timestamp();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("BusinessShortCode", businessShortcode);
		body.put("Password", password(businessShortcode, passkey, timestamp));
		body.put("Timestamp", timestamp);
		body.put("CheckoutRequestID", checkoutRequestId);
		try {
			JsonNode answer = call(credentials, "/mpesa/stkpushquery/v1/query", body);
			String resultCode = text(answer.path("ResultCode"));
			if (resultCode == null) {
				// Accepted but no result yet (ResponseCode 0 without ResultCode): still open.
				return new StkQueryResult(true, null, text(answer.path("ResponseDescription")));
			}
			return new StkQueryResult(false, resultCode, text(answer.path("ResultDesc")));
		}
		catch (DarajaException ex) {
			if (STILL_PROCESSING.equals(ex.errorCode())) {
				return new StkQueryResult(true, null, ex.getMessage());
			}
			throw ex;
		}
	}

	/** Registers the C2B confirmation and validation URLs of a shortcode; Daraja's answer as it came. */
	public JsonNode c2bRegister(DarajaCredentials credentials, String shortcode, String responseType,
			String confirmationUrl, String validationUrl) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("ShortCode", shortcode);
		body.put("ResponseType", responseType);
		body.put("ConfirmationURL", confirmationUrl);
		body.put("ValidationURL", validationUrl);
		return call(credentials, "/mpesa/c2b/v1/registerurl", body);
	}

	/** Simulates a customer paying the shortcode (sandbox only). */
	public JsonNode c2bSimulate(DarajaCredentials credentials, String shortcode, String commandId, long amount,
			String msisdn, String billRefNumber) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("ShortCode", shortcode);
		body.put("CommandID", commandId);
		body.put("Amount", amount);
		body.put("Msisdn", msisdn);
		body.put("BillRefNumber", billRefNumber);
		return call(credentials, "/mpesa/c2b/v1/simulate", body);
	}

	/** Asks for a transaction to be reversed; the result comes later to {@code resultUrl}. */
	public JsonNode reversal(DarajaCredentials credentials, String initiator, String securityCredential,
			String transactionId, long amountShillings, String receiverParty, String receiverIdentifierType,
			String resultUrl, String timeoutUrl, String remarks, String occasion) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("Initiator", initiator);
		body.put("SecurityCredential", securityCredential);
		body.put("CommandID", "TransactionReversal");
		body.put("TransactionID", transactionId);
		body.put("Amount", amountShillings);
		body.put("ReceiverParty", receiverParty);
		body.put("RecieverIdentifierType", receiverIdentifierType); // Daraja's spelling
		body.put("ResultURL", resultUrl);
		body.put("QueueTimeOutURL", timeoutUrl);
		body.put("Remarks", remarks);
		body.put("Occasion", occasion == null ? "" : occasion);
		return call(credentials, "/mpesa/reversal/v1/request", body);
	}

	/** Asks for a transaction's status by receipt; the result comes later to {@code resultUrl}. */
	public JsonNode transactionStatus(DarajaCredentials credentials, String initiator, String securityCredential,
			String transactionId, String partyA, String identifierType, String resultUrl, String timeoutUrl,
			String remarks) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("Initiator", initiator);
		body.put("SecurityCredential", securityCredential);
		body.put("CommandID", "TransactionStatusQuery");
		body.put("TransactionID", transactionId);
		body.put("PartyA", partyA);
		body.put("IdentifierType", identifierType);
		body.put("ResultURL", resultUrl);
		body.put("QueueTimeOutURL", timeoutUrl);
		body.put("Remarks", remarks);
		body.put("Occasion", "");
		return call(credentials, "/mpesa/transactionstatus/v1/query", body);
	}

	/** Base64(shortcode + passkey + timestamp): plain concatenation, as Daraja documents. */
	static String password(String shortcode, String passkey, String timestamp) {
		return Base64.getEncoder().encodeToString((shortcode + passkey + timestamp).getBytes(StandardCharsets.UTF_8));
	}

	/** yyyyMMddHHmmss in Kenya time, the same string goes into the password. */
	static String timestamp() {
		return ZonedDateTime.now(EAT).format(TIMESTAMP);
	}

	private JsonNode call(DarajaCredentials credentials, String path, Map<String, Object> body) {
		String token = token(credentials);
		try {
			return post(credentials, path, body, token);
		}
		catch (DarajaException ex) {
			if (ex.httpStatus() != 401) {
				throw ex;
			}
			// A token Daraja no longer takes (expired early, revoked): once more with a fresh one.
			tokens.invalidate(cacheKey(credentials));
			return post(credentials, path, body, token(credentials));
		}
	}

	private JsonNode post(DarajaCredentials credentials, String path, Map<String, Object> body, String token) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(credentials.baseUrl() + path))
			.timeout(requestTimeout)
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build();
		return send(request, path);
	}

	private String token(DarajaCredentials credentials) {
		String key = cacheKey(credentials);
		Token cached = tokens.getIfPresent(key);
		if (cached != null && Instant.now().isBefore(cached.refreshAt())) {
			return cached.value();
		}
		Token fresh = fetchToken(credentials);
		tokens.put(key, fresh);
		return fresh.value();
	}

	private Token fetchToken(DarajaCredentials credentials) {
		String basic = Base64.getEncoder()
			.encodeToString((credentials.consumerKey() + ":" + credentials.consumerSecret())
				.getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(credentials.baseUrl() + "/oauth/v1/generate?grant_type=client_credentials"))
			.timeout(requestTimeout)
			.header("Authorization", "Basic " + basic)
			.GET()
			.build();
		JsonNode answer;
		try {
			answer = send(request, "/oauth/v1/generate");
		}
		catch (DarajaException ex) {
			if (ex.kind() == DarajaException.Kind.REJECTED || ex.httpStatus() == 401) {
				throw new DarajaException(DarajaException.Kind.AUTH, ex.httpStatus(), ex.errorCode(),
						"Daraja refused the consumer key and secret (" + ex.getMessage()
								+ "); check both, and that they belong to this environment (sandbox keys do not work "
								+ "in production and the other way round)");
			}
			throw ex;
		}
		String value = text(answer.path("access_token"));
		if (value == null || value.isBlank()) {
			throw new DarajaException(DarajaException.Kind.AUTH, 200, null, "Daraja answered without an access token");
		}
		long expiresIn = 3599;
		String expires = text(answer.path("expires_in")); // a string, e.g. "3599"
		try {
			if (expires != null) {
				expiresIn = Long.parseLong(expires.strip());
			}
		}
		catch (NumberFormatException ignored) {
			// keep the documented lifetime
		}
		Duration early = Duration.ofSeconds(Math.min(REFRESH_EARLY.toSeconds(), expiresIn / 2));
		return new Token(value, Instant.now().plusSeconds(expiresIn).minus(early));
	}

	private JsonNode send(HttpRequest request, String what) {
		HttpResponse<String> response;
		try {
			response = http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (HttpConnectTimeoutException | ConnectException ex) {
			throw new DarajaException(DarajaException.Kind.UNREACHABLE, 0, null,
					"Daraja could not be reached at " + request.uri().getHost() + " (" + ex.getClass().getSimpleName() + ")");
		}
		catch (HttpTimeoutException ex) {
			throw new DarajaException(DarajaException.Kind.TIMEOUT, 0, null,
					"Daraja did not answer " + what + " within " + requestTimeout.toSeconds() + " s");
		}
		catch (IOException ex) {
			// The connection broke while the request was under way: it may have arrived.
			throw new DarajaException(DarajaException.Kind.TIMEOUT, 0, null,
					"The connection to Daraja broke during " + what + " (" + ex.getClass().getSimpleName() + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DarajaException(DarajaException.Kind.TIMEOUT, 0, null, "Interrupted while calling Daraja");
		}
		JsonNode body = parse(response.body());
		int status = response.statusCode();
		if (status >= 200 && status < 300) {
			if (body == null) {
				throw new DarajaException(DarajaException.Kind.SERVER, status, null,
						"Daraja answered " + what + " with a body that is not JSON");
			}
			return body;
		}
		String errorCode = body == null ? null : text(body.path("errorCode"));
		String errorMessage = body == null ? null : text(body.path("errorMessage"));
		log.info("Daraja answered {} to {}: {} {}", status, what, errorCode, errorMessage);
		String message = errorMessage != null ? errorMessage : "HTTP " + status;
		if (errorCode == null && status >= 500) {
			throw new DarajaException(DarajaException.Kind.SERVER, status, null, "Daraja failed with HTTP " + status);
		}
		throw new DarajaException(DarajaException.Kind.REJECTED, status, errorCode, message);
	}

	private static JsonNode parse(String body) {
		if (body == null || body.isBlank()) {
			return JSON.getNodeFactory().objectNode();
		}
		try {
			return JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** A string or number field as a string (Daraja sends either), null when absent. */
	static String text(JsonNode node) {
		// an object or an array is no text: null, as a missing field (callbacks are read from untrusted bodies)
		if (node == null || node.isMissingNode() || node.isNull() || node.isContainer()) {
			return null;
		}
		return node.isNumber() ? node.numberValue().toString() : node.asString();
	}

	private static String cacheKey(DarajaCredentials credentials) {
		return Hashes.sha256Hex(credentials.baseUrl() + "\n" + credentials.consumerKey() + "\n"
				+ credentials.consumerSecret());
	}

}
