package io.sokoni.platform.payment.mpesa;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * Health "mpesa": the reconciler's backlog (open attempts whose query is overdue by more than a
 * minute) and the last Daraja error this instance saw. DEGRADED (answered with HTTP 200: the platform
 * still serves; orders wait) while the last call to Daraja failed and the backlog grows.
 */
@Component
class MpesaHealthIndicator implements HealthIndicator {

	static final Status DEGRADED = new Status("DEGRADED", "Daraja is failing; M-Pesa results are delayed");

	private final MpesaReconciliationJob reconciler;

	private final MpesaHealth health;

	MpesaHealthIndicator(MpesaReconciliationJob reconciler, MpesaHealth health) {
		this.reconciler = reconciler;
		this.health = health;
	}

	@Override
	public Health health() {
		long overdue;
		try {
			overdue = reconciler.overdue();
		}
		catch (RuntimeException ex) {
			return Health.unknown()
				.withDetail("error", "reconciler backlog unavailable: " + NestedExceptionUtils.getMostSpecificCause(ex))
				.build();
		}
		Health.Builder builder = health.failing() && overdue > 0 ? Health.status(DEGRADED) : Health.up();
		builder.withDetail("reconcilerBacklog", overdue);
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
