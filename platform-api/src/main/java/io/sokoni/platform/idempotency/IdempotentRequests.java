package io.sokoni.platform.idempotency;

import static io.sokoni.jooq.Tables.IDEMPOTENCY_KEYS;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.sokoni.platform.Hashes;
import io.sokoni.platform.Ids;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs an action once per (tenant, scope, key). The key row is inserted first, in the transaction
 * of the action: a concurrent duplicate waits on the unique key until the first commits and then
 * gets the stored answer; if the action fails, the key rolls back with it and a retry runs again.
 * The same key with a different request body is refused (422), never silently answered.
 */
@Service
public class IdempotentRequests {

	/** The HTTP header clients send. */
	public static final String HEADER = "Idempotency-Key";

	private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9._:-]{1,200}$");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String RESOURCE_ID = "resourceId";

	private final DSLContext dsl;

	IdempotentRequests(DSLContext dsl) {
		this.dsl = dsl;
	}

	/**
	 * The action's result, or the stored result of the first request with this key. Without a key
	 * (null) the action simply runs.
	 */
	@Transactional
	public <T> T once(String scope, String key, Object request, Class<T> resultType, Supplier<T> action) {
		if (key == null) {
			return action.get();
		}
		String hash = hash(key, request);
		if (claim(scope, key, hash, null)) {
			T result = action.get();
			dsl.update(IDEMPOTENCY_KEYS)
				.set(IDEMPOTENCY_KEYS.RESPONSE_STATUS, 200)
				.set(IDEMPOTENCY_KEYS.RESPONSE_BODY, JSONB.valueOf(JSON.writeValueAsString(result)))
				.where(IDEMPOTENCY_KEYS.TENANT_ID.eq(TenantContext.require().value()),
						IDEMPOTENCY_KEYS.SCOPE.eq(scope), IDEMPOTENCY_KEYS.IDEMPOTENCY_KEY.eq(key))
				.execute();
			return result;
		}
		return JSON.readValue(stored(scope, key, hash).data(), resultType);
	}

	/**
	 * For a create whose answer is the resource it creates, with an id chosen before it runs: the key row
	 * records that id when it is inserted, so nothing is written after the action (whose last statements
	 * may hold locks other requests wait for), and a repeat answers with the resource as it is now
	 * ({@code current}). A key is required here.
	 */
	@Transactional
	public <T> T onceForResource(String scope, String key, Object request, UUID resourceId,
			Function<UUID, T> current, Supplier<T> action) {
		String hash = hash(key, request);
		if (claim(scope, key, hash, resourceId)) {
			return action.get();
		}
		Map<?, ?> stored = JSON.readValue(stored(scope, key, hash).data(), Map.class);
		return current.apply(UUID.fromString(String.valueOf(stored.get(RESOURCE_ID))));
	}

	private static String hash(String key, Object request) {
		if (key == null || !KEY.matcher(key).matches()) {
			throw new ApiException(ProblemType.VALIDATION_FAILED,
					"Idempotency-Key must be 1 to 200 letters, digits or . _ : -");
		}
		return Hashes.sha256Hex(JSON.writeValueAsString(request));
	}

	/** Inserts the key row; false when the key was used before (after waiting for that request to end). */
	private boolean claim(String scope, String key, String hash, UUID resourceId) {
		return dsl.insertInto(IDEMPOTENCY_KEYS)
			.set(IDEMPOTENCY_KEYS.TENANT_ID, TenantContext.require().value())
			.set(IDEMPOTENCY_KEYS.ID, Ids.next())
			.set(IDEMPOTENCY_KEYS.SCOPE, scope)
			.set(IDEMPOTENCY_KEYS.IDEMPOTENCY_KEY, key)
			.set(IDEMPOTENCY_KEYS.REQUEST_HASH, hash)
			.set(IDEMPOTENCY_KEYS.RESPONSE_STATUS, resourceId == null ? null : 201)
			.set(IDEMPOTENCY_KEYS.RESPONSE_BODY,
					resourceId == null ? null : JSONB.valueOf(JSON.writeValueAsString(Map.of(RESOURCE_ID, resourceId))))
			.onConflictDoNothing()
			.execute() == 1;
	}

	/** The first request's stored answer; 422 when this key came with a different request. */
	private JSONB stored(String scope, String key, String hash) {
		var stored = dsl.select(IDEMPOTENCY_KEYS.REQUEST_HASH, IDEMPOTENCY_KEYS.RESPONSE_BODY)
			.from(IDEMPOTENCY_KEYS)
			.where(IDEMPOTENCY_KEYS.TENANT_ID.eq(TenantContext.require().value()), IDEMPOTENCY_KEYS.SCOPE.eq(scope),
					IDEMPOTENCY_KEYS.IDEMPOTENCY_KEY.eq(key))
			.fetchSingle();
		if (!hash.equals(stored.value1())) {
			throw new ApiException(ProblemType.BUSINESS_RULE,
					"This Idempotency-Key was already used for a different request");
		}
		return Optional.ofNullable(stored.value2())
			.orElseThrow(() -> new ApiException(ProblemType.CONFLICT, "The first request with this key is still running"));
	}

}
