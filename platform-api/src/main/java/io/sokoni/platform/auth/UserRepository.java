package io.sokoni.platform.auth;

import static io.sokoni.jooq.Tables.STAFF_INVITES;
import static io.sokoni.jooq.Tables.USERS;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Users and staff invites of the bound tenant. */
@Repository
class UserRepository {

	private static final SelectField<?>[] MEMBER = { USERS.ID, USERS.EMAIL, USERS.PHONE, USERS.FULL_NAME,
			USERS.ROLE, USERS.STATUS, USERS.LAST_LOGIN_AT, USERS.CREATED_AT };

	private static final SelectField<?>[] INVITE = { STAFF_INVITES.ID, STAFF_INVITES.EMAIL, STAFF_INVITES.ROLE,
			STAFF_INVITES.INVITED_BY, STAFF_INVITES.EXPIRES_AT, STAFF_INVITES.ACCEPTED_AT, STAFF_INVITES.REVOKED_AT,
			STAFF_INVITES.CREATED_AT };

	private final DSLContext dsl;

	UserRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	Optional<StaffMember> find(UUID id) {
		return dsl.select(MEMBER)
			.from(USERS)
			.where(USERS.TENANT_ID.eq(tenant()), USERS.ID.eq(id))
			.fetchOptional(r -> r.into(StaffMember.class));
	}

	/** A page of users ordered by id, after the given id. */
	List<StaffMember> list(UUID after, int limit) {
		return dsl.select(MEMBER)
			.from(USERS)
			.where(USERS.TENANT_ID.eq(tenant()), after == null ? DSL.noCondition() : USERS.ID.gt(after))
			.orderBy(USERS.ID)
			.limit(limit)
			.fetch(r -> r.into(StaffMember.class));
	}

	Optional<Credentials> findCredentials(String email) {
		return dsl.select(USERS.ID, USERS.EMAIL, USERS.ROLE, USERS.STATUS, USERS.PASSWORD_HASH, USERS.TOKEN_VERSION)
			.from(USERS)
			.where(USERS.TENANT_ID.eq(tenant()), USERS.EMAIL.eq(email))
			.fetchOptional(r -> r.into(Credentials.class));
	}

	/** What a token's check needs: the user's status, role and token version. */
	Optional<Standing> findStanding(UUID id) {
		return dsl.select(USERS.ID, USERS.STATUS, USERS.ROLE, USERS.TOKEN_VERSION)
			.from(USERS)
			.where(USERS.TENANT_ID.eq(tenant()), USERS.ID.eq(id))
			.fetchOptional(r -> r.into(Standing.class));
	}

	Optional<UUID> findIdByEmail(String email) {
		return dsl.select(USERS.ID)
			.from(USERS)
			.where(USERS.TENANT_ID.eq(tenant()), USERS.EMAIL.eq(email))
			.fetchOptional(USERS.ID);
	}

	Optional<String> passwordHash(UUID id) {
		return dsl.select(USERS.PASSWORD_HASH)
			.from(USERS)
			.where(USERS.TENANT_ID.eq(tenant()), USERS.ID.eq(id))
			.fetchOptional(USERS.PASSWORD_HASH);
	}

	boolean emailTaken(String email) {
		return dsl.fetchExists(USERS, USERS.TENANT_ID.eq(tenant()), USERS.EMAIL.eq(email));
	}

	void insert(UUID id, String email, String phone, String fullName, String passwordHash, String role) {
		dsl.insertInto(USERS)
			.set(USERS.TENANT_ID, tenant())
			.set(USERS.ID, id)
			.set(USERS.EMAIL, email)
			.set(USERS.PHONE, phone)
			.set(USERS.FULL_NAME, fullName)
			.set(USERS.PASSWORD_HASH, passwordHash)
			.set(USERS.ROLE, role)
			.execute();
	}

	boolean updateProfile(UUID id, String fullName, String phone) {
		return dsl.update(USERS)
			.set(USERS.FULL_NAME, DSL.coalesce(DSL.val(fullName), USERS.FULL_NAME))
			.set(USERS.PHONE, DSL.coalesce(DSL.val(phone), USERS.PHONE))
			.set(USERS.UPDATED_AT, DSL.currentOffsetDateTime())
			.set(USERS.VERSION, USERS.VERSION.plus(1))
			.where(USERS.TENANT_ID.eq(tenant()), USERS.ID.eq(id))
			.execute() == 1;
	}

	void updatePasswordHash(UUID id, String passwordHash) {
		dsl.update(USERS)
			.set(USERS.PASSWORD_HASH, passwordHash)
			.set(USERS.UPDATED_AT, DSL.currentOffsetDateTime())
			.set(USERS.VERSION, USERS.VERSION.plus(1))
			.set(USERS.TOKEN_VERSION, USERS.TOKEN_VERSION.plus(1)) // tokens issued before stop working
			.where(USERS.TENANT_ID.eq(tenant()), USERS.ID.eq(id))
			.execute();
	}

	void recordLogin(UUID id) {
		dsl.update(USERS)
			.set(USERS.LAST_LOGIN_AT, DSL.currentOffsetDateTime())
			.where(USERS.TENANT_ID.eq(tenant()), USERS.ID.eq(id))
			.execute();
	}

	boolean setRole(UUID id, String role) {
		return dsl.update(USERS)
			.set(USERS.ROLE, role)
			.set(USERS.UPDATED_AT, DSL.currentOffsetDateTime())
			.set(USERS.VERSION, USERS.VERSION.plus(1))
			.where(USERS.TENANT_ID.eq(tenant()), USERS.ID.eq(id))
			.execute() == 1;
	}

	boolean setStatus(UUID id, String status) {
		return dsl.update(USERS)
			.set(USERS.STATUS, status)
			.set(USERS.UPDATED_AT, DSL.currentOffsetDateTime())
			.set(USERS.VERSION, USERS.VERSION.plus(1))
			.set(USERS.TOKEN_VERSION, USERS.TOKEN_VERSION.plus(1)) // tokens issued before stop working
			.where(USERS.TENANT_ID.eq(tenant()), USERS.ID.eq(id))
			.execute() == 1;
	}

	/**
	 * Locks the tenant's active owners (so two concurrent demotions cannot both pass the last-owner
	 * check) and counts them.
	 */
	int lockActiveOwners() {
		return dsl.select(USERS.ID)
			.from(USERS)
			.where(USERS.TENANT_ID.eq(tenant()), USERS.ROLE.eq("owner"), USERS.STATUS.eq("active"))
			.forUpdate()
			.fetch()
			.size();
	}

	void insertInvite(UUID id, String email, String role, String tokenHash, UUID invitedBy, OffsetDateTime expiresAt) {
		dsl.insertInto(STAFF_INVITES)
			.set(STAFF_INVITES.TENANT_ID, tenant())
			.set(STAFF_INVITES.ID, id)
			.set(STAFF_INVITES.EMAIL, email)
			.set(STAFF_INVITES.ROLE, role)
			.set(STAFF_INVITES.TOKEN_HASH, tokenHash)
			.set(STAFF_INVITES.INVITED_BY, invitedBy)
			.set(STAFF_INVITES.EXPIRES_AT, expiresAt)
			.execute();
	}

	/** Whether an invite for this email can still be accepted (neither used, revoked nor expired). */
	boolean pendingInviteExists(String email) {
		return dsl.fetchExists(STAFF_INVITES, STAFF_INVITES.TENANT_ID.eq(tenant()), STAFF_INVITES.EMAIL.eq(email),
				STAFF_INVITES.ACCEPTED_AT.isNull(), STAFF_INVITES.REVOKED_AT.isNull(),
				STAFF_INVITES.EXPIRES_AT.gt(DSL.currentOffsetDateTime()));
	}

	List<Invite> listInvites() {
		return dsl.select(INVITE)
			.from(STAFF_INVITES)
			.where(STAFF_INVITES.TENANT_ID.eq(tenant()))
			.orderBy(STAFF_INVITES.CREATED_AT.desc())
			.limit(100)
			.fetch(r -> r.into(Invite.class));
	}

	/** The invite with this token hash, locked for the acceptance that follows. */
	Optional<Invite> lockInviteByTokenHash(String tokenHash) {
		return dsl.select(INVITE)
			.from(STAFF_INVITES)
			.where(STAFF_INVITES.TENANT_ID.eq(tenant()), STAFF_INVITES.TOKEN_HASH.eq(tokenHash))
			.forUpdate()
			.fetchOptional(r -> r.into(Invite.class));
	}

	/** Marks an invite accepted if nobody did first; false when it was already used. */
	boolean markAccepted(UUID inviteId, UUID userId) {
		return dsl.update(STAFF_INVITES)
			.set(STAFF_INVITES.ACCEPTED_AT, DSL.currentOffsetDateTime())
			.set(STAFF_INVITES.USER_ID, userId)
			.where(STAFF_INVITES.TENANT_ID.eq(tenant()), STAFF_INVITES.ID.eq(inviteId),
					STAFF_INVITES.ACCEPTED_AT.isNull(), STAFF_INVITES.REVOKED_AT.isNull())
			.execute() == 1;
	}

	boolean revokeInvite(UUID inviteId) {
		return dsl.update(STAFF_INVITES)
			.set(STAFF_INVITES.REVOKED_AT, DSL.currentOffsetDateTime())
			.where(STAFF_INVITES.TENANT_ID.eq(tenant()), STAFF_INVITES.ID.eq(inviteId),
					STAFF_INVITES.ACCEPTED_AT.isNull(), STAFF_INVITES.REVOKED_AT.isNull())
			.execute() == 1;
	}

	boolean inviteExists(UUID inviteId) {
		return dsl.fetchExists(STAFF_INVITES, STAFF_INVITES.TENANT_ID.eq(tenant()), STAFF_INVITES.ID.eq(inviteId));
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

	/** What login needs to know about a user. */
	record Credentials(UUID id, String email, String role, String status, String passwordHash, int tokenVersion) {
	}

	/** Whether a user may still act, with which role, and which tokens of theirs are current. */
	record Standing(UUID id, String status, String role, int tokenVersion) {
	}

}
