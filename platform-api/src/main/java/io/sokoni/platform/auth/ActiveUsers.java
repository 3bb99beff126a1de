package io.sokoni.platform.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sokoni.platform.auth.UserRepository.Standing;
import io.sokoni.platform.database.ChangeNotices;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whether the user behind a token is still active, with the role the token claims, and the token still
 * current (issued at the user's present token version), so deactivation, a role change or a password
 * change take effect at once instead of when the token expires. Cached briefly per (tenant, user): a
 * user id means nothing outside its tenant. A change is dropped from the cache after its transaction
 * commits (before, a concurrent request could cache the old row again) and on every other instance
 * (through {@link ChangeNotices}).
 */
@Component
class ActiveUsers {

	static final String TOPIC = "user";

	private final Cache<Key, Optional<Standing>> standings = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofSeconds(5))
		.maximumSize(100_000)
		.build();

	/** External tokens name their user by email; the id behind an email does not change. */
	private final Cache<EmailKey, UUID> idsByEmail = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofMinutes(1))
		.maximumSize(100_000)
		.build();

	private final UserRepository users;

	private final TransactionTemplate tx;

	private final ChangeNotices notices;

	ActiveUsers(UserRepository users, TransactionTemplate tx, ChangeNotices notices) {
		this.users = users;
		this.tx = tx;
		this.notices = notices;
		notices.subscribe(TOPIC, this::onNotice, standings::invalidateAll);
	}

	/**
	 * Whether the user is active, holds this role and, when {@code tokenVersion} is given, the token is
	 * of the user's current version. Must be called with the user's tenant bound.
	 */
	boolean holds(TenantId tenant, UUID userId, Role role, Integer tokenVersion) {
		Optional<Standing> standing = standings.get(new Key(tenant, userId),
				k -> tx.execute(s -> users.findStanding(k.userId())));
		return standing.filter(u -> "active".equals(u.status()))
			.filter(u -> role.value().equals(u.role()))
			.filter(u -> tokenVersion == null || tokenVersion == u.tokenVersion())
			.isPresent();
	}

	/** The user of the bound tenant with this email (an external issuer's token names them so). */
	Optional<UUID> findByEmail(TenantId tenant, String email) {
		// Only found ids are cached: a user invited a moment ago must not wait for a "no such user" to expire.
		return Optional.ofNullable(idsByEmail.get(new EmailKey(tenant, StaffService.normalizeEmail(email)),
				k -> tx.execute(s -> users.findIdByEmail(k.email())).orElse(null)));
	}

	/** The user's status, role or token version changes in the current transaction. */
	void changed(UUID userId) {
		TenantId tenant = TenantContext.require();
		notices.afterCommit(TOPIC, tenant.value() + ":" + userId, () -> standings.invalidate(new Key(tenant, userId)));
	}

	private void onNotice(String details) {
		String[] parts = details.split(":", 2);
		Optional<TenantId> tenant = TenantId.parse(parts[0]);
		if (tenant.isEmpty() || parts.length < 2) {
			standings.invalidateAll();
			return;
		}
		try {
			standings.invalidate(new Key(tenant.get(), UUID.fromString(parts[1])));
		}
		catch (IllegalArgumentException malformed) {
			standings.invalidateAll();
		}
	}

	private record Key(TenantId tenant, UUID userId) {
	}

	private record EmailKey(TenantId tenant, String email) {
	}

}
