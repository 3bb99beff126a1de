package io.sokoni.platform.auth;

import java.io.IOException;

import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Authentication and authorization failures as problem details. The bearer entry point still sets
 * {@code WWW-Authenticate} (RFC 6750), then the body explains without revealing why a token failed.
 */
class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		bearer.commence(request, response, authException);
		Problems.write(response, ProblemType.UNAUTHENTICATED,
				"A valid, unexpired bearer token is required for this endpoint");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		Problems.write(response, ProblemType.FORBIDDEN, "Your credentials do not allow this action");
	}

}
