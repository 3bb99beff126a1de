package io.sokoni.platform.idempotency;

import static io.sokoni.jooq.Tables.IDEMPOTENCY_KEYS;

import java.util.Optional;
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
		if (!KEY.matcher(key).matches()) {
			throw new ApiException(ProblemType.VALIDATION_FAILED,
					"Idempotency-Key must be 1 to 200 letters, digits or . _ : -");
		}
		String hash = Hashes.sha256Hex(JSON.writeValueAsString(request));
		boolean first = dsl.insertInto(IDEMPOTENCY_KEYS)
			.set(IDEMPOTENCY_KEYS.TENANT_ID, TenantContext.require().value())
			.set(IDEMPOTENCY_KEYS.ID, Ids.next())
			.set(IDEMPOTENCY_KEYS.SCOPE, scope)
			.set(IDEMPOTENCY_KEYS.IDEMPOTENCY_KEY, key)
			.set(IDEMPOTENCY_KEYS.REQUEST_HASH, hash)
			.onConflictDoNothing()
			.execute() == 1;
		if (first) {
			T result = action.get();
			dsl.update(IDEMPOTENCY_KEYS)
				.set(IDEMPOTENCY_KEYS.RESPONSE_STATUS, 200)
				.set(IDEMPOTENCY_KEYS.RESPONSE_BODY, JSONB.valueOf(JSON.writeValueAsString(result)))
				.where(IDEMPOTENCY_KEYS.TENANT_ID.eq(TenantContext.require().value()),
						IDEMPOTENCY_KEYS.SCOPE.eq(scope), IDEMPOTENCY_KEYS.IDEMPOTENCY_KEY.eq(key))
				.execute();
			return result;
		}
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
			.map(body -> JSON.readValue(body.data(), resultType))
			.orElseThrow(() -> new ApiException(ProblemType.CONFLICT, "The first request with this key is still running"));
	}


}
