package io.sokoni.platform;

import java.util.Map;

import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;

/**
 * Caps on money and quantities, and exact arithmetic over them. Money is {@code long} minor units: a
 * product or sum past the cap (or past {@code long}) is a 422 {@code amount-out-of-range}, never a
 * wrapped negative total or a 500. The same caps are the schema's check constraints (V30).
 */
public final class Amounts {

	/**
	 * The most any one price, fee, threshold or discount amount may be: 10,000,000,000 minor units
	 * (KES 100 million), more than any single item a storefront sells. Line totals (at most
	 * {@value #MAX_LINE_QUANTITY} units) and order sums stay far below {@code Long.MAX_VALUE}.
	 */
	public static final long MAX_PRICE_CENTS = 10_000_000_000L;

	/** The most units of one item in a cart or an order line (as carts allow). */
	public static final int MAX_LINE_QUANTITY = 1000;

	private Amounts() {
	}

	/** {@code unitPriceCents × quantity}, exactly. */
	public static long lineTotal(long unitPriceCents, int quantity) {
		try {
			return Math.multiplyExact(unitPriceCents, (long) quantity);
		}
		catch (ArithmeticException ex) {
			throw outOfRange(unitPriceCents, quantity);
		}
	}

	/** {@code a + b}, exactly. */
	public static long plus(long a, long b) {
		try {
			return Math.addExact(a, b);
		}
		catch (ArithmeticException ex) {
			throw outOfRange(a, b);
		}
	}

	/** {@code a - b}, exactly. */
	public static long minus(long a, long b) {
		try {
			return Math.subtractExact(a, b);
		}
		catch (ArithmeticException ex) {
			throw outOfRange(a, b);
		}
	}

	private static ApiException outOfRange(long a, long b) {
		return new ApiException(ProblemType.AMOUNT_OUT_OF_RANGE,
				"The amounts are too large to compute; a price is at most " + MAX_PRICE_CENTS + " minor units",
				Map.of("maxPriceCents", MAX_PRICE_CENTS));
	}

}
