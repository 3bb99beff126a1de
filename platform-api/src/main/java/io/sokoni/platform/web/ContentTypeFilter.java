package io.sokoni.platform.web;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses with 415, before anything reads the body, a Content-Type no endpoint can read and Spring
 * would fail on: a wildcard ({@code *}{@code /*}, {@code application/*}, {@code application/*+json}) names
 * no media type (wildcards belong in Accept), and Spring's {@code HttpHeaders} throws on it (a 500). A
 * form body ({@code application/x-www-form-urlencoded}) is parsed by Tomcat itself ({@code getParameter*},
 * POST) or Spring's FormContentFilter (PUT, PATCH, DELETE), past {@link RequestSizeLimitFilter}'s bounded
 * stream: a chunked one was read whole up to Tomcat's 2 MB, then a 500. No endpoint takes form bodies.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class ContentTypeFilter extends OncePerRequestFilter {

	private static final MediaType FORM = MediaType.APPLICATION_FORM_URLENCODED;

	private static final Set<String> FORM_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		MediaType type = parse(request.getContentType());
		if (type != null && (type.isWildcardType() || type.isWildcardSubtype()
				|| FORM_METHODS.contains(request.getMethod()) && FORM.equalsTypeAndSubtype(type) && hasBody(request))) {
			Problems.write(response, ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json");
			return;
		}
		chain.doFilter(request, response);
	}

	/**
	 * Whether a body follows: {@code curl -X POST -d ''} labels an empty body as a form, and an action
	 * without a body (archive, suspend) must still work.
	 */
	private static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	private static MediaType parse(String contentType) {
		if (contentType == null || contentType.isBlank()) {
			return null;
		}
		try {
			return MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			// Spring MVC answers an unparsable type itself (415)
			return null;
		}
	}

}
