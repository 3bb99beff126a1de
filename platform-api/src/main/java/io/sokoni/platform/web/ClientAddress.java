package io.sokoni.platform.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address a request came from, for rate limits and throttles: the one place that decides it. Today
 * the connection's remote address (behind a proxy, every client shares the proxy's); a trusted-proxy
 * setting that reads X-Forwarded-For only from configured proxies belongs here.
 */
public final class ClientAddress {

	private ClientAddress() {
	}

	public static String of(HttpServletRequest request) {
		return request.getRemoteAddr();
	}

}
