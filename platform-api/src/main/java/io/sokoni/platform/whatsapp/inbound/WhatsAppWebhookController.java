package io.sokoni.platform.whatsapp.inbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.sokoni.platform.web.ClientAddress;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Meta's WhatsApp webhook. GET is the verification handshake. POST checks X-Hub-Signature-256 over the
 * body's bytes exactly as received, before anything is parsed (missing: 401, wrong: 403, logged, nothing
 * stored), stores the body raw in the control database and answers 200 once it is committed; the
 * {@link DeliveryWorker} then finds the tenant (metadata.phone_number_id) and does the work from the
 * stored body. 503 when the body could not be stored (Meta sends it again).
 */
@RestController
@RequestMapping(WhatsAppWebhookController.PATH)
@Tag(name = "Webhooks: WhatsApp")
class WhatsAppWebhookController {

	static final String PATH = "/webhooks/whatsapp";

	private static final Logger log = LoggerFactory.getLogger(WhatsAppWebhookController.class);

	private final WebhookProperties props;

	private final DeliveryIntake intake;

	private final ClientAddress clientAddress;

	private final WebhookSignature signature;

	WhatsAppWebhookController(WebhookProperties props, DeliveryIntake intake, ClientAddress clientAddress,
			@Value("${sokoni.demo.enabled:false}") boolean demo) {
		this.props = props;
		this.intake = intake;
		this.clientAddress = clientAddress;
		String secret = props.appSecretOrDemo(demo);
		this.signature = secret == null ? null : new WebhookSignature(secret);
		if (signature == null) {
			log.warn("sokoni.whatsapp.webhook.app-secret is not set: every WhatsApp delivery will be refused");
		}
		else if (!props.hasAppSecret()) {
			log.warn("WhatsApp deliveries are verified with the published demo app secret (SOKONI_DEMO)");
		}
	}

	@Operation(summary = "Meta's verification handshake: echoes hub.challenge when hub.verify_token matches")
	@GetMapping
	ResponseEntity<?> verify(@RequestParam(name = "hub.mode", required = false) String mode,
			@RequestParam(name = "hub.verify_token", required = false) String token,
			@RequestParam(name = "hub.challenge", required = false) String challenge, HttpServletRequest request) {
		if ("subscribe".equals(mode) && token != null && props.hasVerifyToken() && challenge != null && challenge.length() <= 256
				&& MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
						props.verifyToken().getBytes(StandardCharsets.UTF_8))) {
			return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
		}
		log.warn("WhatsApp webhook handshake refused (mode {}) from {}", mode, clientAddress.of(request));
		return ResponseEntity.status(403)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(ProblemType.FORBIDDEN, "Verification refused"));
	}

	@Operation(summary = "A signed WhatsApp delivery (messages, statuses): stored raw, answered at once")
	@PostMapping(consumes = MediaType.ALL_VALUE)
	ResponseEntity<?> receive(@RequestBody(required = false) byte[] body,
			@RequestHeader(name = WebhookSignature.HEADER, required = false) String signed, HttpServletRequest request) {
		byte[] bytes = body == null ? new byte[0] : body;
		if (signed == null || signed.isBlank()) {
			log.warn("WhatsApp delivery without {} from {}: refused", WebhookSignature.HEADER, clientAddress.of(request));
			return problem(ProblemType.UNAUTHENTICATED, "Missing " + WebhookSignature.HEADER);
		}
		if (signature == null || !signature.verifies(bytes, signed)) {
			log.warn("WhatsApp delivery with a wrong {} from {} ({} bytes): refused", WebhookSignature.HEADER,
					clientAddress.of(request), bytes.length);
			return problem(ProblemType.FORBIDDEN, "Signature does not match");
		}
		try {
			intake.store(bytes).get(props.storeTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return problem(ProblemType.DATABASE_UNAVAILABLE, "Not stored; send it again");
		}
		catch (ExecutionException | TimeoutException ex) {
			log.warn("A WhatsApp delivery could not be stored: {}", ex.toString());
			return problem(ProblemType.DATABASE_UNAVAILABLE, "Not stored; send it again");
		}
		return ResponseEntity.ok().build();
	}

	private static ResponseEntity<?> problem(ProblemType type, String detail) {
		return ResponseEntity.status(type.status())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(type, detail));
	}

}
