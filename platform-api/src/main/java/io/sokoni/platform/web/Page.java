package io.sokoni.platform.web;

import java.util.List;
import java.util.function.Function;

/**
 * A bounded page of a keyset-paged list: pass {@code next} back as {@code after} for the following page;
 * null when this was the last page.
 */
public record Page<T>(List<T> items, Object next) {

	public static <T> Page<T> of(List<T> items, int limit, Function<T, ?> key) {
		return new Page<>(items, items.size() < limit ? null : key.apply(items.get(items.size() - 1)));
	}

}
