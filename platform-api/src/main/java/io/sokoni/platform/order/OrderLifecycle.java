package io.sokoni.platform.order;

import static io.sokoni.platform.order.OrderStatus.AWAITING_PAYMENT;
import static io.sokoni.platform.order.OrderStatus.CANCELLED;
import static io.sokoni.platform.order.OrderStatus.DELIVERED;
import static io.sokoni.platform.order.OrderStatus.DISPATCHED;
import static io.sokoni.platform.order.OrderStatus.PACKING;
import static io.sokoni.platform.order.OrderStatus.PAID;
import static io.sokoni.platform.order.OrderStatus.PENDING;
import static io.sokoni.platform.order.OrderStatus.REFUNDED;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.sokoni.jooq.tables.records.OrdersRecord;
import io.sokoni.platform.Money;
import io.sokoni.platform.auth.CurrentUser;
import io.sokoni.platform.customer.CustomerService;
import io.sokoni.platform.discount.Discounts;
import io.sokoni.platform.inventory.StockReservations;
import io.sokoni.platform.outbox.OutboxWriter;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves orders of the bound tenant between statuses, one at a time per order (the order row is locked
 * first), with the effects of each step in the same transaction:
 * <ul>
 * <li>to paid or dispatched: held stock is sold (leaves on hand) if it was not already;</li>
 * <li>to cancelled: held stock is released, sold stock comes back, the coupon use is given back and the
 * order no longer counts towards the customer's lifetime value;</li>
 * <li>to refunded: the same for stock not yet delivered (delivered goods come back only through a
 * recorded return), and lifetime value.</li>
 * </ul>
 * Cash-on-delivery orders start {@code pending} (confirmed, holding stock without expiry) and go to
 * packing; M-Pesa orders start {@code awaiting_payment} with a hold that expires.
 */
@Service
public class OrderLifecycle {

	/** Legal steps. Dispatched may go back to packing when a delivery failed. */
	static final Map<OrderStatus, Set<OrderStatus>> NEXT = transitions();

	/** The payment flag of a cancelled order that holds money (PaymentService sets it for later money). */
	public static final String PAID_AFTER_CANCELLATION = "paid_after_cancellation";

	private final OrderRepository orders;

	private final StockReservations stock;

	private final CustomerService customers;

	private final Discounts discounts;

	private final OutboxWriter outbox;

	private final OrderPayments payments;

	OrderLifecycle(OrderRepository orders, StockReservations stock, CustomerService customers, Discounts discounts,
			OutboxWriter outbox, OrderPayments payments) {
		this.payments = payments;
		this.orders = orders;
		this.stock = stock;
		this.customers = customers;
		this.discounts = discounts;
		this.outbox = outbox;
	}

	private static Map<OrderStatus, Set<OrderStatus>> transitions() {
		Map<OrderStatus, Set<OrderStatus>> next = new LinkedHashMap<>();
		next.put(PENDING, EnumSet.of(AWAITING_PAYMENT, PAID, PACKING, CANCELLED));
		next.put(AWAITING_PAYMENT, EnumSet.of(PAID, CANCELLED));
		next.put(PAID, EnumSet.of(PACKING, CANCELLED, REFUNDED));
		next.put(PACKING, EnumSet.of(DISPATCHED, CANCELLED, REFUNDED));
		next.put(DISPATCHED, EnumSet.of(DELIVERED, PACKING));
		next.put(DELIVERED, EnumSet.of(REFUNDED));
		next.put(CANCELLED, EnumSet.noneOf(OrderStatus.class));
		next.put(REFUNDED, EnumSet.noneOf(OrderStatus.class));
		return Map.copyOf(next);
	}

	/** Whether {@code to} is a legal step from {@code from} (the payment side asks before refunding). */
	public static boolean canMove(OrderStatus from, OrderStatus to) {
		return NEXT.get(from).contains(to);
	}

	/**
	 * Moves the order to {@code to} if that is a legal step from its current status (409
	 * {@code ILLEGAL_TRANSITION} otherwise, nothing changed; 404 unknown order), with its effects, a
	 * history row with the current actor and {@code note}, and an {@code order.status_changed} outbox
	 * event. Joins the caller's transaction. Returns the status the order had before.
	 */
	@Transactional
	public OrderStatus transition(UUID orderId, OrderStatus to, String note) {
		return move(lock(orderId), to, note, false);
	}

	/** Like {@link #transition}, only if the order is still at {@code expectedVersion} (409 otherwise). */
	@Transactional
	OrderStatus transition(UUID orderId, OrderStatus to, String note, long expectedVersion) {
		OrdersRecord order = lock(orderId);
		if (order.getVersion() != expectedVersion) {
			throw ApiException.staleVersion("The order");
		}
		return move(order, to, note, false);
	}

	/**
	 * Cancels an unpaid order whose stock hold lapsed (the expiry job); false, with nothing changed, when
	 * the order is no longer awaiting payment (paid meanwhile, or already cancelled). An order paid in part
	 * is cancelled too, flagged {@code paid_after_cancellation}: the store refunds or reinstates it.
	 */
	@Transactional
	public boolean expire(UUID orderId) {
		OrdersRecord order = orders.lock(orderId).orElse(null);
		if (order == null || !order.getStatus().equals(AWAITING_PAYMENT.value())) {
			return false;
		}
		long paid = order.getAmountPaidCents();
		move(order, CANCELLED, "Payment not received before the stock hold expired"
				+ (paid > 0 ? "; " + Money.format(paid, order.getCurrency()) + " of it was paid" : ""), true);
		return true;
	}

	/** The order's current status; 404 when the bound tenant has no such order. */
	@Transactional(readOnly = true)
	public OrderStatus status(UUID orderId) {
		return orders.status(orderId).map(OrderStatus::of).orElseThrow(() -> ApiException.notFound("Order"));
	}

	private OrdersRecord lock(UUID orderId) {
		return orders.lock(orderId).orElseThrow(() -> ApiException.notFound("Order"));
	}

	/** Moves an order locked by this transaction. */
	private OrderStatus move(OrdersRecord order, OrderStatus to, String note, boolean expired) {
		UUID orderId = order.getId();
		OrderStatus from = OrderStatus.of(order.getStatus());
		if (!NEXT.get(from).contains(to)) {
			throw new ApiException(ProblemType.ILLEGAL_TRANSITION,
					"An order that is " + from.value() + " cannot become " + to.value(),
					Map.of("status", from.value(), "allowed", NEXT.get(from).stream().map(OrderStatus::value).toList()));
		}
		if (to == REFUNDED && !"paid".equals(order.getPaymentStatus())) {
			throw new ApiException(ProblemType.ILLEGAL_TRANSITION,
					"Only a paid order can be refunded; an unpaid one is cancelled instead",
					Map.of("status", from.value(), "paymentStatus", order.getPaymentStatus()));
		}
		String paymentStatus = order.getPaymentStatus();
		switch (to) {
			case PAID -> {
				stock.consume(orderId);
				paymentStatus = "paid";
			}
			case DISPATCHED -> stock.consume(orderId);
			case CANCELLED -> {
				if (order.getAmountPaidCents() > order.getAmountRefundedCents()) {
					// The store holds the shopper's money (paid in full, or in part when a hold lapsed): it must
					// refund it or reinstate the order, as for money that arrives after a cancellation.
					payments.flag(orderId, PAID_AFTER_CANCELLATION);
				}
				stock.release(orderId, expired);
				stock.returnSold(orderId);
				discounts.reverse(orderId);
				customers.reverseOrder(order.getCustomerId(), order.getTotalCents());
			}
			case REFUNDED -> {
				stock.release(orderId, false);
				if (from != DELIVERED) {
					stock.returnSold(orderId);
				}
				customers.reverseOrder(order.getCustomerId(), order.getTotalCents());
				paymentStatus = "refunded";
			}
			default -> {
			}
		}
		orders.updateStatus(orderId, to.value(), paymentStatus);
		CurrentUser.Actor actor = CurrentUser.actor("system");
		orders.insertHistory(orderId, from.value(), to.value(), actor.type(), actor.id(), note);
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("orderNumber", order.getOrderNumber());
		event.put("from", from.value());
		event.put("to", to.value());
		event.put("customerPhone", order.getCustomerPhone());
		outbox.append("order", orderId, "order.status_changed", event);
		return from;
	}

}
