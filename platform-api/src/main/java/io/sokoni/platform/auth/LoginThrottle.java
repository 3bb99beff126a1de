package io.sokoni.platform.auth;

import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins per account and per client address within a window; past the limit, login is
 * refused (429) until the window passes. In memory, per instance: with N instances an attacker gets at
 * most N times the budget, which the limits allow for.
 */
@Component
class LoginThrottle {

	private final Cache<String, AtomicInteger> accounts;

	private final Cache<String, AtomicInteger> addresses;

	private final int maxPerAccount;

	private final int maxPerAddress;

	private final long windowSeconds;

	LoginThrottle(AuthProperties props) {
		this.accounts = Caffeine.newBuilder().expireAfterWrite(props.loginFailureWindow()).maximumSize(1_000_000).build();
		this.addresses = Caffeine.newBuilder().expireAfterWrite(props.loginFailureWindow()).maximumSize(1_000_000).build();
		this.maxPerAccount = props.loginMaxFailuresPerAccount();
		this.maxPerAddress = props.loginMaxFailuresPerAddress();
		this.windowSeconds = props.loginFailureWindow().toSeconds();
	}

	boolean blocked(String account, String address) {
		return count(accounts, account) >= maxPerAccount || count(addresses, address) >= maxPerAddress;
	}

	void recordFailure(String account, String address) {
		accounts.asMap().computeIfAbsent(account, k -> new AtomicInteger()).incrementAndGet();
		addresses.asMap().computeIfAbsent(address, k -> new AtomicInteger()).incrementAndGet();
	}

	void recordSuccess(String account) {
		accounts.invalidate(account);
	}

	long retryAfterSeconds() {
		return windowSeconds;
	}

	private static int count(Cache<String, AtomicInteger> cache, String key) {
		AtomicInteger count = cache.getIfPresent(key);
		return count == null ? 0 : count.get();
	}

}
