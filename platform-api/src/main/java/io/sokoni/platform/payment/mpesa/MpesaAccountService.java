package io.sokoni.platform.payment.mpesa;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.jooq.tables.records.MpesaAccountsRecord;
import io.sokoni.platform.Ids;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.database.ChangeNotices;
import io.sokoni.platform.secrets.SecretBox;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.Problems;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.TenantContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tenant's M-Pesa account: stored with its secrets encrypted (associated data = tenant + field,
 * so a ciphertext moved to another row does not open), shown masked, every change audited (which
 * fields changed, never their values), and the "test the credentials" action.
 */
@Service
public class MpesaAccountService {

	private static final String NOTICE_TOPIC = "mpesa-account";

	private final MpesaAccountRepository accounts;

	private final SecretBox box;

	private final AuditTrail audit;

	private final DarajaClient daraja;

	private final DarajaEndpoints endpoints;

	private final PaymentCallbackTokens tokens;

	private final TransactionTemplate tx;

	private final ChangeNotices notices;

	/** Decrypted accounts for Daraja calls by tenant (empty: none configured), dropped on every change. */
	private final Cache<UUID, Optional<MpesaAccount>> forDaraja = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofMinutes(1))
		.maximumSize(10_000)
		.build();

	MpesaAccountService(MpesaAccountRepository accounts, SecretBox box, AuditTrail audit, DarajaClient daraja,
			DarajaEndpoints endpoints, PaymentCallbackTokens tokens, TransactionTemplate tx, ChangeNotices notices) {
		this.notices = notices;
		notices.subscribe(NOTICE_TOPIC, tenant -> forDaraja.invalidate(UUID.fromString(tenant)), forDaraja::invalidateAll);
		this.accounts = accounts;
		this.box = box;
		this.audit = audit;
		this.daraja = daraja;
		this.endpoints = endpoints;
		this.tokens = tokens;
		this.tx = tx;
	}

	/** The bound tenant's account with its secrets decrypted (for Daraja calls), if it has one. */
	@Transactional(readOnly = true)
	public Optional<MpesaAccount> find() {
		return accounts.find().map(this::decrypted);
	}

	/**
	 * The bound tenant's account with its secrets decrypted, for a Daraja call: read once a minute per
	 * tenant, not on every callback and query. A change through any instance drops it everywhere (after
	 * its commit), so a replaced passkey is used from the next call on.
	 */
	public Optional<MpesaAccount> forDaraja() {
		UUID tenant = TenantContext.require().value();
		Optional<MpesaAccount> known = forDaraja.getIfPresent(tenant);
		if (known == null) {
			known = tx.execute(s -> find());
			forDaraja.put(tenant, known);
		}
		return known;
	}

	/** Drops the bound tenant's account from every instance's memory once the transaction commits. */
	private void changed() {
		UUID tenant = TenantContext.require().value();
		notices.afterCommit(NOTICE_TOPIC, tenant.toString(), () -> forDaraja.invalidate(tenant));
	}

	@Transactional(readOnly = true)
	public MpesaAccountView view() {
		return accounts.find().map(this::view).orElseThrow(() -> ApiException.notFound("M-Pesa account"));
	}

	@Transactional
	public MpesaAccountView save(MpesaAccountRequest request) {
		validate(request);
		Optional<MpesaAccountsRecord> existing = accounts.lock();
		if (existing.isEmpty()) {
			List<Problems.FieldProblem> missing = new ArrayList<>();
			if (request.consumerKey() == null) {
				missing.add(new Problems.FieldProblem("consumerKey", "is required for a new account"));
			}
			if (request.consumerSecret() == null) {
				missing.add(new Problems.FieldProblem("consumerSecret", "is required for a new account"));
			}
			if (request.passkey() == null) {
				missing.add(new Problems.FieldProblem("passkey", "is required for a new account"));
			}
			if (!missing.isEmpty()) {
				throw new ApiException(ProblemType.VALIDATION_FAILED,
						"A new M-Pesa account needs its consumer key, consumer secret and passkey",
						Map.of("errors", missing));
			}
		}
		if (existing.isPresent() && request.version() != null && request.version() != existing.get().getVersion()) {
			throw ApiException.staleVersion("The M-Pesa account");
		}
		UUID tenant = TenantContext.require().value();
		MpesaAccountsRecord row = existing.orElseGet(MpesaAccountsRecord::new);
		List<String> changed = new ArrayList<>();
		if (existing.isEmpty()) {
			row.setId(Ids.next());
		}
		set(changed, "environment", row.getEnvironment(), request.environment(), row::setEnvironment);
		set(changed, "accountType", row.getAccountType(), request.accountType(), row::setAccountType);
		set(changed, "businessShortcode", row.getBusinessShortcode(), request.businessShortcode(),
				row::setBusinessShortcode);
		set(changed, "tillNumber", row.getTillNumber(), "till".equals(request.accountType()) ? request.tillNumber() : null,
				row::setTillNumber);
		if (request.consumerKey() != null) {
			row.setConsumerKeyCiphertext(box.encrypt(request.consumerKey(), ad(tenant, "consumer_key")));
			row.setConsumerKeyHint(Masking.hint(request.consumerKey()));
			changed.add("consumerKey");
		}
		if (request.consumerSecret() != null) {
			row.setConsumerSecretCiphertext(box.encrypt(request.consumerSecret(), ad(tenant, "consumer_secret")));
			changed.add("consumerSecret");
		}
		if (request.passkey() != null) {
			row.setPasskeyCiphertext(box.encrypt(request.passkey(), ad(tenant, "passkey")));
			changed.add("passkey");
		}
		if (request.initiatorName() != null) {
			set(changed, "initiatorName", row.getInitiatorName(), request.initiatorName().strip(), row::setInitiatorName);
		}
		if (request.securityCredential() != null) {
			row.setSecurityCredentialCiphertext(box.encrypt(request.securityCredential(), ad(tenant, "security_credential")));
			changed.add("securityCredential");
		}
		if ((row.getInitiatorName() == null) != (row.getSecurityCredentialCiphertext() == null)) {
			throw new ApiException(ProblemType.VALIDATION_FAILED,
					"An initiator needs both initiatorName and securityCredential (for reversals), or neither",
					Map.of("errors", List.of(new Problems.FieldProblem("securityCredential",
							"must be given together with initiatorName"))));
		}
		boolean validation = request.c2bValidationEnabled() != null ? request.c2bValidationEnabled()
				: Boolean.TRUE.equals(row.getC2bValidationEnabled());
		set(changed, "c2bValidationEnabled", row.getC2bValidationEnabled(), validation, row::setC2bValidationEnabled);
		MpesaAccountsRecord saved = existing.isEmpty() ? accounts.insert(row) : accounts.update(row);
		changed();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("changed", changed);
		details.put("environment", saved.getEnvironment());
		details.put("accountType", saved.getAccountType());
		details.put("businessShortcode", saved.getBusinessShortcode());
		audit.record(existing.isEmpty() ? "mpesa_account.created" : "mpesa_account.updated", "mpesa_account",
				saved.getId(), details);
		return view(saved);
	}

	@Transactional
	public void delete() {
		MpesaAccountsRecord row = accounts.lock().orElseThrow(() -> ApiException.notFound("M-Pesa account"));
		accounts.delete();
		changed();
		audit.record("mpesa_account.deleted", "mpesa_account", row.getId(),
				Map.of("businessShortcode", row.getBusinessShortcode()));
	}

	/** The result of a successful test. */
	public record TestResult(boolean ok, String environment, String detail, OffsetDateTime testedAt) {
	}

	/**
	 * Gets an OAuth token with the stored key and secret (outside any transaction), records the outcome
	 * and audits it; a failure is a problem saying what is wrong (refused credentials, Daraja unreachable).
	 */
	public TestResult test() {
		MpesaAccount account = tx.execute(s -> find()).orElseThrow(() -> ApiException.notFound("M-Pesa account"));
		OffsetDateTime now = OffsetDateTime.now();
		try {
			daraja.testCredentials(account.credentials());
		}
		catch (DarajaException ex) {
			String detail = switch (ex.kind()) {
				case AUTH, REJECTED -> "Daraja " + account.environment() + " refused the consumer key and secret: "
						+ ex.getMessage() + (account.environment().equals("production")
								? ". Sandbox credentials do not work in production: use the production app's keys"
								: ". Use the keys of a sandbox app, or switch the account to production for live keys");
				case UNREACHABLE, TIMEOUT -> "Daraja " + account.environment() + " could not be reached ("
						+ ex.getMessage() + "); the credentials were not checked, try again later";
				case SERVER -> "Daraja " + account.environment() + " failed (HTTP " + ex.httpStatus()
						+ "); the credentials were not checked, try again later";
			};
			recordTest(false, detail, now);
			boolean theirs = ex.kind() == DarajaException.Kind.AUTH || ex.kind() == DarajaException.Kind.REJECTED;
			throw new ApiException(theirs ? ProblemType.MPESA_CREDENTIALS_REJECTED : ProblemType.MPESA_UNAVAILABLE,
					detail, theirs ? Map.of("environment", account.environment())
							: Map.of("environment", account.environment(), "retryAfterSeconds", 30));
		}
		String detail = "Daraja " + account.environment() + " issued an access token for these credentials";
		recordTest(true, detail, now);
		return new TestResult(true, account.environment(), detail, now);
	}

	private void recordTest(boolean ok, String detail, OffsetDateTime at) {
		tx.executeWithoutResult(s -> {
			accounts.recordTest(ok, detail, at);
			accounts.find().ifPresent(row -> audit.record("mpesa_account.tested", "mpesa_account", row.getId(),
					Map.of("ok", ok, "detail", detail)));
		});
	}

	private MpesaAccount decrypted(MpesaAccountsRecord row) {
		UUID tenant = row.getTenantId();
		return new MpesaAccount(row.getId(), row.getEnvironment(), row.getAccountType(), row.getBusinessShortcode(),
				row.getTillNumber(),
				new DarajaCredentials(endpoints.baseUrl(row.getEnvironment()),
						box.decrypt(row.getConsumerKeyCiphertext(), ad(tenant, "consumer_key")),
						box.decrypt(row.getConsumerSecretCiphertext(), ad(tenant, "consumer_secret"))),
				box.decrypt(row.getPasskeyCiphertext(), ad(tenant, "passkey")), row.getInitiatorName(),
				row.getSecurityCredentialCiphertext() == null ? null
						: box.decrypt(row.getSecurityCredentialCiphertext(), ad(tenant, "security_credential")),
				Boolean.TRUE.equals(row.getC2bValidationEnabled()));
	}

	private MpesaAccountView view(MpesaAccountsRecord row) {
		return new MpesaAccountView(row.getId(), row.getEnvironment(), row.getAccountType(), row.getBusinessShortcode(),
				row.getTillNumber(), Masking.masked(row.getConsumerKeyHint()), Masking.masked(null),
				Masking.masked(null), row.getInitiatorName(), row.getSecurityCredentialCiphertext() != null,
				Boolean.TRUE.equals(row.getC2bValidationEnabled()), row.getC2bRegisteredAt(), row.getLastTestedAt(),
				row.getLastTestOk(), row.getLastTestDetail(),
				tokens.callbackUrl(TenantContext.require(), "/stk"), row.getVersion(), row.getUpdatedAt());
	}

	private static void validate(MpesaAccountRequest request) {
		boolean till = "till".equals(request.accountType());
		if (till && request.tillNumber() == null) {
			throw new ApiException(ProblemType.VALIDATION_FAILED,
					"A till account needs its till number (businessShortcode is then the store number)",
					Map.of("errors", List.of(new Problems.FieldProblem("tillNumber", "is required for a till"))));
		}
		if (!till && request.tillNumber() != null) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "A paybill account has no till number",
					Map.of("errors", List.of(new Problems.FieldProblem("tillNumber", "must be empty for a paybill"))));
		}
	}

	private static <T> void set(List<String> changed, String name, T current, T wanted,
			java.util.function.Consumer<T> setter) {
		if (!java.util.Objects.equals(current, wanted)) {
			setter.accept(wanted);
			changed.add(name);
		}
	}

	/** Associated data of a secret: its tenant and column. */
	static String ad(UUID tenant, String field) {
		return "mpesa_accounts:" + tenant + ":" + field;
	}

}
