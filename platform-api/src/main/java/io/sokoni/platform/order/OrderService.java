package io.sokoni.platform.order;

import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.audit.AuditTrail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The merchant's changes to orders. */
@Service
class OrderService {

	private final OrderLifecycle lifecycle;

	private final OrderQueries queries;

	private final AuditTrail audit;

	OrderService(OrderLifecycle lifecycle, OrderQueries queries, AuditTrail audit) {
		this.lifecycle = lifecycle;
		this.queries = queries;
		this.audit = audit;
	}

	/**
	 * Moves the order; with {@code expectedVersion}, only if nobody changed the order since the merchant
	 * looked at it (409 otherwise).
	 */
	@Transactional
	OrderDetail changeStatus(UUID orderId, OrderStatus to, String note, Long expectedVersion) {
		OrderStatus from = expectedVersion == null ? lifecycle.transition(orderId, to, note)
				: lifecycle.transition(orderId, to, note, expectedVersion);
		audit.record("order.status_changed", "order", orderId, Map.of("from", from.value(), "to", to.value()));
		return queries.detail(orderId);
	}

}
