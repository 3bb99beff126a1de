package io.sokoni.platform.whatsapp.account;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.jooq.tables.records.WhatsappAccountsRecord;
import io.sokoni.platform.PhoneNumbers;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.secrets.SecretBox;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems;
import io.sokoni.platform.whatsapp.outbound.GraphApiClient;
import io.sokoni.platform.whatsapp.outbound.GraphApiException;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tenant's WhatsApp number: connected, replaced or disconnected by its owner. The access token is
 * encrypted (associated data = tenant + column, so a ciphertext copied to another row does not open),
 * shown masked, never logged; every change audited (which fields changed, never the token). The
 * phone-number id is first claimed in the control database ({@link PhoneNumberRegistry}: one tenant per
 * id, 409 otherwise), then the tenant's row is written; a failed write gives the new claim back, a
 * replaced number's old claim is given back after the commit.
 */
@Service
public class WhatsAppAccountService {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WhatsAppAccountRepository accounts;

	private final PhoneNumberRegistry numbers;

	private final SecretBox box;

	private final AuditTrail audit;

	private final GraphApiClient graph;

	private final TransactionTemplate tx;

	WhatsAppAccountService(WhatsAppAccountRepository accounts, PhoneNumberRegistry numbers, SecretBox box,
			AuditTrail audit, GraphApiClient graph, TransactionTemplate tx) {
		this.accounts = accounts;
		this.numbers = numbers;
		this.box = box;
		this.audit = audit;
		this.graph = graph;
		this.tx = tx;
	}

	/** The bound tenant's number with its token decrypted (for sending), if it has one. */
	@Transactional(readOnly = true)
	public Optional<WhatsAppAccount> find() {
		return accounts.find().map(row -> new WhatsAppAccount(row.getPhoneNumberId(), row.getWabaId(),
				row.getDisplayNumber(), box.decrypt(row.getAccessTokenCiphertext(), ad(row.getTenantId()))));
	}

	/** Whether the bound tenant has a number connected (no decryption). */
	@Transactional(readOnly = true)
	public boolean connected() {
		return accounts.find().isPresent();
	}

	@Transactional(readOnly = true)
	public WhatsAppAccountView view() {
		return accounts.find().map(WhatsAppAccountService::view).orElseThrow(() -> ApiException.notFound("WhatsApp account"));
	}

	/** Connects a number, or replaces the connected one's details (not in a transaction: two databases). */
	public WhatsAppAccountView save(WhatsAppAccountRequest request) {
		TenantId tenant = TenantContext.require();
		String display = PhoneNumbers.normalize(request.displayNumber()).orElseThrow();
		Optional<WhatsappAccountsRecord> before = tx.execute(s -> accounts.find());
		String previousNumber = before.map(WhatsappAccountsRecord::getPhoneNumberId).orElse(null);
		boolean newNumber = !request.phoneNumberId().equals(previousNumber);
		if (newNumber && request.accessToken() == null) {
			throw new ApiException(ProblemType.VALIDATION_FAILED,
					before.isEmpty() ? "Connecting a WhatsApp number needs its access token"
							: "A different phone-number id needs its access token",
					Map.of("errors", List.of(new Problems.FieldProblem("accessToken", "is required"))));
		}
		if (newNumber && !numbers.claim(request.phoneNumberId(), tenant)) {
			throw new ApiException(ProblemType.DUPLICATE,
					"This WhatsApp phone-number id is connected to another Sokoni merchant; a number can belong to one only",
					Map.of("errors", List.of(new Problems.FieldProblem("phoneNumberId", "is already connected elsewhere"))));
		}
		WhatsAppAccountView saved;
		try {
			saved = tx.execute(s -> write(tenant, request, display));
		}
		catch (RuntimeException ex) {
			if (newNumber) {
				numbers.release(request.phoneNumberId(), tenant);
			}
			throw ex;
		}
		if (previousNumber != null && newNumber) {
			numbers.release(previousNumber, tenant);
		}
		return saved;
	}

	private WhatsAppAccountView write(TenantId tenant, WhatsAppAccountRequest request, String display) {
		Optional<WhatsappAccountsRecord> existing = accounts.lock();
		byte[] token = request.accessToken() == null ? null : box.encrypt(request.accessToken(), ad(tenant.value()));
		String hint = request.accessToken() == null ? null : hint(request.accessToken());
		List<String> changed = new ArrayList<>();
		WhatsappAccountsRecord row;
		if (existing.isEmpty()) {
			row = accounts.insert(request.phoneNumberId(), request.wabaId(), display, token, hint);
			changed.addAll(List.of("phoneNumberId", "wabaId", "displayNumber", "accessToken"));
		}
		else {
			WhatsappAccountsRecord old = existing.get();
			boolean newNumber = !old.getPhoneNumberId().equals(request.phoneNumberId());
			if (newNumber) {
				changed.add("phoneNumberId");
			}
			if (!old.getWabaId().equals(request.wabaId())) {
				changed.add("wabaId");
			}
			if (!old.getDisplayNumber().equals(display)) {
				changed.add("displayNumber");
			}
			if (token != null) {
				changed.add("accessToken");
			}
			row = accounts.update(request.phoneNumberId(), request.wabaId(), display, token, hint, newNumber);
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("changed", changed);
		details.put("phoneNumberId", row.getPhoneNumberId());
		details.put("wabaId", row.getWabaId());
		existing.ifPresent(old -> {
			if (!old.getPhoneNumberId().equals(row.getPhoneNumberId())) {
				details.put("previousPhoneNumberId", old.getPhoneNumberId());
			}
		});
		audit.record(existing.isEmpty() ? "whatsapp_account.connected" : "whatsapp_account.updated", "whatsapp_account",
				tenant.value(), details);
		return view(row);
	}

	/** Disconnects the number: the tenant's row goes, then its claim in the control database. */
	public void disconnect() {
		TenantId tenant = TenantContext.require();
		String phoneNumberId = tx.execute(s -> {
			WhatsappAccountsRecord row = accounts.lock().orElseThrow(() -> ApiException.notFound("WhatsApp account"));
			accounts.delete();
			audit.record("whatsapp_account.disconnected", "whatsapp_account", tenant.value(),
					Map.of("phoneNumberId", row.getPhoneNumberId(), "wabaId", row.getWabaId()));
			return row.getPhoneNumberId();
		});
		numbers.release(phoneNumberId, tenant);
	}

	/** What a test send answered: Meta's wamid and its answer as it came. */
	public record TestResult(boolean ok, String to, String wamid, String waId, JsonNode metaAnswer,
			OffsetDateTime testedAt) {
	}

	/**
	 * Sends a test message (outside any transaction) and shows what Meta answered: a template (by default
	 * Meta's {@code hello_world}, which every business account has, and which goes outside the 24-hour
	 * window too) or a free-form text. A refusal is a problem carrying Meta's error (code, subcode,
	 * message, fbtrace_id); the outcome is recorded on the account and audited.
	 */
	public TestResult test(TestRequest request) {
		WhatsAppAccount account = tx.execute(s -> find()).orElseThrow(() -> ApiException.notFound("WhatsApp account"));
		String to = PhoneNumbers.normalize(request.to()).orElseThrow();
		OffsetDateTime now = OffsetDateTime.now();
		try {
			GraphApiClient.Sent sent = request.text() != null
					? graph.sendText(account.sender(), to, request.text(), null)
					: graph.sendTemplate(account.sender(), to,
							request.template() == null ? "hello_world" : request.template(),
							request.language() == null ? "en_US" : request.language(), List.of(), null);
			recordTest(true, "Meta accepted the message: " + sent.wamid(), now, to);
			return new TestResult(true, to, sent.wamid(), sent.waId(), json(sent.answer()), now);
		}
		catch (GraphApiException ex) {
			String detail = "Meta refused the test message: " + ex.summary();
			recordTest(false, detail, now, to);
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("httpStatus", ex.httpStatus());
			properties.put("metaCode", ex.code());
			properties.put("metaSubcode", ex.subcode());
			properties.put("fbtraceId", ex.fbtraceId());
			properties.put("reason", ex.kind().name().toLowerCase(java.util.Locale.ROOT));
			properties.put("metaAnswer", json(ex.body()));
			boolean unavailable = ex.kind() == GraphApiException.Kind.SERVER
					|| ex.kind() == GraphApiException.Kind.UNREACHABLE || ex.kind() == GraphApiException.Kind.TIMEOUT;
			throw new ApiException(unavailable ? ProblemType.WHATSAPP_UNAVAILABLE : ProblemType.WHATSAPP_REFUSED,
					unavailable ? "WhatsApp could not be reached or failed (" + ex.summary() + "); try again later"
							: detail,
					properties);
		}
	}

	/** A test message: to whom, and a template (default hello_world / en_US) or a free-form text. */
	public record TestRequest(@jakarta.validation.constraints.NotNull @io.sokoni.platform.web.ValidPhone String to,
			@jakarta.validation.constraints.Pattern(regexp = "[a-z0-9_]{1,512}") String template,
			@jakarta.validation.constraints.Pattern(regexp = "[a-z]{2,3}(_[A-Z]{2})?") String language,
			@jakarta.validation.constraints.Size(min = 1, max = 4096) String text) {
	}

	private void recordTest(boolean ok, String detail, OffsetDateTime at, String to) {
		tx.executeWithoutResult(s -> {
			accounts.recordTest(ok, detail, at);
			audit.record("whatsapp_account.tested", "whatsapp_account", TenantContext.require().value(),
					Map.of("ok", ok, "detail", detail, "to", to));
		});
	}

	private static JsonNode json(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return JSON.readTree(text);
		}
		catch (RuntimeException ex) {
			return JSON.getNodeFactory().stringNode(text.length() > 2000 ? text.substring(0, 2000) : text);
		}
	}

	private static WhatsAppAccountView view(WhatsappAccountsRecord row) {
		String hint = row.getAccessTokenHint();
		return new WhatsAppAccountView(row.getPhoneNumberId(), row.getWabaId(), row.getDisplayNumber(),
				hint == null || hint.isEmpty() ? "••••" : "••••" + hint, row.getLastTestedAt(), row.getLastTestOk(),
				row.getLastTestDetail(), row.getCreatedAt(), row.getUpdatedAt());
	}

	/** The last four characters of a token (tokens are long; a short one shows nothing). */
	static String hint(String token) {
		return token.length() < 20 ? "" : token.substring(token.length() - 4);
	}

	/** Associated data of the token: its tenant and column. */
	static String ad(UUID tenant) {
		return "whatsapp_accounts:" + tenant + ":access_token";
	}

}
