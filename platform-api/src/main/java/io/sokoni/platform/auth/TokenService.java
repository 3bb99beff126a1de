package io.sokoni.platform.auth;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sokoni.tenant.TenantId;
import org.springframework.stereotype.Service;

/** Issues short-lived access tokens for tenant users, signed with Sokoni's key (RS256). */
@Service
public class TokenService {

	/**
	 * The user's token version when the token was issued; a password change or deactivation bumps the
	 * stored one, and tokens carrying an older version are refused ({@link ActiveUsers}).
	 */
	static final String TOKEN_VERSION_CLAIM = "tver";

	private final SigningKeys keys;

	private final AuthProperties props;

	TokenService(SigningKeys keys, AuthProperties props) {
		this.keys = keys;
		this.props = props;
	}

	public IssuedToken issue(TenantId tenant, UUID userId, String email, Role role, int tokenVersion) {
		Instant now = Instant.now();
		Instant expires = now.plus(props.tokenTtl());
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(props.issuer())
			.subject(userId.toString())
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(expires))
			.claim(props.tenantClaim(), tenant.toString())
			.claim(props.roleClaim(), role.value())
			.claim("email", email)
			.claim(TOKEN_VERSION_CLAIM, tokenVersion)
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keys.signingKey().getKeyID())
			.type(JOSEObjectType.JWT)
			.build(), claims);
		try {
			jwt.sign(new RSASSASigner(keys.signingKey()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign token", ex);
		}
		return new IssuedToken(jwt.serialize(), props.tokenTtl().toSeconds(), expires);
	}

	/** A signed token and when it expires. */
	public record IssuedToken(String value, long expiresInSeconds, Instant expiresAt) {
	}

}
