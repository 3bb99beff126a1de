package io.sokoni.platform.order;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.jooq.tables.records.OrdersRecord;
import io.sokoni.platform.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading orders of the bound tenant. */
@Service
public class OrderQueries {

	private final OrderRepository orders;

	OrderQueries(OrderRepository orders) {
		this.orders = orders;
	}

	@Transactional(readOnly = true)
	public OrderView view(UUID orderId) {
		return view(orders.find(orderId).orElseThrow(() -> ApiException.notFound("Order")));
	}

	@Transactional(readOnly = true)
	public OrderDetail detail(UUID orderId) {
		OrdersRecord row = orders.find(orderId).orElseThrow(() -> ApiException.notFound("Order"));
		return new OrderDetail(view(row),
				new OrderDetail.Money(row.getAmountPaidCents(), row.getAmountRefundedCents(), row.getPaymentFlag()),
				orders.history(orderId), orders.deliveries(orderId));
	}

	/** The order a cart became, for its shopper; 404 while the cart is not checked out. */
	@Transactional(readOnly = true)
	public OrderView ofCart(UUID cartId) {
		return view(orders.findByCart(cartId).orElseThrow(() -> ApiException.notFound("Order")));
	}

	@Transactional(readOnly = true)
	List<OrderSummary> list(OrderFilter filter) {
		return orders.list(filter);
	}

	private OrderView view(OrdersRecord o) {
		Map<String, Object> shipping = OrderRepository.object(o.getShippingAddress());
		Object eta = shipping.get("etaMinutes");
		return new OrderView(o.getId(), o.getOrderNumber(), o.getStatus(), o.getChannel(), o.getPaymentMethod(),
				o.getPaymentStatus(), o.getCurrency(), o.getSubtotalCents(), o.getDeliveryFeeCents(),
				o.getDiscountCents(), o.getTotalCents(),
				new OrderView.Customer(o.getCustomerId(), o.getCustomerName(), o.getCustomerPhone(), o.getCustomerEmail(),
						o.getCustomerWhatsappOptIn()),
				new OrderView.Delivery(o.getDeliveryCityArea(), o.getDeliveryZoneId(),
						eta instanceof Number n ? n.longValue() : null, (String) shipping.get("ruleApplied"),
						(String) shipping.get("streetAddress"), (String) shipping.get("instructions")),
				orders.items(o.getId()), OrderRepository.discounts(o.getDiscounts()), List.of(),
				orders.holdExpiry(o.getId()), o.getPlacedAt(), o.getVersion());
	}

}
