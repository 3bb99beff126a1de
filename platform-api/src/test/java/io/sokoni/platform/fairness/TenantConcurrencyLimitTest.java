package io.sokoni.platform.fairness;

import static io.sokoni.platform.support.GarbageCollection.shrinksTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

	/** Two slots a tenant, one while it floods and a calm tenant was served within 10 s (no rests). */
	private final TenantConcurrencyLimit givingWay = new TenantConcurrencyLimit(2, Duration.ofSeconds(10), 1,
			Duration.ofSeconds(10), 1);

	private final TenantId tenant = new TenantId(UUID.randomUUID());

	@Test
	void tenantsWithNothingInFlightLeaveNoStateBehind() throws Exception {
		for (int i = 0; i < 10_000; i++) {
			TenantConcurrencyLimit.Slots slots = limit.enter(new TenantId(UUID.randomUUID()));
			assertThat(slots).isNotNull();
			slots.exit(System.nanoTime());
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
			limit.enter(new TenantId(UUID.randomUUID())).exit(System.nanoTime());
		}
		assertThat(shrinksTo(limit::trackedTenants, 1)).as("only the busy tenant is kept").isTrue();

		assertThat(limit.enter(busy)).as("its two slots are still taken").isNull();
		first.exit(System.nanoTime());
		TenantConcurrencyLimit.Slots third = limit.enter(busy);
		assertThat(third).as("one came free").isNotNull();
		second.exit(System.nanoTime());
		third.exit(System.nanoTime());
	}

	@Test
	void aFloodingTenantGivesWayToACalmOneUntilTheCalmOneGoesQuiet() throws Exception {
		TenantConcurrencyLimit shared = new TenantConcurrencyLimit(4, Duration.ofSeconds(10), 1, Duration.ofMillis(400),
				1);
		TenantId flooding = new TenantId(UUID.randomUUID());
		List<TenantConcurrencyLimit.Slots> held = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			held.add(shared.enter(flooding));
		}
		CompletableFuture<TenantConcurrencyLimit.Slots> queued = waitingFor(shared, flooding, held.get(0));

		shared.enter(new TenantId(UUID.randomUUID())).exit(System.nanoTime()); // a calm tenant is served
		for (int i = 0; i < 3; i++) {
			held.remove(0).exit(System.nanoTime());
			Thread.sleep(50);
			assertThat(queued).as("slot %d given back while a calm tenant is served: kept back", i + 1).isNotDone();
		}
		held.remove(0).exit(System.nanoTime());
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
		first.exit(System.nanoTime());
		assertThat(queued.get(5, TimeUnit.SECONDS)).as("its own calm entries before the flood do not count").isNotNull();
		second.exit(System.nanoTime());
	}

	@Test
	void aTenantThatDoesNotFloodIsNotHeldBack() throws Exception {
		TenantConcurrencyLimit.Slots first = givingWay.enter(tenant);
		TenantConcurrencyLimit.Slots second = givingWay.enter(tenant);
		givingWay.enter(new TenantId(UUID.randomUUID())).exit(System.nanoTime()); // a calm tenant is served
		first.exit(System.nanoTime());
		second.exit(System.nanoTime());
		assertThat(givingWay.enter(tenant)).isNotNull();
		assertThat(givingWay.enter(tenant)).as("nothing of it waited: both slots came back").isNotNull();
	}

	@Test
	void aFloodingTenantGivingWayRestsAfterEachRequestAsLongAsItsShareSays() throws Exception {
		TenantConcurrencyLimit halfTheTime = new TenantConcurrencyLimit(2, Duration.ofSeconds(10), 1,
				Duration.ofSeconds(10), 0.5);
		TenantConcurrencyLimit.Slots first = halfTheTime.enter(tenant);
		TenantConcurrencyLimit.Slots second = halfTheTime.enter(tenant);
		CompletableFuture<TenantConcurrencyLimit.Slots> queued = waitingFor(halfTheTime, tenant, first);
		TenantId calm = new TenantId(UUID.randomUUID());
		halfTheTime.enter(calm).exit(System.nanoTime()); // a calm tenant is served: the flood gives way
		first.exit(System.nanoTime()); // kept back: down to one slot

		long exited = System.nanoTime();
		second.exit(exited - Duration.ofMillis(80).toNanos()); // held for 80 ms: rests 80 ms more at share 0.5
		long calmStarted = System.nanoTime();
		halfTheTime.enter(calm).exit(System.nanoTime());
		long calmTook = System.nanoTime() - calmStarted;
		queued.get(5, TimeUnit.SECONDS);
		long floodWaited = System.nanoTime() - exited;

		assertThat(floodWaited).as("the flooding tenant's next request rested").isGreaterThanOrEqualTo(
				Duration.ofMillis(79).toNanos());
		assertThat(calmTook).as("the calm tenant did not rest").isLessThan(Duration.ofMillis(79).toNanos());
	}

	@Test
	void aFloodShareOfZeroOrAboveOneIsRefused() {
		assertThatThrownBy(() -> new TenantConcurrencyLimit(2, Duration.ZERO, 1, Duration.ZERO, 0))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new TenantConcurrencyLimit(2, Duration.ZERO, 1, Duration.ZERO, 1.5))
			.isInstanceOf(IllegalArgumentException.class);
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
