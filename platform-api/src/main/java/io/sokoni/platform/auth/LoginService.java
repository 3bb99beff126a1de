package io.sokoni.platform.auth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.auth.TokenService.IssuedToken;
import io.sokoni.platform.auth.UserRepository.Credentials;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantDirectory;
import io.sokoni.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Password login of a tenant user: throttled per account and per address (an attempt is counted before
 * the password is checked, see {@link LoginThrottle}), every failure audited, the
 * same answer for an unknown tenant, an unknown email and a wrong password (and the same hashing work,
 * so timing does not tell them apart either).
 */
@Service
class LoginService {

	private static final Logger log = LoggerFactory.getLogger(LoginService.class);

	private final TenantDirectory tenants;

	private final UserRepository users;

	private final PasswordHashing passwords;

	private final TokenService tokens;

	private final AuditTrail audit;

	private final LoginThrottle throttle;

	private final TransactionTemplate tx;

	private final String dummyHash;

	/**
	 * Logins in progress on this instance, at most what the hashing pool can take: the rest are
	 * answered 429 before they touch the database, so a flood of logins cannot hold the small platform
	 * pool (which also resolves storefront hosts) waiting on the throttle's rows.
	 */
	private final Semaphore inProgress;

	LoginService(TenantDirectory tenants, UserRepository users, PasswordHashing passwords, TokenService tokens,
			AuditTrail audit, LoginThrottle throttle, TransactionTemplate tx) {
		this.tenants = tenants;
		this.users = users;
		this.passwords = passwords;
		this.tokens = tokens;
		this.audit = audit;
		this.throttle = throttle;
		this.tx = tx;
		this.dummyHash = passwords.encode("sokoni-timing-equaliser", "password");
		this.inProgress = new Semaphore(passwords.capacity());
	}

	IssuedLogin login(String tenantSlug, String email, String password, String address) {
		if (!inProgress.tryAcquire()) {
			throw new ApiException(ProblemType.TOO_MANY_REQUESTS, "Too many sign-ins at once; try again shortly",
					Map.of("retryAfterSeconds", PasswordHashing.RETRY_AFTER_SECONDS));
		}
		try {
			return admitted(tenantSlug, email, password, address);
		}
		finally {
			inProgress.release();
		}
	}

	private IssuedLogin admitted(String tenantSlug, String email, String password, String address) {
		String normalizedEmail = StaffService.normalizeEmail(email);
		String account = tenantSlug + "/" + normalizedEmail;
		// Reserved before the password is checked: concurrent guesses cannot all pass a check made first.
		Optional<Long> wait = throttle.reserve(account, address);
		if (wait.isPresent()) {
			log.info("Login throttled for {} from {}", account, address);
			throw new ApiException(ProblemType.TOO_MANY_REQUESTS, "Too many attempts; try again in " + wait.get()
					+ " s", Map.of("retryAfterSeconds", wait.get()));
		}
		try {
			return check(tenantSlug, normalizedEmail, password, account, address);
		}
		catch (ApiException ex) {
			if (ex.type() == ProblemType.TOO_MANY_REQUESTS) {
				// The hashing pool was full: the password was never checked, so the attempt does not count.
				throttle.cancel(account, address);
			}
			throw ex;
		}
	}

	private IssuedLogin check(String tenantSlug, String normalizedEmail, String password, String account,
			String address) {
		Optional<TenantId> tenant = tenants.findBySlug(tenantSlug);
		if (tenant.isEmpty()) {
			passwords.matches(password, dummyHash);
			throw invalid();
		}
		return TenantContext.callAs(tenant.get(), () -> {
			Optional<Credentials> user = tx.execute(s -> users.findCredentials(normalizedEmail));
			boolean ok = passwords.matches(password, user.map(Credentials::passwordHash).orElse(dummyHash))
					&& user.isPresent() && "active".equals(user.get().status());
			if (!ok) {
				audit.recordIndependently("anonymous", null, "auth.login_failed", "user",
						user.map(u -> u.id().toString()).orElse(null), Map.of("email", normalizedEmail));
				throw invalid();
			}
			throttle.succeeded(account, address);
			if (!tenants.isActive(tenant.get())) {
				throw new ApiException(ProblemType.TENANT_SUSPENDED,
						"This merchant account is suspended; contact the platform operator");
			}
			Credentials c = user.get();
			Role role = Role.parse(c.role()).orElseThrow();
			tx.executeWithoutResult(s -> {
				users.recordLogin(c.id());
				audit.recordAs("user", c.id().toString(), "auth.login_succeeded", "user", c.id(), Map.of());
			});
			IssuedToken token = tokens.issue(tenant.get(), c.id(), c.email(), role, c.tokenVersion());
			return new IssuedLogin(token, tenant.get(), c.id(), role);
		});
	}

	private static ApiException invalid() {
		return new ApiException(ProblemType.INVALID_CREDENTIALS, "The tenant, email or password is not correct");
	}

	record IssuedLogin(IssuedToken token, TenantId tenant, java.util.UUID userId, Role role) {
	}

}
