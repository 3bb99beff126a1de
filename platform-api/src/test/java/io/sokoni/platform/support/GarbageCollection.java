package io.sokoni.platform.support;

import java.time.Duration;
import java.util.function.LongSupplier;

/** For tests of structures that hold per-tenant state weakly: wait for the garbage collector. */
public final class GarbageCollection {

	private GarbageCollection() {
	}

	/** Collects garbage until the size is at most the bound (true) or 10 s passed (false). */
	public static boolean shrinksTo(LongSupplier size, long bound) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			System.gc();
			if (size.getAsLong() <= bound) {
				return true;
			}
		}
		return false;
	}

}
