package io.sokoni.platform.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rate limits of the anonymous storefront (Bucket4j token buckets, in memory, per instance): per client
 * address, so one client cannot flood a store; and per store, so one store's flood (from however many
 * addresses) cannot take the instance from the others. Writes have limits of their own, stricter than
 * reads. Over a limit: 429 {@code too-many-requests} with Retry-After. Runs after the store was resolved
 * from the Host header. The buckets live in a size-bounded Caffeine map, so a sweep of addresses cannot
 * grow it; a bucket unused for ten minutes is forgotten (it would be full again by then).
 */
public class StorefrontRateLimitFilter extends OncePerRequestFilter {

	private final RateLimitProperties props;

	private final ClientAddress clientAddress;

	private final Cache<Key, Bucket> buckets;

	public StorefrontRateLimitFilter(RateLimitProperties props, ClientAddress clientAddress) {
		this.props = props;
		this.clientAddress = clientAddress;
		this.buckets = Caffeine.newBuilder()
			.maximumSize(props.trackedKeys())
			.expireAfterAccess(Duration.ofMinutes(10))
			.build();
	}

	private enum Scope {
		CLIENT_READ, CLIENT_WRITE, STORE_READ, STORE_WRITE
	}

	private record Key(Scope scope, Object subject) {
	}

	/**
	 * Storefront events have budgets of their own, counted in events (insight.EventRateLimits): they must
	 * not use up the store's write budget that carts and checkouts need.
	 */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return EVENTS_PATH.equals(request.getServletPath());
	}

	/** The storefront event intake. */
	static final String EVENTS_PATH = "/storefront/v1/events";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!props.enabled()) {
			chain.doFilter(request, response);
			return;
		}
		boolean write = !("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()));
		String client = addressKey(clientAddress.of(request));
		UUID store = StorefrontTenantFilter.storeId(request);
		ConsumptionProbe byClient = take(new Key(write ? Scope.CLIENT_WRITE : Scope.CLIENT_READ, client),
				write ? props.clientWrites() : props.clientReads());
		if (!byClient.isConsumed()) {
			refuse(response, byClient, "Too many requests from your address; slow down");
			return;
		}
		if (store != null) {
			ConsumptionProbe byStore = take(new Key(write ? Scope.STORE_WRITE : Scope.STORE_READ, store),
					write ? props.storeWrites() : props.storeReads());
			if (!byStore.isConsumed()) {
				refuse(response, byStore, "This store is receiving too many requests; try again shortly");
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private ConsumptionProbe take(Key key, long perMinute) {
		return buckets.get(key, k -> Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
			.build()).tryConsumeAndReturnRemaining(1);
	}

	/** How many buckets are remembered (after pending evictions ran). */
	long trackedBuckets() {
		buckets.cleanUp();
		return buckets.estimatedSize();
	}

	private static void refuse(HttpServletResponse response, ConsumptionProbe probe, String detail) throws IOException {
		long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		Problems.write(response, ProblemType.TOO_MANY_REQUESTS, detail);
	}

	/**
	 * The address as limited: IPv4 as it is; IPv6 by its /64, the block one subscriber usually holds (a
	 * client rotating through its own block still counts once).
	 */
	static String addressKey(String address) {
		if (address == null || !address.contains(":")) {
			return address;
		}
		try {
			byte[] bytes = InetAddress.getByName(address).getAddress();
			if (bytes.length != 16) {
				return address;
			}
			return InetAddress.getByAddress(Arrays.copyOf(Arrays.copyOf(bytes, 8), 16)).getHostAddress() + "/64";
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

}
