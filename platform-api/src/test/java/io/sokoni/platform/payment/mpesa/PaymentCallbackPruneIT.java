package io.sokoni.platform.payment.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.Test;

/** Raw callbacks past the retention period are deleted in every tenant; health "mpesa" shows the reconciler. */
class PaymentCallbackPruneIT extends MpesaTestBase {

	@Test
	void callbacksOlderThanTheRetentionAreDeletedAndNewerOnesKept() {
		TestTenant tenant = fixtures().tenant();
		TenantSql.run(tenant.id(), jdbc -> {
			jdbc.update("insert into app.payment_callbacks (tenant_id, id, kind, body, received_at) "
					+ "values (?, ?, 'stk', 'old', now() - interval '91 days')", tenant.id(), UUID.randomUUID());
			jdbc.update("insert into app.payment_callbacks (tenant_id, id, kind, body, received_at) "
					+ "values (?, ?, 'stk', 'recent', now() - interval '89 days')", tenant.id(), UUID.randomUUID());
		});

		int deleted = context.getBean(PaymentCallbackPruneJob.class).prune();

		assertThat(deleted).isGreaterThanOrEqualTo(1);
		assertThat(text(tenant.id(), "select string_agg(body, ',') from app.payment_callbacks")).isEqualTo("recent");
	}

	@Test
	void healthShowsTheReconcilersBacklogAndTheCallbacksQueued() {
		context.getBean(MpesaReconciliationJob.class).countBacklog();
		Response health = api().get("/actuator/health").operator().send();
		assertThat(health.json().path("components").path("mpesa").path("status").asString()).isIn("UP", "DEGRADED");
		assertThat(health.json().path("components").path("mpesa").path("details").path("reconcilerBacklog").isNumber())
			.isTrue();
		assertThat(health.json().path("components").path("mpesa").path("details").path("callbacksQueued").isInt())
			.isTrue();
	}

}
