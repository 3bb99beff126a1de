package io.sokoni.platform.web;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a path or query string holding a NUL character or malformed Unicode (an escape that is not
 * UTF-8, or a lone surrogate) with 400, before any tenant lookup or database work. JSON bodies are
 * checked as they are read ({@link StrictJsonRequests}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class MalformedTextFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<String> refused = refusedPart(request.getRequestURI(), request.getQueryString());
		if (refused.isPresent()) {
			Problems.write(response, ProblemType.MALFORMED_REQUEST,
					"The request " + refused.get() + " " + WellFormedText.PROBLEM);
			return;
		}
		chain.doFilter(request, response);
	}

	/** "path" or "query parameter 'q'" when that part is not well-formed text. */
	static Optional<String> refusedPart(String rawPath, String rawQuery) {
		if (!wellFormed(rawPath, false)) {
			return Optional.of("path");
		}
		if (rawQuery != null) {
			for (String pair : rawQuery.split("&")) {
				int eq = pair.indexOf('=');
				String name = eq < 0 ? pair : pair.substring(0, eq);
				if (!wellFormed(name, true)) {
					return Optional.of("query string");
				}
				if (eq >= 0 && !wellFormed(pair.substring(eq + 1), true)) {
					return Optional.of("query parameter '" + WellFormedText.decode(name, true).orElse(name) + "'");
				}
			}
		}
		return Optional.empty();
	}

	private static boolean wellFormed(String encoded, boolean plusIsSpace) {
		return WellFormedText.decode(encoded, plusIsSpace).map(WellFormedText::isWellFormed).orElse(false);
	}

}
