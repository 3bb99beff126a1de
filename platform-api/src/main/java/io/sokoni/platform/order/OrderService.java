package io.sokoni.platform.order;

import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The merchant's changes to orders. */
@Service
class OrderService {

	private final OrderLifecycle lifecycle;

	private final OrderQueries queries;

	private final OrderRepository orders;

	private final AuditTrail audit;

	OrderService(OrderLifecycle lifecycle, OrderQueries queries, OrderRepository orders, AuditTrail audit) {
		this.lifecycle = lifecycle;
		this.queries = queries;
		this.orders = orders;
		this.audit = audit;
	}

	/**
	 * Moves the order; with {@code expectedVersion}, only if nobody changed the order since the merchant
	 * looked at it (409 otherwise).
	 */
	@Transactional
	OrderDetail changeStatus(UUID orderId, OrderStatus to, String note, Long expectedVersion) {
		if (expectedVersion != null) {
			long version = orders.lock(orderId).orElseThrow(() -> ApiException.notFound("Order")).getVersion();
			if (version != expectedVersion) {
				throw ApiException.staleVersion("The order");
			}
		}
		OrderStatus from = lifecycle.transition(orderId, to, note);
		audit.record("order.status_changed", "order", orderId, Map.of("from", from.value(), "to", to.value()));
		return queries.detail(orderId);
	}

}
