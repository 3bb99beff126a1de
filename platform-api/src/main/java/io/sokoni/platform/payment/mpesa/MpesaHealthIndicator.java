package io.sokoni.platform.payment.mpesa;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Health "mpesa": the reconciler's backlog (open attempts whose query is overdue by more than a
 * minute, as its last run counted them; never queried by a health request) and the last Daraja error
 * this instance saw, and the callbacks waiting in this instance's queue to be applied. DEGRADED (answered with HTTP 200: the platform still serves; orders wait) while the
 * last call to Daraja failed and the backlog grows.
 */
@Component
class MpesaHealthIndicator implements HealthIndicator {

	static final Status DEGRADED = new Status("DEGRADED", "Daraja is failing; M-Pesa results are delayed");

	private final MpesaHealth health;

	private final CallbackAppliers appliers;

	MpesaHealthIndicator(MpesaHealth health, CallbackAppliers appliers) {
		this.health = health;
		this.appliers = appliers;
	}

	@Override
	public Health health() {
		Long overdue = health.backlog();
		Health.Builder builder = health.failing() && overdue != null && overdue > 0 ? Health.status(DEGRADED)
				: Health.up();
		builder.withDetail("reconcilerBacklog", overdue == null ? "not counted yet" : overdue)
			.withDetail("callbacksQueued", appliers.queued());
		MpesaHealth.LastError error = health.lastError();
		if (error != null) {
			builder.withDetail("lastDarajaError", error.kind() + ": " + error.message())
				.withDetail("lastDarajaErrorAt", error.at().toString());
		}
		if (health.lastAnswer() != null) {
			builder.withDetail("lastDarajaAnswerAt", health.lastAnswer().toString());
		}
		return builder.build();
	}

}
