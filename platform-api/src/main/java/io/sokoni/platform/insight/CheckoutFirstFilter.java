package io.sokoni.platform.insight;

import java.io.IOException;
import java.time.Duration;

import io.sokoni.platform.order.CheckoutsInFlight;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Storefront event batches yield to checkouts: before its body is read, a batch waits (parked, no CPU)
 * while checkouts run in this instance, up to {@code sokoni.insight.checkout-yield}, then goes on
 * whatever runs. Reading, checking and answering a batch is CPU that a checkout running at the same
 * moment would wait for on a small machine; an event answered a few milliseconds later costs nobody
 * anything. The intake's writers yield the same way before each insert ({@link EventIntake}).
 */
class CheckoutFirstFilter extends OncePerRequestFilter {

	private final CheckoutsInFlight checkouts;

	private final Duration yield;

	CheckoutFirstFilter(CheckoutsInFlight checkouts, Duration yield) {
		this.checkouts = checkouts;
		this.yield = yield;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if ("POST".equals(request.getMethod())) {
			try {
				checkouts.awaitNone(yield);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		chain.doFilter(request, response);
	}

}
