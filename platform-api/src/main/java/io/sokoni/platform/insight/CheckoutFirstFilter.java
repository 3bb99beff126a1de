package io.sokoni.platform.insight;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;

import io.sokoni.platform.order.CheckoutsInFlight;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Storefront event batches yield to checkouts. Before its body is read, a batch waits (parked, no CPU)
 * while checkouts run in this instance, up to {@code sokoni.insight.checkout-yield}, then goes on
 * whatever runs; and at most {@code sokoni.insight.intake-concurrency} batches are read and checked at
 * once (the others wait for their turn, parked), so the batches that waited for a checkout do not all
 * start together the moment it ends, into the next one. Reading, checking and answering a batch is CPU
 * that a checkout running at the same moment would wait for on a small machine; an event answered a few
 * milliseconds later costs nobody anything. A batch gives its turn back once its events are queued for
 * the writers ({@link #cpuDone}), not after their commit. The writers yield the same way before each
 * insert ({@link EventIntake}).
 */
class CheckoutFirstFilter extends OncePerRequestFilter {

	private static final String TURN = CheckoutFirstFilter.class.getName() + ".turn";

	private final CheckoutsInFlight checkouts;

	private final Duration yield;

	private final Semaphore turns;

	CheckoutFirstFilter(CheckoutsInFlight checkouts, Duration yield, int concurrency) {
		this.checkouts = checkouts;
		this.yield = yield;
		this.turns = new Semaphore(concurrency, true);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!"POST".equals(request.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		Turn turn = new Turn(turns);
		try {
			checkouts.awaitNone(yield);
			turns.acquire();
			turn.taken = true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		request.setAttribute(TURN, turn);
		try {
			chain.doFilter(request, response);
		}
		finally {
			turn.giveBack();
		}
	}

	/** The batch no longer needs the CPU (its events are queued for the writers): the next may start. */
	static void cpuDone(HttpServletRequest request) {
		if (request.getAttribute(TURN) instanceof Turn turn) {
			turn.giveBack();
		}
	}

	/** One request's turn; given back once (whoever comes first: the controller or the filter). */
	private static final class Turn {

		private final Semaphore turns;

		private boolean taken;

		Turn(Semaphore turns) {
			this.turns = turns;
		}

		void giveBack() {
			if (taken) {
				taken = false;
				turns.release();
			}
		}

	}

}
