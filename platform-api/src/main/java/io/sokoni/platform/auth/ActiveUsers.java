package io.sokoni.platform.auth;

import java.time.Duration;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sokoni.tenant.TenantId;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whether the user behind a token is still active with the role the token claims, so a deactivated or
 * demoted staff member loses that access at once on this instance (and within a few seconds elsewhere)
 * instead of when the token expires. Cached briefly: one small query per user every few seconds, not
 * per request.
 */
@Component
class ActiveUsers {

	private final Cache<UUID, String> activeRoles = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofSeconds(5))
		.maximumSize(100_000)
		.build();

	private final UserRepository users;

	private final TransactionTemplate tx;

	ActiveUsers(UserRepository users, TransactionTemplate tx) {
		this.users = users;
		this.tx = tx;
	}

	/** Whether the user is active and holds this role. Must be called with the user's tenant bound. */
	boolean holds(TenantId tenant, UUID userId, Role role) {
		String current = activeRoles.get(userId, id -> tx.execute(s -> users.find(id)
			.filter(u -> "active".equals(u.status()))
			.map(StaffMember::role)
			.orElse("")));
		return role.value().equals(current);
	}

	void forget(UUID userId) {
		activeRoles.invalidate(userId);
	}

}
