package io.sokoni.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 database-unavailable (with Retry-After) when the database is lost while a filter works:
 * the tenant of a token and the store of a Host header are looked up before Spring MVC, so the advice
 * never sees those failures and the container would answer a bare 500. Runs right after the request
 * id filter, before the security filters.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class DatabaseUnavailableFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RuntimeException | ServletException ex) {
			if (!Problems.isDatabaseUnavailable(ex) || response.isCommitted()) {
				throw ex;
			}
			log.warn("Database unavailable: {}", ex.getMessage());
			response.resetBuffer();
			response.setHeader(HttpHeaders.RETRY_AFTER, Problems.DATABASE_RETRY_AFTER_SECONDS);
			Problems.write(response, Problems.databaseUnavailable());
		}
	}

}
