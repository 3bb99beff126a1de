package io.sokoni.platform.auth;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Hashes;
import io.sokoni.platform.Ids;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.TenantContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Staff of the bound tenant: invites, acceptance, roles, deactivation, own profile and password. A
 * tenant always keeps at least one active owner.
 */
@Service
public class StaffService {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final UserRepository users;

	private final PasswordHashing passwords;

	private final AuditTrail audit;

	private final AuthProperties props;

	private final ActiveUsers activeUsers;

	private final TransactionTemplate tx;

	StaffService(UserRepository users, PasswordHashing passwords, AuditTrail audit, AuthProperties props,
			ActiveUsers activeUsers, TransactionTemplate tx) {
		this.users = users;
		this.passwords = passwords;
		this.audit = audit;
		this.props = props;
		this.activeUsers = activeUsers;
		this.tx = tx;
	}

	@Transactional(readOnly = true)
	public List<StaffMember> list(UUID after, int limit) {
		return users.list(after, limit);
	}

	@Transactional(readOnly = true)
	public StaffMember get(UUID id) {
		return users.find(id).orElseThrow(() -> ApiException.notFound("Staff member"));
	}

	/** Creates a user inside the caller's transaction (tenant onboarding). */
	@Transactional(propagation = Propagation.MANDATORY)
	public UUID createUser(String email, String phone, String fullName, String rawPassword, Role role) {
		UUID id = Ids.next();
		users.insert(id, normalizeEmail(email), phone, fullName, passwords.encode(rawPassword, "owner.password"),
				role.value());
		return id;
	}

	/** Invites someone by email; the returned token is shown once and never stored in clear. */
	@Transactional
	public CreatedInvite invite(String email, Role role) {
		String normalized = normalizeEmail(email);
		if (users.emailTaken(normalized)) {
			throw new ApiException(ProblemType.DUPLICATE, "A user with this email already exists");
		}
		// Two live tokens for one person (perhaps with different roles) would let the first one
		// accepted decide the role; make the owner revoke the pending invite instead.
		if (users.pendingInviteExists(normalized)) {
			throw new ApiException(ProblemType.DUPLICATE,
					"An invite for this email is still pending; revoke it to send a new one");
		}
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		// The tenant id travels in the token so acceptance needs no cross-tenant look-up.
		String token = TenantContext.require() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		UUID id = Ids.next();
		OffsetDateTime expiresAt = OffsetDateTime.now().plus(props.inviteTtl());
		users.insertInvite(id, normalized, role.value(), Hashes.sha256Hex(token), CurrentUser.require().id(), expiresAt);
		audit.record("staff.invited", "invite", id, Map.of("email", normalized, "role", role.value()));
		return new CreatedInvite(id, normalized, role.value(), expiresAt, token);
	}

	@Transactional(readOnly = true)
	public List<Invite> invites() {
		return users.listInvites();
	}

	@Transactional
	public void revokeInvite(UUID id) {
		if (!users.revokeInvite(id)) {
			throw users.inviteExists(id) ? new ApiException(ProblemType.CONFLICT, "The invite was already used or revoked")
					: ApiException.notFound("Invite");
		}
		audit.record("staff.invite_revoked", "invite", id, Map.of());
	}

	/**
	 * Accepts an invite for the tenant bound by the caller (taken from the token). Single use: the
	 * invite row is locked and marked in the same transaction that creates the user. A suspended tenant
	 * is told only to the holder of a real invite: checked before it, any tenant id followed by garbage
	 * would tell an anonymous caller whether that tenant exists and is suspended.
	 */
	@Transactional
	public StaffMember acceptInvite(String token, boolean tenantActive, String fullName, String phone,
			String rawPassword) {
		Invite invite = users.lockInviteByTokenHash(Hashes.sha256Hex(token))
			.orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND, "This invite is not valid"));
		if (!tenantActive) {
			throw new ApiException(ProblemType.TENANT_SUSPENDED, "This merchant account is suspended");
		}
		if (invite.acceptedAt() != null) {
			throw new ApiException(ProblemType.CONFLICT, "This invite has already been used");
		}
		if (invite.revokedAt() != null || invite.expiresAt().isBefore(OffsetDateTime.now())) {
			throw new ApiException(ProblemType.INVITE_EXPIRED, "This invite has expired or was revoked");
		}
		if (users.emailTaken(invite.email())) {
			throw new ApiException(ProblemType.DUPLICATE, "A user with this email already exists");
		}
		UUID userId = Ids.next();
		users.insert(userId, invite.email(), phone, fullName, passwords.encode(rawPassword, "password"), invite.role());
		if (!users.markAccepted(invite.id(), userId)) {
			throw new ApiException(ProblemType.CONFLICT, "This invite has already been used");
		}
		audit.recordAs("user", userId.toString(), "staff.invite_accepted", "user", userId,
				Map.of("invite", invite.id().toString(), "role", invite.role()));
		return users.find(userId).orElseThrow();
	}

	@Transactional
	public StaffMember changeRole(UUID id, Role role) {
		StaffMember member = get(id);
		if ("owner".equals(member.role()) && role != Role.OWNER) {
			requireAnotherOwner();
		}
		users.setRole(id, role.value());
		activeUsers.changed(id);
		audit.record("staff.role_changed", "user", id, Map.of("from", member.role(), "to", role.value()));
		return get(id);
	}

	@Transactional
	public StaffMember deactivate(UUID id) {
		StaffMember member = get(id);
		if (id.equals(CurrentUser.require().id())) {
			throw new ApiException(ProblemType.BUSINESS_RULE, "You cannot deactivate yourself");
		}
		if ("owner".equals(member.role()) && "active".equals(member.status())) {
			requireAnotherOwner();
		}
		users.setStatus(id, "deactivated"); // also ends the user's tokens (their version is bumped)
		activeUsers.changed(id);
		audit.record("staff.deactivated", "user", id, Map.of());
		return get(id);
	}

	@Transactional
	public StaffMember updateProfile(UUID id, String fullName, String phone) {
		if (!users.updateProfile(id, fullName, phone)) {
			throw ApiException.notFound("User");
		}
		audit.record("profile.updated", "user", id, Map.of());
		return get(id);
	}

	/**
	 * Changes the signed-in user's password and ends every token issued before (theirs included: they
	 * sign in again). Both hashes are computed outside the transaction, so no database connection waits
	 * on bcrypt.
	 */
	public void changePassword(UUID id, String currentPassword, String newPassword) {
		String hash = tx.execute(s -> users.passwordHash(id)).orElseThrow(() -> ApiException.notFound("User"));
		if (!passwords.matches(currentPassword, hash)) {
			audit.recordIndependently("user", id.toString(), "auth.password_change_failed", "user", id, Map.of());
			throw new ApiException(ProblemType.VALIDATION_FAILED, "The current password is not correct",
					Map.of("errors", List.of(new io.sokoni.platform.web.Problems.FieldProblem("currentPassword",
							"is not correct"))));
		}
		String newHash = passwords.encode(newPassword, "newPassword");
		tx.executeWithoutResult(s -> {
			users.updatePasswordHash(id, newHash);
			activeUsers.changed(id);
			audit.record("auth.password_changed", "user", id, Map.of());
		});
	}

	private void requireAnotherOwner() {
		if (users.lockActiveOwners() <= 1) {
			throw new ApiException(ProblemType.BUSINESS_RULE, "A store must keep at least one active owner");
		}
	}

	static String normalizeEmail(String email) {
		return email.trim().toLowerCase(Locale.ROOT);
	}

	/** A new invite with its one-time token. */
	public record CreatedInvite(UUID id, String email, String role, OffsetDateTime expiresAt, String token) {
	}

}
