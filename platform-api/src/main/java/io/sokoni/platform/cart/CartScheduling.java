package io.sokoni.platform.cart;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on Spring's scheduler for the cart abandonment job (its own switch is in CartProperties). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class CartScheduling {
}
