package io.sokoni.platform.auth;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates the platform operator by bearer token on {@code /platform/v1}. */
class OperatorTokenFilter extends OncePerRequestFilter {

	static final String OPERATOR = "operator";

	private final OperatorCredentials credentials;

	OperatorTokenFilter(OperatorCredentials credentials) {
		this.credentials = credentials;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
				&& credentials.matches(header.substring(7).trim())) {
			SecurityContextHolder.getContext()
				.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(OPERATOR, null,
						List.of(new SimpleGrantedAuthority("ROLE_OPERATOR"))));
		}
		chain.doFilter(request, response);
	}

}
