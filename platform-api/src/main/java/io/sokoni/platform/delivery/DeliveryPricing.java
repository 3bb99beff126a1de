package io.sokoni.platform.delivery;

import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Delivery fee and ETA of a store for a city area. */
@Service
public class DeliveryPricing {

	/**
	 * The quote for delivering {@code subtotalCents} worth of goods to {@code cityArea} (matched case- and
	 * space-insensitively): the active zone listing the area, else the store's active default zone.
	 * 422 {@code AREA_NOT_SERVED} when neither exists; 422 {@code BELOW_MINIMUM_ORDER} when the subtotal
	 * is under the zone's minimum. Joins the caller's transaction.
	 */
	@Transactional(readOnly = true)
	public DeliveryQuote quote(UUID storeId, String cityArea, long subtotalCents) {
		throw new UnsupportedOperationException("CONTRACT: built by the delivery helper");
	}

}
