package io.sokoni.platform.auth;

import java.time.Duration;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sokoni.tenant.TenantId;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whether the user behind a token is still active, so a deactivated staff member loses access at once
 * on this instance (and within a few seconds elsewhere) instead of when the token expires. Cached
 * briefly: one small query per user every few seconds, not per request.
 */
@Component
class ActiveUsers {

	private final Cache<UUID, Boolean> active = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofSeconds(5))
		.maximumSize(100_000)
		.build();

	private final UserRepository users;

	private final TransactionTemplate tx;

	ActiveUsers(UserRepository users, TransactionTemplate tx) {
		this.users = users;
		this.tx = tx;
	}

	/** Must be called with the user's tenant bound. */
	boolean isActive(TenantId tenant, UUID userId) {
		return active.get(userId, id -> Boolean.TRUE.equals(tx.execute(s -> users.find(id)
			.map(u -> "active".equals(u.status()))
			.orElse(false))));
	}

	void forget(UUID userId) {
		active.invalidate(userId);
	}

}
