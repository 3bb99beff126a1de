package io.sokoni.platform.inventory;

import java.util.Locale;

/** Why stock moved; mirrors the check constraint on {@code inventory_movements.reason}. */
public enum MovementReason {

	SET, ADJUSTMENT, RESTOCK, IMPORT, RESERVATION, RELEASE, SALE, RETURN;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
