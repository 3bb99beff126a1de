package io.sokoni.platform.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token issuing and trust, login throttling, password hashing, invites.
 *
 * @param issuer the {@code iss} of Sokoni's own tokens
 * @param tokenTtl how long an access token lives
 * @param signingKeyPath PKCS#8 PEM RSA private key; generated at start when blank
 * @param externalIssuerUri trust this OIDC issuer instead of Sokoni's own tokens
 * @param audience the {@code aud} an external issuer's tokens must carry (required with an external
 * issuer: without it a token that issuer minted for any other application would be accepted)
 * @param tenantClaim the claim that carries the tenant id
 * @param roleClaim the claim that carries the role (owner, staff, viewer)
 * @param emailClaim the claim of an external token naming the Sokoni user (by email) it stands for
 * @param bcryptStrength cost of the password hash
 * @param hashingThreads platform threads that hash passwords (0: one per CPU core)
 * @param hashingQueue password checks that may wait for a hashing thread; more are answered 429
 * @param loginMaxFailuresPerAccount attempts per account before each next one must wait
 * @param loginMaxFailuresPerAddress attempts per client address before each next one must wait
 * @param loginDelayBase the first wait past those attempts; each further attempt doubles it
 * @param loginDelayMax the longest wait between two attempts (the right password is never locked out
 * for longer)
 * @param loginFailureWindow attempts are forgotten after this long without one
 * @param inviteTtl how long a staff invite can be accepted
 */
@ConfigurationProperties("sokoni.auth")
public record AuthProperties(@DefaultValue("sokoni") String issuer, @DefaultValue("15m") Duration tokenTtl,
		String signingKeyPath, String externalIssuerUri, String audience, @DefaultValue("tenant_id") String tenantClaim,
		@DefaultValue("role") String roleClaim, @DefaultValue("email") String emailClaim,
		@DefaultValue("12") int bcryptStrength, @DefaultValue("0") int hashingThreads,
		@DefaultValue("32") int hashingQueue, @DefaultValue("5") int loginMaxFailuresPerAccount,
		@DefaultValue("20") int loginMaxFailuresPerAddress, @DefaultValue("1s") Duration loginDelayBase,
		@DefaultValue("5m") Duration loginDelayMax, @DefaultValue("15m") Duration loginFailureWindow,
		@DefaultValue("72h") Duration inviteTtl) {

	public AuthProperties {
		if (externalIssuerUri != null && !externalIssuerUri.isBlank() && (audience == null || audience.isBlank())) {
			throw new IllegalStateException("SOKONI_JWT_AUDIENCE must be set when SOKONI_JWT_EXTERNAL_ISSUER_URI is:"
					+ " without it, tokens the issuer minted for any other application would be accepted");
		}
	}

	public boolean externalIssuer() {
		return externalIssuerUri != null && !externalIssuerUri.isBlank();
	}

}
