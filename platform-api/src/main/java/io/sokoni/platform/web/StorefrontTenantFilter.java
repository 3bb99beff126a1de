package io.sokoni.platform.web;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.tenant.HostTenantResolver;
import io.sokoni.tenant.StoreHost;
import io.sokoni.tenant.TenantContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Storefront requests are served for the store their {@code Host} names: a verified custom domain or
 * a platform subdomain. An unknown host learns nothing (404); a suspended tenant's store is refused.
 */
public class StorefrontTenantFilter extends OncePerRequestFilter {

	/** Request attribute holding the resolved store's id. */
	public static final String STORE_ID = StorefrontTenantFilter.class.getName() + ".storeId";

	/** Request attribute holding the host name the store was resolved from (normalised: lower case, no port). */
	public static final String HOST = StorefrontTenantFilter.class.getName() + ".host";

	private final HostTenantResolver resolver;

	public StorefrontTenantFilter(HostTenantResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<StoreHost> store = resolver.resolve(request.getHeader("Host"));
		if (store.isEmpty()) {
			Problems.write(response, ProblemType.UNKNOWN_HOST, "No store is served at this host name");
			return;
		}
		if (!store.get().tenantActive()) {
			Problems.write(response, ProblemType.TENANT_SUSPENDED, "This store is currently unavailable");
			return;
		}
		request.setAttribute(STORE_ID, store.get().storeId());
		request.setAttribute(HOST, store.get().host());
		try (TenantContext.Scope ignored = TenantContext.bind(store.get().tenant())) {
			chain.doFilter(request, response);
		}
	}

	/** The store of the current storefront request. */
	public static UUID storeId(HttpServletRequest request) {
		return (UUID) request.getAttribute(STORE_ID);
	}

	/** The host name of the current storefront request, as resolved (lower case, without port). */
	public static String host(HttpServletRequest request) {
		return (String) request.getAttribute(HOST);
	}

}
