package io.sokoni.platform.delivery;

import java.util.Locale;
import java.util.Set;

/**
 * Delivery statuses, mirrored by the check constraint on {@code delivery_orders.status}: pending ->
 * accepted -> in_transit -> delivered, and failed from any of the first three.
 */
public enum DeliveryStatus {

	PENDING, ACCEPTED, IN_TRANSIT, DELIVERED, FAILED;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static DeliveryStatus of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

	/** Whether a delivery in this status may move to {@code to}. */
	public boolean canBecome(DeliveryStatus to) {
		return switch (to) {
			case ACCEPTED -> this == PENDING;
			case IN_TRANSIT -> this == ACCEPTED;
			case DELIVERED -> this == IN_TRANSIT;
			case FAILED -> Set.of(PENDING, ACCEPTED, IN_TRANSIT).contains(this);
			case PENDING -> false;
		};
	}

}
