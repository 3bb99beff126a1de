package io.sokoni.platform.payment.mpesa.standin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local Daraja: the endpoints Sokoni calls, under {@value #PATH}, with Daraja's JSON quirks
 * ({@code expires_in} a string, the query's {@code ResultCode} a string, {@code errorCode} bodies,
 * {@code Balance} without {@code Value}, {@code TransactionDate} and {@code PhoneNumber} numbers), and
 * callbacks delivered asynchronously to the CallBackURL after a configurable delay, with optional jitter
 * (reordering), duplicates and loss. The paying phone number chooses what happens (README table):
 * <pre>
 * 254700000001 (and any number not below)  success
 * 254700000002  cancelled by the user (1032)
 * 254700000003  timeout (1037), no callback at all (the query says 1037)
 * 254700000004  insufficient funds (1)
 * 254700000005  success whose callback never comes (the query says 0)
 * 254700000006  success, its callback sent three times
 * 254700000007  success, the callback reports one shilling more than asked
 * 254700000008  the push is refused with HTTP 500 and an errorCode body
 * 254700000009  the push hangs (no answer within Sokoni's timeout)
 * 254700000010  success, but the first two queries say "still processing" (500.001.1001)
 * 254700000011  failure with a string ResultCode (SFC_IC0003, till misconfiguration)
 * </pre>
 * Consumer secret "wrong-secret" is refused by OAuth. Registered only when
 * {@code sokoni.mpesa.standin.enabled=true}; it only ever serves sandbox accounts (DarajaEndpoints).
 */
@RestController
@RequestMapping(DarajaStandIn.PATH)
@ConditionalOnProperty(name = "sokoni.mpesa.standin.enabled", havingValue = "true")
public class DarajaStandIn {

	public static final String PATH = "/daraja-standin";

	public static final String WRONG_SECRET = "wrong-secret";

	private static final Logger log = LoggerFactory.getLogger(DarajaStandIn.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

	private static final ZoneId EAT = ZoneId.of("Africa/Nairobi");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final StandInProperties props;

	private final Set<String> tokens = ConcurrentHashMap.newKeySet();

	private final Map<String, Push> pushes = new ConcurrentHashMap<>();

	private final Map<String, Long> receipts = new ConcurrentHashMap<>();

	private final Map<String, C2bUrls> c2bUrls = new ConcurrentHashMap<>();

	private final AtomicInteger sequence = new AtomicInteger();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	DarajaStandIn(StandInProperties props) {
		this.props = props;
		log.warn("The Daraja stand-in is enabled at {}: sandbox M-Pesa accounts are served locally", PATH);
	}

	/** An STK push as the stand-in remembers it. */
	record Push(String checkoutRequestId, String merchantRequestId, String phone, long amount, Outcome outcome,
			Instant resultAt, String receipt, AtomicInteger queries) {
	}

	record C2bUrls(String confirmationUrl, String validationUrl, String responseType) {
	}

	enum Outcome {

		SUCCESS("0", "The service request is processed successfully."),
		CANCELLED("1032", "Request cancelled by user"), TIMEOUT("1037", "DS timeout user cannot be reached"),
		INSUFFICIENT("1", "The balance is insufficient for the transaction."),
		SUCCESS_NO_CALLBACK("0", "The service request is processed successfully."),
		SUCCESS_DUPLICATED("0", "The service request is processed successfully."),
		SUCCESS_WRONG_AMOUNT("0", "The service request is processed successfully."),
		REFUSED(null, null), HANGS(null, null),
		SUCCESS_SLOW_QUERY("0", "The service request is processed successfully."),
		OPERATOR_MISSING("SFC_IC0003", "The operator does not exist");

		final String code;

		final String desc;

		Outcome(String code, String desc) {
			this.code = code;
			this.desc = desc;
		}

		static Outcome of(String phone) {
			return switch (phone == null ? "" : phone) {
				case "254700000002" -> CANCELLED;
				case "254700000003" -> TIMEOUT;
				case "254700000004" -> INSUFFICIENT;
				case "254700000005" -> SUCCESS_NO_CALLBACK;
				case "254700000006" -> SUCCESS_DUPLICATED;
				case "254700000007" -> SUCCESS_WRONG_AMOUNT;
				case "254700000008" -> REFUSED;
				case "254700000009" -> HANGS;
				case "254700000010" -> SUCCESS_SLOW_QUERY;
				case "254700000011" -> OPERATOR_MISSING;
				default -> SUCCESS;
			};
		}

		boolean succeeds() {
			return "0".equals(code);
		}

	}

	@GetMapping(path = "/oauth/v1/generate", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> token(@RequestHeader(name = "Authorization", required = false) String authorization) {
		String[] keyAndSecret = basic(authorization);
		if (keyAndSecret == null || keyAndSecret[0].isBlank() || WRONG_SECRET.equals(keyAndSecret[1])) {
			return error(400, "400.008.01", "Invalid Authentication passed");
		}
		String token = random(28);
		tokens.add(token);
		// expires_in is a string on Daraja.
		return json(200, Map.of("access_token", token, "expires_in", "3599"));
	}

	@PostMapping(path = "/mpesa/stkpush/v1/processrequest", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> stkPush(@RequestHeader(name = "Authorization", required = false) String authorization,
			@RequestBody String body) throws InterruptedException {
		if (!authorized(authorization)) {
			return invalidToken();
		}
		JsonNode request = JSON.readTree(body);
		String phone = request.path("PhoneNumber").asString("");
		String callbackUrl = request.path("CallBackURL").asString("");
		long amount = request.path("Amount").asLong(0);
		if (!phone.matches("254[17][0-9]{8}")) {
			return error(400, "400.002.02", "Bad Request - Invalid PhoneNumber");
		}
		if (!callbackUrl.startsWith("http") || callbackUrl.contains(" ")) {
			return error(400, "400.002.02", "Bad Request - Invalid CallBackURL");
		}
		if (amount < 1 || !request.path("Amount").canConvertToExactIntegral()) {
			return error(400, "400.002.02", "Bad Request - Invalid Amount");
		}
		if (!passwordShaped(request)) {
			return error(400, "400.002.02", "Bad Request - Invalid Password");
		}
		Outcome outcome = Outcome.of(phone);
		if (outcome == Outcome.REFUSED) {
			return error(500, "500.003.02", "System is busy. Please try again in few minutes.");
		}
		if (outcome == Outcome.HANGS) {
			Thread.sleep(props.hang().toMillis());
			return error(503, "503.001.01", "Service unavailable");
		}
		int n = sequence.incrementAndGet();
		String checkoutRequestId = "ws_CO_" + ZonedDateTime.now(EAT).format(TIMESTAMP) + String.format("%09d", n);
		String merchantRequestId = (10000 + n % 90000) + "-" + (10_000_000 + n) + "-1";
		String receipt = outcome.succeeds() ? receipt() : null;
		Push push = new Push(checkoutRequestId, merchantRequestId, phone, amount, outcome,
				Instant.now().plus(props.callbackDelay()), receipt, new AtomicInteger());
		pushes.put(checkoutRequestId, push);
		if (receipt != null) {
			receipts.put(receipt, amount);
		}
		if (outcome != Outcome.TIMEOUT && outcome != Outcome.SUCCESS_NO_CALLBACK) {
			int copies = 1 + props.duplicates() + (outcome == Outcome.SUCCESS_DUPLICATED ? 2 : 0);
			String callback = JSON.writeValueAsString(stkCallback(push));
			for (int i = 0; i < copies; i++) {
				deliver(callbackUrl, callback);
			}
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("MerchantRequestID", merchantRequestId);
		answer.put("CheckoutRequestID", checkoutRequestId);
		answer.put("ResponseCode", "0");
		answer.put("ResponseDescription", "Success. Request accepted for processing");
		answer.put("CustomerMessage", "Success. Request accepted for processing");
		return json(200, answer);
	}

	@PostMapping(path = "/mpesa/stkpushquery/v1/query", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> stkQuery(@RequestHeader(name = "Authorization", required = false) String authorization,
			@RequestBody String body) {
		if (!authorized(authorization)) {
			return invalidToken();
		}
		JsonNode request = JSON.readTree(body);
		Push push = pushes.get(request.path("CheckoutRequestID").asString(""));
		if (push == null) {
			return error(500, "500.001.1001", "Unable to lock subscriber, a transaction is already in process for the current subscriber");
		}
		int query = push.queries().incrementAndGet();
		if (Instant.now().isBefore(push.resultAt()) || push.outcome() == Outcome.SUCCESS_SLOW_QUERY && query <= 2) {
			return error(500, "500.001.1001", "The transaction is being processed");
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("ResponseCode", "0");
		answer.put("ResponseDescription", "The service request has been accepted successsfully");
		answer.put("MerchantRequestID", push.merchantRequestId());
		answer.put("CheckoutRequestID", push.checkoutRequestId());
		answer.put("ResultCode", push.outcome().code); // a string here, unlike the callback
		answer.put("ResultDesc", push.outcome().desc);
		return json(200, answer);
	}

	@PostMapping(path = "/mpesa/c2b/v1/registerurl", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> c2bRegister(@RequestHeader(name = "Authorization", required = false) String authorization,
			@RequestBody String body) {
		if (!authorized(authorization)) {
			return invalidToken();
		}
		JsonNode request = JSON.readTree(body);
		String responseType = request.path("ResponseType").asString("");
		if (!responseType.equals("Completed") && !responseType.equals("Cancelled")) {
			return error(400, "400.002.02", "Bad Request - Invalid ResponseType");
		}
		for (String field : List.of("ConfirmationURL", "ValidationURL")) {
			String url = request.path(field).asString("").toLowerCase();
			if (url.isBlank() || url.contains("mpesa") || url.contains("safaricom") || url.contains("sql")
					|| url.contains("query") || url.contains("exec") || url.contains("cmd")) {
				return error(400, "400.002.02", "Bad Request - Invalid " + field);
			}
		}
		c2bUrls.put(request.path("ShortCode").asString(""), new C2bUrls(request.path("ConfirmationURL").asString(),
				request.path("ValidationURL").asString(), responseType));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("OriginatorCoversationID", random(12)); // Daraja's spelling
		answer.put("ResponseCode", "0");
		answer.put("ResponseDescription", "Success");
		return json(200, answer);
	}

	/** A customer paying the shortcode from the phone menu: validation (when it answers), then confirmation. */
	@PostMapping(path = "/mpesa/c2b/v1/simulate", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> c2bSimulate(@RequestHeader(name = "Authorization", required = false) String authorization,
			@RequestBody String body) {
		if (!authorized(authorization)) {
			return invalidToken();
		}
		JsonNode request = JSON.readTree(body);
		String shortcode = request.path("ShortCode").asString("");
		C2bUrls urls = c2bUrls.get(shortcode);
		if (urls == null) {
			return error(400, "400.002.02", "Bad Request - ShortCode has no registered URLs");
		}
		String receipt = receipt();
		long amount = request.path("Amount").asLong(0);
		receipts.put(receipt, amount);
		Map<String, Object> payment = new LinkedHashMap<>();
		payment.put("TransactionType", request.path("CommandID").asString("").equals("CustomerBuyGoodsOnline")
				? "Buy Goods" : "Pay Bill");
		payment.put("TransID", receipt);
		payment.put("TransTime", ZonedDateTime.now(EAT).format(TIMESTAMP));
		payment.put("TransAmount", amount + ".00"); // a string with cents on Daraja
		payment.put("BusinessShortCode", shortcode);
		payment.put("BillRefNumber", request.path("BillRefNumber").asString(""));
		payment.put("InvoiceNumber", "");
		payment.put("OrgAccountBalance", "");
		payment.put("ThirdPartyTransID", "");
		payment.put("MSISDN", request.path("Msisdn").asString(""));
		payment.put("FirstName", "John");
		payment.put("MiddleName", "");
		payment.put("LastName", "Doe");
		scheduler.schedule(() -> {
			boolean accepted = true;
			try {
				HttpResponse<String> answer = post(urls.validationUrl(), JSON.writeValueAsString(payment));
				JsonNode result = JSON.readTree(answer.body());
				accepted = answer.statusCode() == 200 && "0".equals(result.path("ResultCode").asString());
			}
			catch (Exception ex) {
				accepted = urls.responseType().equals("Completed");
			}
			if (accepted) {
				Map<String, Object> confirmation = new LinkedHashMap<>(payment);
				confirmation.put("OrgAccountBalance", "49197.00");
				deliver(urls.confirmationUrl(), JSON.writeValueAsString(confirmation));
			}
		}, props.callbackDelay().toMillis(), TimeUnit.MILLISECONDS);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("OriginatorCoversationID", random(12));
		answer.put("ResponseCode", "0");
		answer.put("ResponseDescription", "Accept the service request successfully.");
		return json(200, answer);
	}

	@PostMapping(path = "/mpesa/reversal/v1/request", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> reversal(@RequestHeader(name = "Authorization", required = false) String authorization,
			@RequestBody String body) {
		return resultLater(authorization, body, "reversal");
	}

	@PostMapping(path = "/mpesa/transactionstatus/v1/query", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> transactionStatus(
			@RequestHeader(name = "Authorization", required = false) String authorization, @RequestBody String body) {
		return resultLater(authorization, body, "status");
	}

	/** Reversal and status: accepted now, the result POSTed to ResultURL later. */
	private ResponseEntity<String> resultLater(String authorization, String body, String what) {
		if (!authorized(authorization)) {
			return invalidToken();
		}
		JsonNode request = JSON.readTree(body);
		if (request.path("Initiator").asString("").isBlank() || request.path("SecurityCredential").asString("").isBlank()) {
			return error(400, "400.002.02", "Bad Request - Invalid Initiator");
		}
		String conversationId = "AG_" + ZonedDateTime.now(EAT).format(TIMESTAMP) + "_" + random(10);
		String originatorId = random(8) + "-" + sequence.incrementAndGet() + "-1";
		String transactionId = request.path("TransactionID").asString("");
		Long paid = receipts.get(transactionId);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("ResultType", 0);
		if (paid == null) {
			result.put("ResultCode", "R000002"); // a string, as Daraja sends this one
			result.put("ResultDesc", "The OriginalTransID is invalid.");
		}
		else if (what.equals("reversal") && request.path("Amount").asLong(0) > paid) {
			result.put("ResultCode", "R000001");
			result.put("ResultDesc", "The transaction amount exceeds the amount of the original transaction.");
		}
		else {
			result.put("ResultCode", 0);
			result.put("ResultDesc", "The service request is processed successfully.");
		}
		result.put("OriginatorConversationID", originatorId);
		result.put("ConversationID", conversationId);
		result.put("TransactionID", receipt());
		if (paid != null) {
			List<Map<String, Object>> parameters = new ArrayList<>();
			if (what.equals("reversal")) {
				parameters.add(Map.of("Key", "Amount", "Value", request.path("Amount").asLong(0)));
				parameters.add(Map.of("Key", "OriginalTransactionID", "Value", transactionId));
				parameters.add(Map.of("Key", "TransCompletedTime", "Value", Long.parseLong(ZonedDateTime.now(EAT).format(TIMESTAMP))));
				parameters.add(Map.of("Key", "Charge", "Value", 0));
				parameters.add(Map.of("Key", "DebitAccountBalance", "Value", "Utility Account|KES|0.00|0.00|0.00|0.00"));
			}
			else {
				parameters.add(Map.of("Key", "ReceiptNo", "Value", transactionId));
				parameters.add(Map.of("Key", "Amount", "Value", paid));
				parameters.add(Map.of("Key", "TransactionStatus", "Value", "Completed"));
				parameters.add(Map.of("Key", "DebitPartyName", "Value", "254708374149 - John Doe"));
				parameters.add(Map.of("Key", "FinalisedTime", "Value", Long.parseLong(ZonedDateTime.now(EAT).format(TIMESTAMP))));
			}
			result.put("ResultParameters", Map.of("ResultParameter", parameters));
		}
		result.put("ReferenceData", Map.of("ReferenceItem",
				Map.of("Key", "QueueTimeoutURL", "Value", request.path("QueueTimeOutURL").asString(""))));
		deliver(request.path("ResultURL").asString(""), JSON.writeValueAsString(Map.of("Result", result)));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("OriginatorConversationID", originatorId);
		answer.put("ConversationID", conversationId);
		answer.put("ResponseCode", "0");
		answer.put("ResponseDescription", "Accept the service request successfully.");
		return json(200, answer);
	}

	private Map<String, Object> stkCallback(Push push) {
		Map<String, Object> callback = new LinkedHashMap<>();
		callback.put("MerchantRequestID", push.merchantRequestId());
		callback.put("CheckoutRequestID", push.checkoutRequestId());
		callback.put("ResultCode", push.outcome() == Outcome.OPERATOR_MISSING ? push.outcome().code
				: Integer.parseInt(push.outcome().code)); // a number, except the string codes
		callback.put("ResultDesc", push.outcome().desc);
		if (push.outcome().succeeds()) {
			long amount = push.outcome() == Outcome.SUCCESS_WRONG_AMOUNT ? push.amount() + 1 : push.amount();
			List<Map<String, Object>> items = new ArrayList<>();
			items.add(Map.of("Name", "Amount", "Value", amount));
			items.add(Map.of("Name", "MpesaReceiptNumber", "Value", push.receipt()));
			items.add(Map.of("Name", "Balance")); // no Value, as Daraja sends it
			items.add(Map.of("Name", "TransactionDate", "Value", Long.parseLong(ZonedDateTime.now(EAT).format(TIMESTAMP))));
			items.add(Map.of("Name", "PhoneNumber", "Value", Long.parseLong(push.phone())));
			callback.put("CallbackMetadata", Map.of("Item", items));
		}
		return Map.of("Body", Map.of("stkCallback", callback));
	}

	/** Sends a body to a URL after the delay (plus jitter), unless the configured loss drops it. */
	private void deliver(String url, String body) {
		if (url == null || url.isBlank() || ThreadLocalRandom.current().nextDouble() < props.lossRate()) {
			return;
		}
		long delay = props.callbackDelay().toMillis()
				+ (props.jitter().isZero() ? 0 : ThreadLocalRandom.current().nextLong(props.jitter().toMillis() + 1));
		scheduler.schedule(() -> Thread.ofVirtual().start(() -> {
			try {
				post(url, body);
			}
			catch (Exception ex) {
				log.info("Stand-in callback to {} failed: {}", url, ex.toString());
			}
		}), delay, TimeUnit.MILLISECONDS);
	}

	private HttpResponse<String> post(String url, String body) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** base64(shortcode + passkey + timestamp): the stand-in knows no passkey, but checks the frame. */
	private static boolean passwordShaped(JsonNode request) {
		String shortcode = request.path("BusinessShortCode").asString("");
		String timestamp = request.path("Timestamp").asString("");
		try {
			String decoded = new String(Base64.getDecoder().decode(request.path("Password").asString("")),
					StandardCharsets.UTF_8);
			return timestamp.matches("[0-9]{14}") && decoded.startsWith(shortcode) && decoded.endsWith(timestamp)
					&& decoded.length() > shortcode.length() + timestamp.length();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private boolean authorized(String authorization) {
		return authorization != null && authorization.startsWith("Bearer ")
				&& tokens.contains(authorization.substring("Bearer ".length()));
	}

	private static ResponseEntity<String> invalidToken() {
		return error(401, "404.001.03", "Invalid Access Token");
	}

	private static String[] basic(String authorization) {
		if (authorization == null || !authorization.startsWith("Basic ")) {
			return null;
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			return colon < 0 ? null : new String[] { decoded.substring(0, colon), decoded.substring(colon + 1) };
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static ResponseEntity<String> error(int status, String code, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("requestId", random(8) + "-" + random(4));
		body.put("errorCode", code);
		body.put("errorMessage", message);
		return json(status, body);
	}

	private static ResponseEntity<String> json(int status, Object body) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body));
	}

	private static String receipt() {
		return random(10).toUpperCase();
	}

	private static String random(int length) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
		}
		return text.toString();
	}

	@PreDestroy
	void stop() {
		scheduler.shutdownNow();
	}

}
