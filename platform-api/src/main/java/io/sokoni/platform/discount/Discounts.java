package io.sokoni.platform.discount;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Price rules and coupons of the bound tenant, applied to carts and orders. */
@Service
public class Discounts {

	/**
	 * The discounts a store gives these lines at {@code now}, with {@code couponCode} (may be null) for the
	 * customer (may be null: per-customer limits are then checked at redemption). Joins the caller's
	 * transaction; writes nothing.
	 */
	@Transactional(readOnly = true)
	public DiscountOutcome evaluate(UUID storeId, List<DiscountLine> lines, String couponCode, UUID customerId,
			OffsetDateTime now) {
		throw new UnsupportedOperationException("CONTRACT: built by the discount helper");
	}

	/**
	 * Counts one use of a coupon for an order, in the caller's (checkout) transaction, by conditional
	 * updates so limits hold under concurrency: 422 {@code COUPON_NOT_APPLICABLE} when the overall or
	 * per-customer limit is reached (the caller's transaction then rolls back).
	 */
	@Transactional
	public void redeem(UUID couponId, UUID customerId, UUID orderId) {
		throw new UnsupportedOperationException("CONTRACT: built by the discount helper");
	}

	/** Gives back the coupon use of a cancelled order, at most once; nothing when it had none. */
	@Transactional
	public void reverse(UUID orderId) {
		throw new UnsupportedOperationException("CONTRACT: built by the discount helper");
	}

}
