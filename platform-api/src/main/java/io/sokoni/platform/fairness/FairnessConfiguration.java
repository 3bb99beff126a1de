package io.sokoni.platform.fairness;

import io.sokoni.tenant.TenantRouterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The per-tenant concurrency limit on the storefront and admin APIs: after the storefront's tenant
 * filter and rate limits (LOWEST_PRECEDENCE - 10 and - 9) and inside Spring Security, which binds the
 * admin tenant.
 */
@Configuration(proxyBeanMethods = false)
class FairnessConfiguration {

	@Bean
	TenantConcurrencyLimit tenantConcurrencyLimit(TenantConcurrencyProperties props, TenantRouterProperties db) {
		int limit = props.limit() > 0 ? props.limit() : Math.max(2, db.poolSize() / 2);
		return new TenantConcurrencyLimit(limit, props.maxWait(), props.floodLimit(), props.calmWindow(),
				props.floodShare());
	}

	@Bean
	FilterRegistrationBean<TenantConcurrencyFilter> tenantConcurrencyFilter(TenantConcurrencyLimit limit,
			TenantConcurrencyProperties props) {
		FilterRegistrationBean<TenantConcurrencyFilter> registration = new FilterRegistrationBean<>(
				new TenantConcurrencyFilter(limit, props));
		registration.addUrlPatterns("/storefront/v1/*", "/admin/v1/*");
		registration.setOrder(Ordered.LOWEST_PRECEDENCE - 8);
		registration.setEnabled(props.enabled());
		return registration;
	}

}
