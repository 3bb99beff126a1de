package io.sokoni.platform.order;

/** Order statuses, mirrored by the check constraint on {@code orders.status}. */
public enum OrderStatus {

	PENDING, AWAITING_PAYMENT, PAID, PACKING, DISPATCHED, DELIVERED, CANCELLED, REFUNDED;

	public String value() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	public static OrderStatus of(String value) {
		return valueOf(value.toUpperCase(java.util.Locale.ROOT));
	}

}
