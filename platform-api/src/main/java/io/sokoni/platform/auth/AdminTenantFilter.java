package io.sokoni.platform.auth;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantDirectory;
import io.sokoni.tenant.TenantId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Binds the tenant of an admin request from the validated token's tenant claim (the Host header is
 * ignored here). A token without a valid tenant, or of an unknown tenant, is refused; a suspended
 * tenant gets 403. The user must still be active in that tenant with the token's role, and a Sokoni
 * token must be of the user's current token version (deactivation, role and password changes take
 * effect before the token expires). An external issuer's token names its user by email (the user must
 * exist in Sokoni, invited as usual); the request then acts as that user.
 */
class AdminTenantFilter extends OncePerRequestFilter {

	private final TenantDirectory tenants;

	private final AuthProperties props;

	private final ActiveUsers users;

	AdminTenantFilter(TenantDirectory tenants, AuthProperties props, ActiveUsers users) {
		this.tenants = tenants;
		this.props = props;
		this.users = users;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		if (!(auth instanceof JwtAuthenticationToken token)) {
			chain.doFilter(request, response);
			return;
		}
		Optional<TenantId> tenant = TenantId.parse(token.getToken().getClaimAsString(props.tenantClaim()));
		if (tenant.isEmpty() || !tenants.exists(tenant.get())) {
			Problems.write(response, ProblemType.UNAUTHENTICATED, "The token does not name a known tenant");
			return;
		}
		if (!tenants.isActive(tenant.get())) {
			Problems.write(response, ProblemType.TENANT_SUSPENDED,
					"This merchant account is suspended; contact the platform operator");
			return;
		}
		try (TenantContext.Scope ignored = TenantContext.bind(tenant.get())) {
			Optional<JwtAuthenticationToken> user = props.externalIssuer() ? externalUser(tenant.get(), token)
					: ownUser(tenant.get(), token);
			if (user.isEmpty()) {
				Problems.write(response, ProblemType.UNAUTHENTICATED,
						"This account is no longer active, its role or password changed; sign in again");
				return;
			}
			SecurityContextHolder.getContext().setAuthentication(user.get());
			chain.doFilter(request, response);
		}
	}

	private Optional<JwtAuthenticationToken> ownUser(TenantId tenant, JwtAuthenticationToken token) {
		Object version = token.getToken().getClaims().get(TokenService.TOKEN_VERSION_CLAIM);
		// Tokens from before versions existed count as version 0: any password change ends them too.
		int tokenVersion = version instanceof Number n ? n.intValue() : 0;
		return CurrentUser.find()
			.filter(u -> users.holds(tenant, u.id(), u.role(), tokenVersion))
			.map(u -> token);
	}

	/**
	 * The Sokoni user an external token stands for: found by the email claim (not when the issuer says
	 * it is unverified), active, with the role the token claims; the request's subject becomes that
	 * user's id, so audit and "me" work as for Sokoni's own tokens.
	 */
	private Optional<JwtAuthenticationToken> externalUser(TenantId tenant, JwtAuthenticationToken token) {
		Jwt jwt = token.getToken();
		String email = jwt.getClaimAsString(props.emailClaim());
		if (email == null || Boolean.FALSE.equals(jwt.getClaimAsBoolean("email_verified"))) {
			return Optional.empty();
		}
		Optional<Role> role = token.getAuthorities()
			.stream()
			.map(a -> Role.parse(a.getAuthority().replaceFirst("^ROLE_", "").toLowerCase(Locale.ROOT)))
			.flatMap(Optional::stream)
			.findFirst();
		Optional<UUID> id = users.findByEmail(tenant, email);
		if (role.isEmpty() || id.isEmpty() || !users.holds(tenant, id.get(), role.get(), null)) {
			return Optional.empty();
		}
		Jwt asUser = Jwt.withTokenValue(jwt.getTokenValue())
			.headers(h -> h.putAll(jwt.getHeaders()))
			.claims(c -> {
				c.putAll(jwt.getClaims());
				c.put("sub", id.get().toString());
			})
			.build();
		return Optional.of(new JwtAuthenticationToken(asUser, token.getAuthorities()));
	}

}
