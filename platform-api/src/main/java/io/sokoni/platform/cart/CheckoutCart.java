package io.sokoni.platform.cart;

import java.util.List;
import java.util.UUID;

import io.sokoni.platform.Amounts;

/**
 * An open cart locked for checkout, its items at their current prices.
 * @param couponCode the coupon the shopper applied to the cart, null when none
 * @param cityArea   the delivery area the shopper chose on the cart, null when none
 */
public record CheckoutCart(UUID id, UUID storeId, String channel, String currency, String couponCode,
		String cityArea, UUID customerId, List<Item> items) {

	public long subtotalCents() {
		return items.stream().mapToLong(i -> Amounts.lineTotal(i.unitPriceCents(), i.quantity())).reduce(0, Amounts::plus);
	}

	public record Item(UUID productId, UUID variantId, UUID categoryId, String sku, String productName,
			String variantName, int quantity, long unitPriceCents) {
	}

}
