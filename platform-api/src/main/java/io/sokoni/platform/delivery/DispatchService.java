package io.sokoni.platform.delivery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.delivery.DeliveryRepository.DeliveryFields;
import io.sokoni.platform.order.OrderLifecycle;
import io.sokoni.platform.order.OrderStatus;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Hands orders to riders and partners and follows each delivery through its steps. A delivery's step
 * moves its order in the same transaction, so the two never disagree: either both change or neither.
 */
@Service
public class DispatchService {

	/** Orders that can be handed over: paid (M-Pesa), packing, or pending (cash on delivery, confirmed). */
	private static final Set<OrderStatus> DISPATCHABLE = Set.of(OrderStatus.PAID, OrderStatus.PACKING,
			OrderStatus.PENDING);

	private final DeliveryRepository deliveries;

	private final DeliveryPartnerRepository partners;

	private final OrderLifecycle orders;

	private final AuditTrail audit;

	DispatchService(DeliveryRepository deliveries, DeliveryPartnerRepository partners, OrderLifecycle orders,
			AuditTrail audit) {
		this.deliveries = deliveries;
		this.partners = partners;
		this.orders = orders;
		this.audit = audit;
	}

	/** The deliveries of an order; 404 for an order the tenant does not have, as the order's other lists. */
	@Transactional(readOnly = true)
	public List<Delivery> listForOrder(UUID orderId, UUID after, int limit) {
		orders.status(orderId);
		return deliveries.listForOrder(orderId, after, limit);
	}

	@Transactional(readOnly = true)
	public Delivery get(UUID id) {
		return deliveries.find(id).orElseThrow(() -> ApiException.notFound("Delivery"));
	}

	/**
	 * A pending delivery for the order: 404 for an unknown order or partner, 409 when the order cannot be
	 * dispatched or already has a live delivery (the unique index decides under concurrency).
	 */
	@Transactional
	public Delivery create(UUID orderId, DeliveryFields fields) {
		OrderStatus status = orders.status(orderId);
		if (!DISPATCHABLE.contains(status)) {
			throw new ApiException(ProblemType.CONFLICT, "The order is " + status.value()
					+ "; only paid, packing or confirmed cash-on-delivery (pending) orders can be dispatched");
		}
		checkPartner(fields.partnerId());
		Delivery created = deliveries.insert(Ids.next(), orderId, fields);
		audit.record("delivery.created", "delivery", created.id(), details(created));
		return created;
	}

	/** Changes partner, tracking code, ETA, cost or notes if the version still matches. */
	@Transactional
	public Delivery update(UUID id, long expectedVersion, DeliveryFields changes) {
		checkPartner(changes.partnerId());
		Delivery updated = deliveries.update(id, expectedVersion, changes)
			.orElseThrow(() -> deliveries.find(id).isPresent() ? ApiException.staleVersion("The delivery")
					: ApiException.notFound("Delivery"));
		audit.record("delivery.updated", "delivery", id, details(updated));
		return updated;
	}

	/**
	 * Moves the delivery to {@code to} (409 {@code ILLEGAL_TRANSITION} and nothing changed when that is
	 * not a legal step from its status, or another change got there first) and its order along: in
	 * transit dispatches the order (through packing if it was not packed yet), delivered delivers it, a
	 * failure sends a dispatched order back to packing.
	 */
	@Transactional
	public Delivery changeStatus(UUID id, DeliveryStatus to, String note, String failureReason) {
		Delivery current = get(id);
		DeliveryStatus from = DeliveryStatus.of(current.status());
		if (!from.canBecome(to)) {
			throw illegal(from, to);
		}
		if (to == DeliveryStatus.FAILED && (failureReason == null || failureReason.isBlank())) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "Say why the delivery failed (failureReason)");
		}
		// Conditional on the status read above: a concurrent change makes this one a no-op, answered 409.
		Delivery moved = deliveries.moveStatus(id, from, to, failureReason)
			.orElseThrow(() -> illegal(DeliveryStatus.of(get(id).status()), to));
		moveOrder(moved, to, note);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("from", from.value());
		details.put("to", to.value());
		if (note != null) {
			details.put("note", note);
		}
		if (failureReason != null && to == DeliveryStatus.FAILED) {
			details.put("failureReason", failureReason);
		}
		audit.record("delivery.status_changed", "delivery", id, details);
		return moved;
	}

	private void moveOrder(Delivery delivery, DeliveryStatus to, String note) {
		UUID orderId = delivery.orderId();
		String because = orderNote(delivery, to, note);
		switch (to) {
			case IN_TRANSIT -> {
				OrderStatus status = orders.status(orderId);
				if (status == OrderStatus.PENDING || status == OrderStatus.PAID) {
					orders.transition(orderId, OrderStatus.PACKING, because);
				}
				if (status != OrderStatus.DISPATCHED) {
					orders.transition(orderId, OrderStatus.DISPATCHED, because);
				}
			}
			case DELIVERED -> orders.transition(orderId, OrderStatus.DELIVERED, because);
			case FAILED -> {
				// Back to packing for another attempt; an order not dispatched yet stays where it is.
				if (orders.status(orderId) == OrderStatus.DISPATCHED) {
					orders.transition(orderId, OrderStatus.PACKING, because);
				}
			}
			case ACCEPTED, PENDING -> {
			}
		}
	}

	private static String orderNote(Delivery delivery, DeliveryStatus to, String note) {
		String step = switch (to) {
			case IN_TRANSIT -> "Delivery in transit";
			case DELIVERED -> "Delivered";
			case FAILED -> "Delivery failed: " + delivery.failureReason();
			default -> "Delivery " + to.value();
		};
		if (delivery.trackingCode() != null) {
			step += " (tracking " + delivery.trackingCode() + ")";
		}
		String text = note == null || note.isBlank() ? step : step + ": " + note.strip();
		// order_status_history.note holds at most 500 characters.
		return text.length() <= 500 ? text : text.substring(0, 500);
	}

	private void checkPartner(UUID partnerId) {
		if (partnerId == null) {
			return;
		}
		boolean active = partners.activity(partnerId).orElseThrow(() -> ApiException.notFound("Delivery partner"));
		if (!active) {
			throw new ApiException(ProblemType.BUSINESS_RULE,
					"This delivery partner is inactive; activate it before handing it deliveries");
		}
	}

	private static ApiException illegal(DeliveryStatus from, DeliveryStatus to) {
		return new ApiException(ProblemType.ILLEGAL_TRANSITION,
				"A delivery that is " + from.value() + " cannot become " + to.value(),
				Map.of("from", from.value(), "to", to.value()));
	}

	private static Map<String, Object> details(Delivery d) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("orderId", d.orderId());
		details.put("version", d.version());
		if (d.partnerId() != null) {
			details.put("partnerId", d.partnerId());
		}
		if (d.trackingCode() != null) {
			details.put("trackingCode", d.trackingCode());
		}
		return details;
	}

}
