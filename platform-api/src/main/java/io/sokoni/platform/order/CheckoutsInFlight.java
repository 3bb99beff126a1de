package io.sokoni.platform.order;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Component;

/**
 * The checkouts this instance is running now, so that background work which must never slow a checkout
 * (the storefront event intake, README "Insight") can let them finish first. A counter on the hot path;
 * the lock is taken only when the last running checkout ends, to wake whoever waits for that.
 */
@Component
public class CheckoutsInFlight {

	private final AtomicInteger running = new AtomicInteger();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition none = lock.newCondition();

	void started() {
		running.incrementAndGet();
	}

	void ended() {
		if (running.decrementAndGet() == 0) {
			lock.lock();
			try {
				none.signalAll();
			}
			finally {
				lock.unlock();
			}
		}
	}

	/** Checkouts running now. */
	public int running() {
		return running.get();
	}

	/**
	 * Waits until no checkout runs in this instance, at most {@code max}; true when none runs. Returns at
	 * once when none runs or {@code max} is zero.
	 */
	public boolean awaitNone(Duration max) throws InterruptedException {
		if (running.get() == 0) {
			return true;
		}
		long left = max.toNanos();
		if (left <= 0) {
			return false;
		}
		lock.lock();
		try {
			while (running.get() > 0 && left > 0) {
				left = none.awaitNanos(left);
			}
			return running.get() == 0;
		}
		finally {
			lock.unlock();
		}
	}

}
