package io.sokoni.platform.auth;

import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The tenant user behind the current admin request (from the validated token). */
public record CurrentUser(UUID id, Role role) {

	public static Optional<CurrentUser> find() {
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		if (auth instanceof JwtAuthenticationToken token) {
			Jwt jwt = token.getToken();
			Role role = token.getAuthorities()
				.stream()
				.map(a -> a.getAuthority().replaceFirst("^ROLE_", "").toLowerCase(java.util.Locale.ROOT))
				.map(Role::parse)
				.flatMap(Optional::stream)
				.findFirst()
				.orElse(Role.VIEWER);
			try {
				return Optional.of(new CurrentUser(UUID.fromString(jwt.getSubject()), role));
			}
			catch (IllegalArgumentException | NullPointerException ex) {
				return Optional.empty();
			}
		}
		return Optional.empty();
	}

	public static CurrentUser require() {
		return find().orElseThrow(() -> new ApiException(ProblemType.UNAUTHENTICATED, "No user is signed in"));
	}

	/**
	 * Who is acting, for audit and journal rows: the operator, the signed-in user, or {@code nobody}
	 * (for example "anonymous" for a login attempt, "system" for a job).
	 */
	public static Actor actor(String nobody) {
		if (isOperator()) {
			return new Actor("operator", "operator");
		}
		return find().map(u -> new Actor("user", u.id().toString())).orElse(new Actor(nobody, null));
	}

	/** An actor type (user, operator, anonymous, system) and its id, if it has one. */
	public record Actor(String type, String id) {
	}

	/** Whether the request is authenticated as the platform operator. */
	public static boolean isOperator() {
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		return auth != null && OperatorTokenFilter.OPERATOR.equals(auth.getPrincipal());
	}

}
