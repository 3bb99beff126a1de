package io.sokoni.platform.fairness;

import static io.sokoni.platform.support.GarbageCollection.shrinksTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.Test;

class TenantConcurrencyLimitTest {

	private final TenantConcurrencyLimit limit = new TenantConcurrencyLimit(2, Duration.ZERO);

	/** Two slots a tenant, one while it floods and a calm tenant was served within 10 s. */
	private final TenantConcurrencyLimit givingWay = new TenantConcurrencyLimit(2, Duration.ofSeconds(10), 1,
			Duration.ofSeconds(10));

	private final TenantId tenant = new TenantId(UUID.randomUUID());

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

	@Test
	void aFloodingTenantGivesWayToACalmOneUntilTheCalmOneGoesQuiet() throws Exception {
		TenantConcurrencyLimit shared = new TenantConcurrencyLimit(4, Duration.ofSeconds(10), 1, Duration.ofMillis(400));
		TenantId flooding = new TenantId(UUID.randomUUID());
		List<TenantConcurrencyLimit.Slots> held = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			held.add(shared.enter(flooding));
		}
		CompletableFuture<TenantConcurrencyLimit.Slots> queued = waitingFor(shared, flooding, held.get(0));

		shared.enter(new TenantId(UUID.randomUUID())).exit(); // a calm tenant is served
		for (int i = 0; i < 3; i++) {
			held.remove(0).exit();
			Thread.sleep(50);
			assertThat(queued).as("slot %d given back while a calm tenant is served: kept back", i + 1).isNotDone();
		}
		held.remove(0).exit();
		held.add(queued.get(5, TimeUnit.SECONDS));

		Thread.sleep(500); // the calm tenant went quiet
		for (int i = 0; i < 3; i++) {
			assertThat(shared.enter(flooding)).as("slot %d of 4 back once nobody calm is served", i + 2).isNotNull();
		}
	}

	@Test
	void aFloodingTenantAloneKeepsItsWholeLimit() throws Exception {
		TenantConcurrencyLimit.Slots first = givingWay.enter(tenant);
		TenantConcurrencyLimit.Slots second = givingWay.enter(tenant);
		CompletableFuture<TenantConcurrencyLimit.Slots> queued = waitingFor(givingWay, tenant, first);
		first.exit();
		assertThat(queued.get(5, TimeUnit.SECONDS)).as("its own calm entries before the flood do not count").isNotNull();
		second.exit();
	}

	@Test
	void aTenantThatDoesNotFloodIsNotHeldBack() throws Exception {
		TenantConcurrencyLimit.Slots first = givingWay.enter(tenant);
		TenantConcurrencyLimit.Slots second = givingWay.enter(tenant);
		givingWay.enter(new TenantId(UUID.randomUUID())).exit(); // a calm tenant is served
		first.exit();
		second.exit();
		assertThat(givingWay.enter(tenant)).isNotNull();
		assertThat(givingWay.enter(tenant)).as("nothing of it waited: both slots came back").isNotNull();
	}

	/** A request of the tenant started on another thread, once it waits for a slot. */
	private static CompletableFuture<TenantConcurrencyLimit.Slots> waitingFor(TenantConcurrencyLimit shared,
			TenantId tenant, TenantConcurrencyLimit.Slots slots) throws InterruptedException {
		CompletableFuture<TenantConcurrencyLimit.Slots> queued = new CompletableFuture<>();
		Thread.ofVirtual().start(() -> {
			try {
				queued.complete(shared.enter(tenant));
			}
			catch (InterruptedException ex) {
				queued.completeExceptionally(ex);
			}
		});
		for (int i = 0; i < 500 && slots.waiting() == 0; i++) {
			Thread.sleep(10);
		}
		assertThat(slots.waiting()).as("a request of the tenant waits").isEqualTo(1);
		return queued;
	}

}
