package io.sokoni.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class AuthPropertiesTest {

	@Test
	void anExternalIssuerWithoutAnAudienceRefusesToStart() {
		assertThatThrownBy(() -> properties("https://idp.example", null)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("SOKONI_JWT_AUDIENCE");
		assertThatThrownBy(() -> properties("https://idp.example", " ")).isInstanceOf(IllegalStateException.class);
		assertThat(properties("https://idp.example", "sokoni-admin").externalIssuer()).isTrue();
		assertThat(properties(null, null).externalIssuer()).isFalse();
	}

	private static AuthProperties properties(String issuerUri, String audience) {
		return new AuthProperties("sokoni", Duration.ofMinutes(15), null, issuerUri, audience, "tenant_id", "role",
				"email", 4, 0, 32, 5, 20, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
				Duration.ofHours(72));
	}

}
