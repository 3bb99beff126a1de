package io.sokoni.platform.order;

import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Moves orders of the bound tenant between statuses. */
@Service
public class OrderLifecycle {

	/**
	 * Moves the order to {@code to} if that is a legal step from its current status (409
	 * {@code ILLEGAL_TRANSITION} otherwise, nothing changed; 404 unknown order), with its effects: stock
	 * (reservations consumed, released or returned), customer lifetime value, a history row with the
	 * current actor and {@code note}, and an {@code order.status_changed} outbox event. Joins the caller's
	 * transaction. Returns the status the order had before.
	 */
	@Transactional
	public OrderStatus transition(UUID orderId, OrderStatus to, String note) {
		throw new UnsupportedOperationException("CONTRACT: built in the order package");
	}

	/** The order's current status; 404 when the bound tenant has no such order. */
	@Transactional(readOnly = true)
	public OrderStatus status(UUID orderId) {
		throw new UnsupportedOperationException("CONTRACT: built in the order package");
	}

}
