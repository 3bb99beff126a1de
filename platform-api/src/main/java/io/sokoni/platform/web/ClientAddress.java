package io.sokoni.platform.web;

import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The address of the client behind a request, for throttles and audit. {@code X-Forwarded-For} is
 * believed only when the direct peer is one of the configured trusted proxies
 * ({@code SOKONI_TRUSTED_PROXIES}, CIDRs; none by default): anyone else could write any address there and
 * get a fresh budget per request. Behind trusted proxies the client is the right-most address in the
 * header that is not itself a trusted proxy (entries left of it were written by the client).
 */
@Component
public class ClientAddress {

	private final List<IpAddressMatcher> trustedProxies;

	public ClientAddress(@Value("${sokoni.http.trusted-proxies:}") String trustedProxies) {
		this.trustedProxies = Arrays.stream(trustedProxies.split(","))
			.map(String::trim)
			.filter(s -> !s.isEmpty())
			.map(IpAddressMatcher::new)
			.toList();
	}

	public String of(HttpServletRequest request) {
		String peer = request.getRemoteAddr();
		if (!trusted(peer)) {
			return peer;
		}
		String forwarded = String.join(",", java.util.Collections.list(request.getHeaders("X-Forwarded-For")));
		String[] hops = forwarded.split(",");
		for (int i = hops.length - 1; i >= 0; i--) {
			String hop = hops[i].trim();
			if (hop.isEmpty()) {
				continue;
			}
			if (!isAddress(hop)) {
				// A garbled entry: nothing left of it can be trusted, and neither can it.
				return peer;
			}
			if (!trusted(hop)) {
				return hop;
			}
		}
		return peer; // only proxies in the chain: the request came from one of them
	}

	private boolean trusted(String address) {
		if (address == null || trustedProxies.isEmpty() || !isAddress(address)) {
			return false;
		}
		return trustedProxies.stream().anyMatch(m -> m.matches(address));
	}

	/** An IPv4 or IPv6 literal (never a name: matching one would resolve it through DNS). */
	private static boolean isAddress(String text) {
		return text.matches("^[0-9.]+$") && text.chars().filter(c -> c == '.').count() == 3
				|| text.matches("^[0-9a-fA-F:.]+$") && text.contains(":");
	}

}
