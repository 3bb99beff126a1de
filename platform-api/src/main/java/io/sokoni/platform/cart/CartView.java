package io.sokoni.platform.cart;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.sokoni.platform.Amounts;
import io.sokoni.platform.discount.DiscountOutcome;
import io.sokoni.platform.discount.DiscountOutcome.AppliedDiscount;
import io.sokoni.platform.discount.DiscountOutcome.NotApplied;

/**
 * A cart as the shopper sees it: items at current prices with their availability, and totals.
 * {@code discount} is filled when the cart is read (GET), null in the answers of changes.
 */
public record CartView(String status, String channel, String currency, List<Item> items, int itemCount,
		long subtotalCents, String couponCode, String cityArea, OffsetDateTime expiresAt,
		OffsetDateTime lastActivityAt, long version, Discount discount) {

	/**
	 * The discounts the cart would get if checked out now.
	 * @param couponRefusal why the cart's coupon cannot be used; null when it applies or there is none
	 */
	public record Discount(long discountCents, long subtotalAfterDiscountCents, List<AppliedDiscount> applied,
			List<NotApplied> notApplied, String couponRefusal) {
	}

	CartView withDiscount(DiscountOutcome outcome) {
		return new CartView(status, channel, currency, items, itemCount, subtotalCents, couponCode, cityArea, expiresAt,
				lastActivityAt, version,
				new Discount(outcome.discountCents(), Amounts.minus(subtotalCents, outcome.discountCents()),
						outcome.applied(), outcome.notApplied(), outcome.couponRefusal()));
	}

	/**
	 * @param available whether the store still sells it and has the quantity in stock
	 * @param availableQuantity what can be bought now (0 when the store no longer sells it)
	 * @param priceChanged the current price differs from the price when it was put in the cart
	 */
	public record Item(UUID productId, UUID variantId, String productName, String variantName, String sku,
			int quantity, long unitPriceCents, long lineTotalCents, boolean available, int availableQuantity,
			boolean priceChanged) {
	}

	static CartView of(CartRepository.CartRow cart, List<CartRepository.Line> lines) {
		List<Item> items = lines.stream()
			.map(l -> new Item(l.productId(), l.variantId(), l.productName(), l.variantName(), l.sku(), l.quantity(),
					l.unitPriceCents(), Amounts.lineTotal(l.unitPriceCents(), l.quantity()),
					l.forSale() && l.availableQuantity() >= l.quantity(), l.forSale() ? l.availableQuantity() : 0,
					l.unitPriceCents() != l.addedAtPriceCents()))
			.toList();
		return new CartView(cart.status(), cart.channel(), cart.currency(), items,
				items.stream().mapToInt(Item::quantity).sum(),
				items.stream().mapToLong(Item::lineTotalCents).reduce(0, Amounts::plus),
				cart.couponCode(), cart.cityArea(), cart.expiresAt(), cart.lastActivityAt(), cart.version(), null);
	}

}
