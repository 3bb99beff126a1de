package io.sokoni.platform.payment.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import io.sokoni.platform.support.ApiTestBase;
import org.junit.jupiter.api.Test;

/** With the default configuration (production-like), the Daraja stand-in does not exist. */
class StandInDisabledIT extends ApiTestBase {

	@Test
	void theStandInIsNotServedByDefault() {
		assertThat(api().get("/daraja-standin/oauth/v1/generate?grant_type=client_credentials").send().status())
			.isEqualTo(404);
		assertThat(api().post("/daraja-standin/mpesa/stkpush/v1/processrequest").raw("{}").send().status())
			.isEqualTo(404);
		assertThat(context.containsBean("darajaStandIn")).isFalse();
	}

}
