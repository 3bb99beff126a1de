package io.sokoni.platform.search;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sokoni.platform.web.ApiException;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Meilisearch tenant tokens for browsers that search Meilisearch directly: a JWT (HS256) signed with the
 * search API key, whose search rule limits every search on the index to the bound tenant, the store and
 * active products (Meilisearch ANDs it with the browser's own filter). Signed here with nimbus-jose-jwt:
 * the SDK's generateTenantToken sets the JVM's default time zone as a side effect.
 */
@Service
class SearchTokenService {

	private final SearchProperties.Meilisearch props;

	private final Clock clock;

	@Autowired
	SearchTokenService(SearchProperties props) {
		this(props.meilisearch(), Clock.systemUTC());
	}

	SearchTokenService(SearchProperties.Meilisearch props, Clock clock) {
		this.props = props;
		this.clock = clock;
	}

	/** A token, where to use it, and when it expires. */
	record TenantToken(String token, String host, String indexUid, Instant expiresAt) {
	}

	TenantToken issue(UUID storeId) {
		if (!props.tokensEnabled()) {
			throw ApiException.notFound("Search token (this platform searches without Meilisearch)");
		}
		TenantId tenant = TenantContext.require();
		Instant expiresAt = clock.instant().plus(props.tokenTtl()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		JWTClaimsSet claims = new JWTClaimsSet.Builder()
			.claim("searchRules",
					Map.of(props.index(), Map.of("filter", MeilisearchFilters.scopeExpression(tenant, storeId))))
			.claim("apiKeyUid", props.searchKeyUid())
			.expirationTime(Date.from(expiresAt))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
				claims);
		try {
			jwt.sign(new MACSigner(props.searchKey().getBytes(StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign a Meilisearch tenant token", ex);
		}
		return new TenantToken(jwt.serialize(), props.browserUrl(), props.index(), expiresAt);
	}

}
