package io.sokoni.platform.order;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.sokoni.platform.discount.DiscountOutcome.AppliedDiscount;
import io.sokoni.platform.discount.DiscountOutcome.NotApplied;

/**
 * An order as its shopper and merchant see it. {@code discountsNotApplied} is filled only in the checkout's
 * answer (why a rule or coupon did not apply at that moment).
 */
public record OrderView(UUID id, long number, String status, String channel, String paymentMethod,
		String paymentStatus, String currency, long subtotalCents, long deliveryFeeCents, long discountCents,
		long totalCents, Customer customer, Delivery delivery, List<Item> items, List<AppliedDiscount> discounts,
		List<NotApplied> discountsNotApplied, OffsetDateTime reservationExpiresAt, OffsetDateTime placedAt,
		long version) {

	/**
	 * The customer as the shopper gave them at checkout (the customer record itself changes only from
	 * verified sources, so these may differ from it).
	 */
	public record Customer(UUID id, String name, String phone, String email, boolean whatsappOptIn) {
	}

	public record Delivery(String cityArea, UUID zoneId, Long etaMinutes, String ruleApplied, String streetAddress,
			String instructions) {
	}

	public record Item(UUID productId, UUID variantId, String sku, String name, String variant, int quantity,
			long unitPriceCents, long discountCents, long lineTotalCents) {
	}

}
