package io.sokoni.platform.fairness;

import java.io.IOException;
import java.util.Optional;

import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds each storefront or admin request to its tenant's share ({@link TenantConcurrencyLimit}): runs
 * after the tenant was bound (from the Host or the token); over the share after the bounded wait, 503
 * {@code tenant-busy} with Retry-After. Requests without a tenant pass untouched.
 */
public class TenantConcurrencyFilter extends OncePerRequestFilter {

	private final TenantConcurrencyLimit limit;

	private final String retryAfterSeconds;

	public TenantConcurrencyFilter(TenantConcurrencyLimit limit, TenantConcurrencyProperties props) {
		this.limit = limit;
		this.retryAfterSeconds = Long.toString(Math.max(1, props.retryAfter().toSeconds()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<TenantId> tenant = TenantContext.current();
		if (tenant.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		TenantConcurrencyLimit.Slots slots;
		try {
			slots = limit.enter(tenant.get());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			slots = null;
		}
		if (slots == null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
			Problems.write(response, ProblemType.TENANT_BUSY,
					"This store has too many requests in progress; try again shortly");
			return;
		}
		long workStarted = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			slots.exit(workStarted);
		}
	}

}
