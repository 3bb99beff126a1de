package io.sokoni.platform.payment.cod;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A day's cash per collector: what cash-on-delivery orders that day should have brought (expected) and
 * what was recorded as collected. {@code differenceCents} is collected minus expected (negative: cash
 * missing).
 */
public record CashReport(LocalDate date, String timezone, OffsetDateTime from, OffsetDateTime to,
		List<Collector> collectors, long expectedCents, long collectedCents, long differenceCents) {

	/**
	 * One rider or delivery partner. {@code kind} is {@code partner} (a delivery partner, by id),
	 * {@code rider} (named on the collection only) or {@code unassigned} (a delivery with no partner and no
	 * collection yet).
	 */
	public record Collector(String kind, UUID partnerId, String name, String currency, long expectedCents,
			long collectedCents, long differenceCents, int expectedOrders, int collectedOrders,
			List<Long> uncollectedOrderNumbers) {
	}

}
