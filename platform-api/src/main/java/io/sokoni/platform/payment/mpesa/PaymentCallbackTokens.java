package io.sokoni.platform.payment.mpesa;

import static io.sokoni.jooq.Tables.PAYMENT_CALLBACK_TOKENS;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sokoni.platform.Hashes;
import io.sokoni.platform.Ids;
import io.sokoni.platform.database.PlatformDatabase;
import io.sokoni.platform.secrets.SecretBox;
import io.sokoni.tenant.TenantId;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The per-tenant token in every callback URL Sokoni gives Daraja: it names the tenant before a body
 * is parsed. Tokens live in the control database (a tenant on a dedicated database keeps its token) and
 * are read as the platform role; only the token's SHA-256 is looked up, the token itself is kept
 * encrypted because Sokoni writes it into each URL it sends. A token is 64 hex digits: unguessable, and
 * it can never spell a word Daraja refuses in a URL ("sql", "cmd", "exec", "query", "mpesa").
 * Rotating retires the old token, which still resolves for {@code retired-token-grace} so callbacks of
 * pushes already sent arrive.
 */
@Component
public class PaymentCallbackTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final PlatformDatabase platform;

	private final SecretBox box;

	private final MpesaProperties props;

	private final DarajaEndpoints endpoints;

	private final Cache<UUID, String> current = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofMinutes(5))
		.maximumSize(100_000)
		.build();

	/** Tokens found, by the hex of their digest; a rotation elsewhere is seen within a minute. */
	private final Cache<String, Known> resolved = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofMinutes(1))
		.maximumSize(100_000)
		.build();

	PaymentCallbackTokens(PlatformDatabase platform, SecretBox box, MpesaProperties props, DarajaEndpoints endpoints) {
		this.endpoints = endpoints;
		this.platform = platform;
		this.box = box;
		this.props = props;
	}

	/** The tenant's active token, created on first use. */
	@Transactional(transactionManager = PlatformDatabase.TX)
	public String current(TenantId tenant) {
		String cached = current.getIfPresent(tenant.value());
		if (cached != null) {
			return cached;
		}
		String token = platform.dsl()
			.select(PAYMENT_CALLBACK_TOKENS.TOKEN_CIPHERTEXT)
			.from(PAYMENT_CALLBACK_TOKENS)
			.where(PAYMENT_CALLBACK_TOKENS.TENANT_ID.eq(tenant.value()),
					PAYMENT_CALLBACK_TOKENS.STATUS.eq("active"))
			.orderBy(PAYMENT_CALLBACK_TOKENS.CREATED_AT.desc())
			.limit(1)
			.fetchOptional(r -> box.decrypt(r.value1(), associatedData(tenant.value())))
			.orElseGet(() -> create(tenant));
		current.put(tenant.value(), token);
		return token;
	}

	/** A new active token; the others are retired (still accepted during the grace period). */
	@Transactional(transactionManager = PlatformDatabase.TX)
	public String rotate(TenantId tenant) {
		platform.dsl()
			.update(PAYMENT_CALLBACK_TOKENS)
			.set(PAYMENT_CALLBACK_TOKENS.STATUS, "retired")
			.set(PAYMENT_CALLBACK_TOKENS.RETIRED_AT, DSL.currentOffsetDateTime())
			.where(PAYMENT_CALLBACK_TOKENS.TENANT_ID.eq(tenant.value()), PAYMENT_CALLBACK_TOKENS.STATUS.eq("active"))
			.execute();
		String token = create(tenant);
		current.put(tenant.value(), token);
		return token;
	}

	/**
	 * The tenant a token names: an active token, or one retired within the grace period. The lookup is
	 * by the token's digest, and the digests are compared in constant time. A token found is remembered
	 * for a minute (every callback of a busy tenant carries it); one not found is looked up each time.
	 */
	public Optional<TenantId> resolve(String token) {
		if (token == null || token.length() < 32 || token.length() > 128) {
			return Optional.empty();
		}
		byte[] hash = Hashes.sha256(token);
		Known known = resolved.getIfPresent(HexFormat.of().formatHex(hash));
		if (known == null) {
			known = platform.dsl()
				.select(PAYMENT_CALLBACK_TOKENS.TENANT_ID, PAYMENT_CALLBACK_TOKENS.TOKEN_HASH,
						PAYMENT_CALLBACK_TOKENS.STATUS, PAYMENT_CALLBACK_TOKENS.RETIRED_AT)
				.from(PAYMENT_CALLBACK_TOKENS)
				.where(PAYMENT_CALLBACK_TOKENS.TOKEN_HASH.eq(hash))
				.fetchOptional()
				.filter(r -> MessageDigest.isEqual(hash, r.value2()))
				.map(r -> new Known(TenantId.of(r.value1()), r.value3().equals("active") ? null : r.value4()))
				.orElse(null);
			if (known == null) {
				return Optional.empty();
			}
			resolved.put(HexFormat.of().formatHex(hash), known);
		}
		OffsetDateTime oldestRetirement = OffsetDateTime.now().minus(props.retiredTokenGrace());
		return known.retiredAt() == null || known.retiredAt().isAfter(oldestRetirement) ? Optional.of(known.tenant())
				: Optional.empty();
	}

	/** A token's tenant, and when it was retired (null while active). */
	private record Known(TenantId tenant, OffsetDateTime retiredAt) {
	}

	/** {@code <public base>/webhooks/mobile-money/<token><suffix>}, e.g. suffix "/stk". */
	public String callbackUrl(TenantId tenant, String suffix) {
		return endpoints.publicBaseUrl() + "/webhooks/mobile-money/" + current(tenant) + suffix;
	}

	private String create(TenantId tenant) {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		String token = HexFormat.of().formatHex(bytes);
		platform.dsl()
			.insertInto(PAYMENT_CALLBACK_TOKENS)
			.set(PAYMENT_CALLBACK_TOKENS.ID, Ids.next())
			.set(PAYMENT_CALLBACK_TOKENS.TENANT_ID, tenant.value())
			.set(PAYMENT_CALLBACK_TOKENS.TOKEN_HASH, Hashes.sha256(token))
			.set(PAYMENT_CALLBACK_TOKENS.TOKEN_CIPHERTEXT, box.encrypt(token, associatedData(tenant.value())))
			.execute();
		return token;
	}

	private static String associatedData(UUID tenant) {
		return "payment-callback-token:" + tenant;
	}

}
