package io.sokoni.platform.delivery;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How city areas are matched: "  Kilimani   West " and "kilimani west" are the same area. The key is
 * what {@code delivery_zone_areas.area_key} stores and its check constraint accepts.
 */
final class CityAreas {

	/** Mirrors the check constraint on {@code delivery_zone_areas.area_key}. */
	private static final Pattern KEY = Pattern.compile("^[a-z0-9][a-z0-9 .'/-]{0,99}$");

	private static final Pattern SPACES = Pattern.compile("\\s+");

	private CityAreas() {
	}

	/** Lower case, trimmed, inner whitespace collapsed to one space. */
	static String key(String area) {
		return tidy(area).toLowerCase(Locale.ROOT);
	}

	/** Trimmed, inner whitespace collapsed to one space, case kept. */
	static String tidy(String area) {
		return SPACES.matcher(area.strip()).replaceAll(" ");
	}

	static boolean validKey(String key) {
		return KEY.matcher(key).matches();
	}

}
