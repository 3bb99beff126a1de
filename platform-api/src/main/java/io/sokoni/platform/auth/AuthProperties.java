package io.sokoni.platform.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token issuing and trust, login throttling, invites.
 *
 * @param issuer the {@code iss} of Sokoni's own tokens
 * @param tokenTtl how long an access token lives
 * @param signingKeyPath PKCS#8 PEM RSA private key; generated at start when blank
 * @param externalIssuerUri trust this OIDC issuer instead of Sokoni's own tokens
 * @param tenantClaim the claim that carries the tenant id
 * @param roleClaim the claim that carries the role (owner, staff, viewer)
 * @param bcryptStrength cost of the password hash
 * @param loginMaxFailuresPerAccount failed logins allowed per account in the window
 * @param loginMaxFailuresPerAddress failed logins allowed per client address in the window
 * @param loginFailureWindow the throttling window
 * @param inviteTtl how long a staff invite can be accepted
 */
@ConfigurationProperties("sokoni.auth")
public record AuthProperties(@DefaultValue("sokoni") String issuer, @DefaultValue("15m") Duration tokenTtl,
		String signingKeyPath, String externalIssuerUri, @DefaultValue("tenant_id") String tenantClaim,
		@DefaultValue("role") String roleClaim, @DefaultValue("12") int bcryptStrength,
		@DefaultValue("5") int loginMaxFailuresPerAccount, @DefaultValue("20") int loginMaxFailuresPerAddress,
		@DefaultValue("15m") Duration loginFailureWindow, @DefaultValue("72h") Duration inviteTtl) {

	public boolean externalIssuer() {
		return externalIssuerUri != null && !externalIssuerUri.isBlank();
	}

}
