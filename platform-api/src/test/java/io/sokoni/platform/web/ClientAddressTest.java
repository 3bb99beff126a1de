package io.sokoni.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressTest {

	@Test
	void withoutTrustedProxiesTheForwardedHeaderIsIgnored() {
		ClientAddress addresses = new ClientAddress("");
		assertThat(addresses.of(request("203.0.113.7", "198.51.100.1"))).isEqualTo("203.0.113.7");
	}

	@Test
	void fromAnUntrustedPeerTheForwardedHeaderIsIgnored() {
		ClientAddress addresses = new ClientAddress("10.0.0.0/8");
		assertThat(addresses.of(request("203.0.113.7", "198.51.100.1"))).isEqualTo("203.0.113.7");
	}

	@Test
	void behindTrustedProxiesTheClientIsTheRightMostUntrustedHop() {
		ClientAddress addresses = new ClientAddress("10.0.0.0/8, 192.168.1.1");
		// The client wrote 1.2.3.4 itself; the proxies appended the real client and each other.
		assertThat(addresses.of(request("10.0.0.5", "1.2.3.4, 198.51.100.9, 192.168.1.1"))).isEqualTo("198.51.100.9");
		assertThat(addresses.of(request("192.168.1.1", "198.51.100.9"))).isEqualTo("198.51.100.9");
	}

	@Test
	void behindTrustedProxiesSeveralHeadersAreOneList() {
		ClientAddress addresses = new ClientAddress("10.0.0.0/8");
		MockHttpServletRequest request = request("10.0.0.5", "1.2.3.4");
		request.addHeader("X-Forwarded-For", "198.51.100.9");
		assertThat(addresses.of(request)).isEqualTo("198.51.100.9");
	}

	@Test
	void aGarbledOrMissingHeaderFallsBackToThePeer() {
		ClientAddress addresses = new ClientAddress("10.0.0.0/8");
		assertThat(addresses.of(request("10.0.0.5", "not-an-address"))).isEqualTo("10.0.0.5");
		assertThat(addresses.of(request("10.0.0.5", null))).isEqualTo("10.0.0.5");
		assertThat(addresses.of(request("10.0.0.5", "10.0.0.7"))).isEqualTo("10.0.0.5");
	}

	@Test
	void ipv6PeersAndHops() {
		ClientAddress addresses = new ClientAddress("fd00::/8");
		assertThat(addresses.of(request("fd00::1", "2001:db8::5"))).isEqualTo("2001:db8::5");
		assertThat(addresses.of(request("2001:db8::9", "2001:db8::5"))).isEqualTo("2001:db8::9");
	}

	private static MockHttpServletRequest request(String peer, String forwardedFor) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(peer);
		if (forwardedFor != null) {
			request.addHeader("X-Forwarded-For", forwardedFor);
		}
		return request;
	}

}
