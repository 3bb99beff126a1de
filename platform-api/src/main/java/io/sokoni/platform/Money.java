package io.sokoni.platform;

import java.util.Locale;

/** Amounts in minor units worded for people: "KES 1,500" or "KES 1,500.50". */
public final class Money {

	private Money() {
	}

	public static String format(long cents, String currency) {
		String units = String.format(Locale.ROOT, "%,d", cents / 100);
		long rest = Math.abs(cents % 100);
		String amount = rest == 0 ? units : units + String.format(Locale.ROOT, ".%02d", rest);
		return currency == null || currency.isBlank() ? amount : currency + " " + amount;
	}

}
