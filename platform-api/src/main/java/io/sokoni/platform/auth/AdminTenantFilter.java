package io.sokoni.platform.auth;

import java.io.IOException;
import java.util.Optional;

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
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Binds the tenant of an admin request from the validated token's tenant claim (the Host header is
 * ignored here). A token without a valid tenant, or of an unknown tenant, is refused; a suspended
 * tenant gets 403. For Sokoni's own tokens the user must still be active with the token's role
 * (deactivation and role changes take effect before the token expires).
 */
class AdminTenantFilter extends OncePerRequestFilter {

	private final TenantDirectory tenants;

	private final String tenantClaim;

	private final ActiveUsers users;

	AdminTenantFilter(TenantDirectory tenants, String tenantClaim, ActiveUsers users) {
		this.tenants = tenants;
		this.tenantClaim = tenantClaim;
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
		Optional<TenantId> tenant = TenantId.parse(token.getToken().getClaimAsString(tenantClaim));
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
			if (users != null
					&& !CurrentUser.find().map(u -> users.holds(tenant.get(), u.id(), u.role())).orElse(false)) {
				Problems.write(response, ProblemType.UNAUTHENTICATED,
						"This account is no longer active or its role changed; sign in again");
				return;
			}
			chain.doFilter(request, response);
		}
	}

}
