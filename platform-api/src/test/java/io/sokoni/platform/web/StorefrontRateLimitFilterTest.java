package io.sokoni.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The storefront limits per client address and per store (issue 18 item 4), without a server. */
class StorefrontRateLimitFilterTest {

	private final UUID store = UUID.randomUUID();

	private final UUID otherStore = UUID.randomUUID();

	@Test
	void aClientOverItsWriteLimitGets429WithRetryAfterWhileOthersAndItsReadsPass() throws Exception {
		StorefrontRateLimitFilter filter = filter(new RateLimitProperties(true, 100, 3, 10_000, 10_000, 1000));
		for (int i = 0; i < 3; i++) {
			assertThat(send(filter, "POST", "10.0.0.1", store).getStatus()).isEqualTo(200);
		}
		MockHttpServletResponse refused = send(filter, "POST", "10.0.0.1", otherStore);
		assertThat(refused.getStatus()).as("the limit is the client's, over all stores").isEqualTo(429);
		assertThat(refused.getHeader("Retry-After")).matches("[1-9][0-9]*");
		assertThat(refused.getContentAsString()).contains("too-many-requests");
		assertThat(send(filter, "GET", "10.0.0.1", store).getStatus()).as("reads have their own bucket").isEqualTo(200);
		assertThat(send(filter, "POST", "10.0.0.2", store).getStatus()).as("another client").isEqualTo(200);
	}

	@Test
	void aStoreOverItsLimitIsRefusedForEveryClientWhileOtherStoresPass() throws Exception {
		StorefrontRateLimitFilter filter = filter(new RateLimitProperties(true, 100, 100, 5, 10_000, 1000));
		for (int i = 0; i < 5; i++) {
			assertThat(send(filter, "GET", "10.1.0." + i, store).getStatus()).isEqualTo(200);
		}
		assertThat(send(filter, "GET", "10.1.0.99", store).getStatus()).isEqualTo(429);
		assertThat(send(filter, "GET", "10.1.0.99", otherStore).getStatus()).isEqualTo(200);
	}

	@Test
	void anIpv6ClientIsLimitedByItsSlash64() throws Exception {
		StorefrontRateLimitFilter filter = filter(new RateLimitProperties(true, 2, 100, 10_000, 10_000, 1000));
		assertThat(send(filter, "GET", "2001:db8:1:2::1", store).getStatus()).isEqualTo(200);
		assertThat(send(filter, "GET", "2001:db8:1:2:ffff::7", store).getStatus()).isEqualTo(200);
		assertThat(send(filter, "GET", "2001:db8:1:2:aaaa:bbbb:cccc:dddd", store).getStatus()).isEqualTo(429);
		assertThat(send(filter, "GET", "2001:db8:1:3::1", store).getStatus()).isEqualTo(200);
		assertThat(StorefrontRateLimitFilter.addressKey("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
		assertThat(StorefrontRateLimitFilter.addressKey("192.0.2.7")).isEqualTo("192.0.2.7");
	}

	@Test
	void aSweepOfAddressesKeepsTheBucketsBounded() throws Exception {
		StorefrontRateLimitFilter filter = filter(new RateLimitProperties(true, 100, 100, 1_000_000, 1_000_000, 500));
		for (int i = 0; i < 20_000; i++) {
			send(filter, "GET", "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), store);
		}
		assertThat(filter.trackedBuckets()).isLessThanOrEqualTo(500);
	}

	@Test
	void switchedOffEverythingPasses() throws Exception {
		StorefrontRateLimitFilter filter = filter(new RateLimitProperties(false, 1, 1, 1, 1, 1000));
		for (int i = 0; i < 20; i++) {
			assertThat(send(filter, "POST", "10.0.0.1", store).getStatus()).isEqualTo(200);
		}
	}

	private static StorefrontRateLimitFilter filter(RateLimitProperties props) {
		return new StorefrontRateLimitFilter(props, new ClientAddress(""));
	}

	private static MockHttpServletResponse send(StorefrontRateLimitFilter filter, String method, String address,
			UUID store) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/storefront/v1/carts");
		request.setRemoteAddr(address);
		request.setAttribute(StorefrontTenantFilter.STORE_ID, store);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

}
