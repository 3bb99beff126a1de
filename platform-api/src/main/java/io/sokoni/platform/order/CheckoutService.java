package io.sokoni.platform.order;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Amounts;
import io.sokoni.platform.Ids;
import io.sokoni.platform.PhoneNumbers;
import io.sokoni.platform.cart.CartService;
import io.sokoni.platform.cart.CheckoutCart;
import io.sokoni.platform.customer.CustomerService;
import io.sokoni.platform.customer.CustomerService.CheckoutCustomer;
import io.sokoni.platform.database.StatementPipeline;
import io.sokoni.platform.delivery.DeliveryPricing;
import io.sokoni.platform.delivery.DeliveryQuote;
import io.sokoni.platform.discount.DiscountLine;
import io.sokoni.platform.discount.DiscountOutcome;
import io.sokoni.platform.discount.Discounts;
import io.sokoni.platform.idempotency.IdempotentRequests;
import io.sokoni.platform.inventory.StockReservations;
import io.sokoni.platform.inventory.StockReservations.StockPlan;
import io.sokoni.platform.inventory.StockReservations.Wanted;
import io.sokoni.platform.outbox.OutboxWriter;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns a cart into an order in one transaction: the Idempotency-Key row first, naming the order to be
 * (a concurrent duplicate waits on it, then answers with that order), the cart locked (a second key for the same cart finds it
 * converted), the customer found or created (an existing one is never changed by what a shopper
 * typed: that stays on the order), discounts and delivery priced, stock held by conditional updates, then
 * the order with its number, items, reservations, history and outbox event. Any refusal rolls all of it
 * back: no order, no held stock, no used coupon, no customer change, no key.
 * <p>
 * The rows many checkouts share (the stock level of a popular item, the tenant's order counter) are
 * locked by the last statements, after everything else was read, refused or written, and the answer is
 * built without reading the order back: when each line has one stock location (most stores), the holds
 * and the order are one round trip, and those locks are held for it and the commit.
 * A checkout for stock the last committed levels already lack is refused before taking any lock.
 */
@Service
public class CheckoutService {

	static final String SCOPE = "storefront.checkout";

	private final IdempotentRequests idempotent;

	private final CartService carts;

	private final CustomerService customers;

	private final Discounts discounts;

	private final DeliveryPricing delivery;

	private final StockReservations stock;

	private final OrderRepository orders;

	private final OutboxWriter outbox;

	private final OrderQueries queries;

	private final CheckoutProperties props;

	private final DSLContext dsl;

	CheckoutService(IdempotentRequests idempotent, CartService carts, CustomerService customers, Discounts discounts,
			DeliveryPricing delivery, StockReservations stock, OrderRepository orders, OutboxWriter outbox,
			OrderQueries queries, CheckoutProperties props, DSLContext dsl) {
		this.idempotent = idempotent;
		this.carts = carts;
		this.customers = customers;
		this.discounts = discounts;
		this.delivery = delivery;
		this.stock = stock;
		this.orders = orders;
		this.outbox = outbox;
		this.queries = queries;
		this.props = props;
		this.dsl = dsl;
	}

	/** What a repeated request must match to get the first answer back. */
	record Fingerprint(String cartToken, CheckoutRequest request) {
	}

	@Transactional
	public OrderView checkout(UUID storeId, String cartToken, CheckoutRequest request, String idempotencyKey) {
		if (idempotencyKey == null || idempotencyKey.isBlank()) {
			throw new ApiException(ProblemType.IDEMPOTENCY_KEY_REQUIRED,
					"A checkout needs an Idempotency-Key header (any unique value per checkout attempt, reused when "
							+ "retrying it), so a retried or double-clicked checkout never makes two orders");
		}
		String phone = PhoneNumbers.normalize(request.customer().phone())
			.orElseThrow(() -> new ApiException(ProblemType.VALIDATION_FAILED,
					"customer.phone is not a valid phone number: use a Kenyan number such as 0712 345 678 or an "
							+ "international one starting with +",
					Map.of("errors", List.of(new Problems.FieldProblem("customer.phone", "invalid phone number")))));
		UUID orderId = Ids.next();
		return idempotent.onceForResource(SCOPE, idempotencyKey, new Fingerprint(cartToken, request), orderId,
				queries::view, () -> place(orderId, storeId, cartToken, request, phone));
	}

	private OrderView place(UUID orderId, UUID storeId, String cartToken, CheckoutRequest request, String phone) {
		CheckoutCart cart = carts.lockForCheckout(storeId, cartToken);
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		CheckoutRequest.Address address = request.delivery();
		String email = blankToNull(request.customer().email());
		boolean whatsappOptIn = Boolean.TRUE.equals(request.customer().whatsappOptIn());
		// An existing customer is not changed by what was typed: it stays on the order (see CustomerService).
		CheckoutCustomer customer = customers.findOrCreateForCheckout(phone, request.customer().name().strip(), email,
				whatsappOptIn, address.cityArea().strip(), address.streetAddress(), address.instructions());

		String coupon = request.couponCode() != null && !request.couponCode().isBlank() ? request.couponCode()
				: cart.couponCode();
		DiscountOutcome discount = discounts.evaluate(storeId, lines(cart), coupon, customer.customerId(), now);
		if (coupon != null && discount.couponRefusal() != null) {
			throw new ApiException(ProblemType.COUPON_NOT_APPLICABLE, discount.couponRefusal(),
					Map.of("couponCode", coupon));
		}
		long subtotal = cart.subtotalCents();
		DeliveryQuote quote = carts.validQuote(cart.id(), address.cityArea(), subtotal)
			.orElseGet(() -> delivery.quote(storeId, address.cityArea(), subtotal));
		long total = Amounts.minus(Amounts.plus(subtotal, quote.feeCents()), discount.discountCents());

		boolean mpesa = "mpesa".equals(request.paymentMethod());
		OrderStatus status = mpesa ? OrderStatus.AWAITING_PAYMENT : OrderStatus.PENDING;
		OffsetDateTime holdExpiry = mpesa ? now.plus(props.mpesaHold()) : null;
		List<OrderView.Item> items = items(cart, discount);
		List<Wanted> wanted = cart.items()
			.stream()
			.map(i -> new Wanted(i.variantId(), i.productId(), i.quantity()))
			.toList();
		StockPlan plan = stock.plan(wanted);

		// What hangs off the order first (its foreign keys are checked at commit), sent in one round trip ...
		if (discount.couponId() != null) {
			discounts.redeem(discount.couponId(), customer.customerId(), orderId);
		}
		int[] rows = StatementPipeline.execute(dsl, orders.itemsInsert(orderId, items),
				orders.historyInsert(orderId, null, status.value(), "customer", customer.customerId().toString(),
						mpesa ? "Placed; awaiting M-Pesa payment" : "Placed; cash on delivery"),
				customers.orderRecorded(customer.customerId(), total, now),
				carts.conversion(cart.id(), customer.customerId()),
				outbox.event("order", orderId, "order.placed", Map.of("status", status.value(), "totalCents", total,
						"customerPhone", phone, "paymentMethod", request.paymentMethod())));
		if (rows[2] != 1 || rows[3] != 1) { // the customer upserted, the cart locked by this transaction
			throw new IllegalStateException("The checkout's customer or cart row was not updated: " + Arrays.toString(rows));
		}
		// ... then the rows many checkouts share: the stock levels, then the tenant's order counter.
		Map<String, Object> shipping = new LinkedHashMap<>();
		shipping.put("cityArea", address.cityArea().strip());
		shipping.put("streetAddress", address.streetAddress());
		shipping.put("instructions", address.instructions());
		shipping.put("etaMinutes", quote.etaMinutes());
		shipping.put("ruleApplied", quote.ruleApplied());
		long number = stock.hold(orderId, plan, holdExpiry, orders.orderInsert(new OrderRepository.NewOrder(orderId,
				storeId, customer.customerId(), cart.id(), status.value(), cart.channel(), cart.currency(), subtotal,
				quote.feeCents(), discount.discountCents(), total, request.paymentMethod(), phone,
				request.customer().name().strip(), email, whatsappOptIn, address.cityArea().strip(), quote.zoneId(), shipping,
				discount.applied(), discount.couponId(), request.notes(), now)))
			.get(0)
			.get(0, Long.class);
		return new OrderView(orderId, number, status.value(), cart.channel(), request.paymentMethod(), "unpaid",
				cart.currency(), subtotal, quote.feeCents(), discount.discountCents(), total,
				new OrderView.Customer(customer.customerId(), request.customer().name().strip(), phone, email,
						whatsappOptIn),
				new OrderView.Delivery(address.cityArea().strip(), quote.zoneId(), (long) quote.etaMinutes(),
						quote.ruleApplied(), address.streetAddress(), address.instructions()),
				items, discount.applied(), discount.notApplied(), holdExpiry, now, 0);
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	private static List<DiscountLine> lines(CheckoutCart cart) {
		return cart.items()
			.stream()
			.map(i -> new DiscountLine(i.productId(), i.variantId(), i.categoryId(), i.quantity(), i.unitPriceCents()))
			.toList();
	}

	private static List<OrderView.Item> items(CheckoutCart cart, DiscountOutcome discount) {
		List<OrderView.Item> items = new ArrayList<>();
		for (CheckoutCart.Item i : cart.items()) {
			long gross = Amounts.lineTotal(i.unitPriceCents(), i.quantity());
			long off = discount.lineDiscounts().getOrDefault(i.variantId(), 0L);
			items.add(new OrderView.Item(i.productId(), i.variantId(), i.sku(), i.productName(), i.variantName(),
					i.quantity(), i.unitPriceCents(), off, gross - off));
		}
		return items;
	}

}
