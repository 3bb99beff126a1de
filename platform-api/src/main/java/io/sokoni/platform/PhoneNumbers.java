package io.sokoni.platform;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Phone numbers in one format, E.164 ({@code +254712345678}). Kenyan numbers are accepted in any common
 * form: 0712345678, 712345678, 254712345678, +254 712 345 678, 0112345678. Other countries must be
 * written in international form.
 */
public final class PhoneNumbers {

	private static final Pattern KENYAN_LOCAL = Pattern.compile("^0?([17][0-9]{8})$");

	private static final Pattern KENYAN_INTERNATIONAL = Pattern.compile("^(?:\\+|00)?254([17][0-9]{8})$");

	private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{7,14}$");

	private PhoneNumbers() {
	}

	public static Optional<String> normalize(String input) {
		if (input == null) {
			return Optional.empty();
		}
		String compact = input.replaceAll("[\\s().-]", "");
		var local = KENYAN_LOCAL.matcher(compact);
		if (local.matches()) {
			return Optional.of("+254" + local.group(1));
		}
		var international = KENYAN_INTERNATIONAL.matcher(compact);
		if (international.matches()) {
			return Optional.of("+254" + international.group(1));
		}
		if (compact.startsWith("00")) {
			compact = "+" + compact.substring(2);
		}
		return E164.matcher(compact).matches() && !compact.startsWith("+254") ? Optional.of(compact)
				: Optional.empty();
	}

}
