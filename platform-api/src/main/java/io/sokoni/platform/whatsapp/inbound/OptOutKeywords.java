package io.sokoni.platform.whatsapp.inbound;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * STOP and START as shoppers write them: the whole message is the keyword (case, surrounding spaces and
 * trailing punctuation ignored), so "stop", "Stop!", " STOP ALL " opt out but "don't stop the order"
 * does not. CANCEL is left out on purpose: on a shop's number it is about an order far more often than
 * about messages.
 */
final class OptOutKeywords {

	enum Change {
		OPT_OUT, OPT_IN
	}

	private static final Set<String> STOP = Set.of("STOP", "STOP ALL", "STOPALL", "UNSUBSCRIBE", "END", "QUIT",
			"OPT OUT", "OPTOUT", "OPT-OUT", "STOP MESSAGES", "STOP PROMOTIONS");

	private static final Set<String> START = Set.of("START", "UNSTOP", "SUBSCRIBE", "OPT IN", "OPTIN", "OPT-IN");

	private static final Pattern SPACES = Pattern.compile("\\s+");

	private static final Pattern TRAILING = Pattern.compile("[\\p{Punct}\\s]+$");

	private OptOutKeywords() {
	}

	static Optional<Change> of(String text) {
		if (text == null || text.length() > 40) {
			return Optional.empty();
		}
		String word = SPACES.matcher(TRAILING.matcher(text.strip()).replaceAll("")).replaceAll(" ")
			.toUpperCase(Locale.ROOT);
		if (STOP.contains(word)) {
			return Optional.of(Change.OPT_OUT);
		}
		if (START.contains(word)) {
			return Optional.of(Change.OPT_IN);
		}
		return Optional.empty();
	}

}
