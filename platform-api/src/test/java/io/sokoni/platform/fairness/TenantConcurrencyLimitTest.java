package io.sokoni.platform.fairness;

import static io.sokoni.platform.support.GarbageCollection.shrinksTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.Test;

class TenantConcurrencyLimitTest {

	private final TenantConcurrencyLimit limit = new TenantConcurrencyLimit(2, Duration.ZERO);

	@Test
	void tenantsWithNothingInFlightLeaveNoStateBehind() throws Exception {
		for (int i = 0; i < 10_000; i++) {
			TenantConcurrencyLimit.Slots slots = limit.enter(new TenantId(UUID.randomUUID()));
			assertThat(slots).isNotNull();
			slots.exit();
		}
		assertThat(shrinksTo(limit::trackedTenants, 100))
			.as("10,000 tenants served one after the other: held %d after collections", limit.trackedTenants())
			.isTrue();
	}

	@Test
	void aTenantWithRequestsInFlightKeepsItsLimitAcrossCollections() throws Exception {
		TenantId busy = new TenantId(UUID.randomUUID());
		TenantConcurrencyLimit.Slots first = limit.enter(busy);
		TenantConcurrencyLimit.Slots second = limit.enter(busy);
		assertThat(first).isNotNull();
		assertThat(second).isNotNull();
		for (int i = 0; i < 10_000; i++) {
			limit.enter(new TenantId(UUID.randomUUID())).exit();
		}
		assertThat(shrinksTo(limit::trackedTenants, 1)).as("only the busy tenant is kept").isTrue();

		assertThat(limit.enter(busy)).as("its two slots are still taken").isNull();
		first.exit();
		TenantConcurrencyLimit.Slots third = limit.enter(busy);
		assertThat(third).as("one came free").isNotNull();
		second.exit();
		third.exit();
	}

}
