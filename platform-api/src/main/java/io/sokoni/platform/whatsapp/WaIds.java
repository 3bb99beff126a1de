package io.sokoni.platform.whatsapp;

import java.util.Optional;
import java.util.regex.Pattern;

import io.sokoni.platform.PhoneNumbers;

/**
 * A shopper's WhatsApp id in Sokoni's form: the same +E.164 number checkout customers are stored with
 * (PhoneNumbers), so a WhatsApp shopper and a web shopper with the same number are one customer. Meta
 * sends the id as international digits without '+' ("254712345678"); Sokoni sends to the digits.
 */
public final class WaIds {

	private static final Pattern DIGITS = Pattern.compile("^[0-9]{5,20}$");

	private WaIds() {
	}

	/** "254712345678" → "+254712345678"; empty when it is not a number at all. */
	public static Optional<String> normalise(String waId) {
		if (waId == null) {
			return Optional.empty();
		}
		String digits = waId.strip();
		if (digits.startsWith("+")) {
			digits = digits.substring(1);
		}
		if (!DIGITS.matcher(digits).matches()) {
			return Optional.empty();
		}
		// A number PhoneNumbers does not accept (too short for E.164) is kept as given, with the '+'.
		return Optional.of(PhoneNumbers.normalize("+" + digits).orElse("+" + digits));
	}

	/** The digits Meta's "to" takes ("+254712345678" → "254712345678"). */
	public static String digits(String waId) {
		return waId.startsWith("+") ? waId.substring(1) : waId;
	}

}
