package io.sokoni.platform.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Registers the storefront's rate limits for {@code /storefront/v1} only. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	/** Right after the store was resolved from the Host header (ordered LOWEST_PRECEDENCE - 10): the per-store limits need it. */
	@Bean
	FilterRegistrationBean<StorefrontRateLimitFilter> storefrontRateLimitFilter(RateLimitProperties props,
			ClientAddress clientAddress) {
		FilterRegistrationBean<StorefrontRateLimitFilter> registration = new FilterRegistrationBean<>(
				new StorefrontRateLimitFilter(props, clientAddress));
		registration.addUrlPatterns("/storefront/v1/*", "/sitemap.xml", "/sitemaps/*", "/robots.txt");
		registration.setOrder(Ordered.LOWEST_PRECEDENCE - 9);
		return registration;
	}

}
