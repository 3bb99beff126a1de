package io.sokoni.platform.insight;

import io.sokoni.platform.order.CheckoutsInFlight;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The event intake's yield to checkouts and its turns, on the storefront events endpoint only. */
@Configuration(proxyBeanMethods = false)
class InsightConfiguration {

	@Bean
	FilterRegistrationBean<CheckoutFirstFilter> checkoutFirstFilter(CheckoutsInFlight checkouts, InsightProperties props) {
		FilterRegistrationBean<CheckoutFirstFilter> registration = new FilterRegistrationBean<>(
				new CheckoutFirstFilter(checkouts, props.checkoutYield(), props.intakeConcurrency()));
		registration.addUrlPatterns("/storefront/v1/events");
		// after the storefront's tenant filter, rate limits and the tenant's concurrency slot
		registration.setOrder(Ordered.LOWEST_PRECEDENCE - 7);
		return registration;
	}

}
