package io.sokoni.platform.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import io.sokoni.platform.inventory.StockFixtures.Journal;
import io.sokoni.platform.inventory.StockFixtures.Level;
import io.sokoni.platform.inventory.StockFixtures.SeededVariant;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Concurrently;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many writers on one level at once, all released together: the invariants (never negative, never
 * more reserved than on hand, the journal sums to the level) must hold whatever the interleaving.
 */
class InventoryConcurrencyIT extends ApiTestBase {

	private StockFixtures stock;

	private TestTenant tenant;

	private SeededVariant variant;

	private UUID location;

	@BeforeEach
	void seed() {
		stock = new StockFixtures(api());
		tenant = fixtures().tenant();
		variant = stock.variant(tenant);
		location = stock.location(tenant);
	}

	@Test
	void fiftyConcurrentRemovalsOfOneFromTwentySucceedExactlyTwentyTimes() throws Exception {
		count(20);
		InventoryService inventory = context.getBean(InventoryService.class);
		List<Callable<Boolean>> removals = IntStream.range(0, 50).<Callable<Boolean>>mapToObj(i -> () -> {
			try {
				TenantContext.runAs(TenantId.of(tenant.id()), () -> inventory.adjust(variant.variantId(), location, -1,
						MovementReason.ADJUSTMENT, "concurrent " + i, null));
				return true;
			}
			catch (InsufficientStockException ex) {
				return false;
			}
		}).toList();

		List<Boolean> results = Concurrently.run(50, removals);

		assertThat(results.stream().filter(ok -> ok).count()).isEqualTo(20);
		assertThat(results.stream().filter(ok -> !ok).count()).isEqualTo(30);
		assertThat(stock.level(tenant.id(), variant.variantId(), location)).isEqualTo(new Level(0, 0));
		assertThat(stock.onHandAfter(tenant.id(), variant.variantId(), location, "adjustment"))
			.as("each removal saw the one before it: 19, 18, ... 0, never negative")
			.containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).boxed().toList());
		assertJournalMatchesLevel(21);
	}

	@Test
	void concurrentReservationsAndRemovalsNeverReserveMoreThanOnHand() throws Exception {
		count(20);
		InventoryService inventory = context.getBean(InventoryService.class);
		List<Callable<String>> work = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			String order = "SO-" + i;
			work.add(() -> TenantContext.callAs(TenantId.of(tenant.id()),
					() -> inventory.reserve(variant.variantId(), location, 1, "order", order) ? "reserved" : "short"));
			work.add(() -> {
				Response response = adjust(-1);
				return switch (response.status()) {
					case 200 -> "removed";
					case 409 -> "refused";
					default -> "unexpected " + response;
				};
			});
		}

		List<String> results = Concurrently.run(40, work);

		assertThat(results).allMatch(r -> List.of("reserved", "short", "removed", "refused").contains(r));
		long reserved = results.stream().filter("reserved"::equals).count();
		long removed = results.stream().filter("removed"::equals).count();
		assertThat(reserved + removed).as("each success takes one of the 20 available").isEqualTo(20);
		Level level = stock.level(tenant.id(), variant.variantId(), location);
		assertThat(level).isEqualTo(new Level((int) (20 - removed), (int) reserved));
		assertThat(level.reserved()).isLessThanOrEqualTo(level.onHand());
		Journal journal = assertJournalMatchesLevel(1 + reserved + removed);
		assertThat(journal.reservedChanges()).isEqualTo(reserved);
	}

	@Test
	void parallelHttpRemovalsAnswer200Or409AndNeverOversell() throws Exception {
		count(20);
		List<Callable<Response>> requests = IntStream.range(0, 50)
			.<Callable<Response>>mapToObj(i -> () -> adjust(-1))
			.toList();

		List<Response> responses = Concurrently.run(25, requests);

		assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 409));
		assertThat(responses.stream().filter(r -> r.status() == 200).count()).isEqualTo(20);
		assertThat(responses.stream().filter(r -> r.status() == 409))
			.hasSize(30)
			.allSatisfy(r -> assertThat(r.problemType()).isEqualTo("conflict"));
		assertThat(stock.level(tenant.id(), variant.variantId(), location)).isEqualTo(new Level(0, 0));
		assertThat(stock.onHandAfter(tenant.id(), variant.variantId(), location, "adjustment"))
			.containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).boxed().toList());
		assertJournalMatchesLevel(21);
		assertThat(stock.stockEvents(tenant.id(), variant.productId())).isEqualTo(21);
	}

	@Test
	void concurrentFirstCountsOfANewLevelKeepTheJournalExact() throws Exception {
		List<Callable<Response>> counts = IntStream.rangeClosed(1, 20)
			.<Callable<Response>>mapToObj(n -> () -> api().put(levelPath())
				.bearer(tenant.ownerToken())
				.body(Map.of("onHand", n))
				.send())
			.toList();

		List<Response> responses = Concurrently.run(20, counts);

		assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 409));
		assertThat(responses.stream().filter(r -> r.status() == 409))
			.allSatisfy(r -> assertThat(r.problemType()).isEqualTo("stale-version"));
		long applied = responses.stream().filter(r -> r.status() == 200).count();
		assertThat(applied).isPositive();
		assertJournalMatchesLevel(applied);
	}

	@Test
	void mixedConcurrentChangesKeepTheJournalExact() throws Exception {
		count(10);
		InventoryService inventory = context.getBean(InventoryService.class);
		List<Callable<Integer>> work = new ArrayList<>();
		for (int i = 0; i < 15; i++) {
			work.add(() -> adjust(-3).status());
			work.add(() -> api().post(levelPath() + "/restock")
				.bearer(tenant.ownerToken())
				.body(Map.of("quantity", 2))
				.send()
				.status());
			work.add(() -> api().put(levelPath()).bearer(tenant.ownerToken()).body(Map.of("onHand", 6)).send().status());
			work.add(() -> TenantContext.callAs(TenantId.of(tenant.id()),
					() -> inventory.reserve(variant.variantId(), location, 1, "order", "mixed") ? 200 : 409));
		}

		List<Integer> statuses = Concurrently.run(30, work);

		assertThat(statuses).allMatch(s -> s == 200 || s == 409);
		long applied = statuses.stream().filter(s -> s == 200).count();
		Level level = stock.level(tenant.id(), variant.variantId(), location);
		assertThat(level.reserved()).isLessThanOrEqualTo(level.onHand());
		Journal journal = assertJournalMatchesLevel(1 + applied);
		assertThat(journal.reservedChanges()).isEqualTo(level.reserved());
	}

	/** Sum of on-hand changes equals on hand, no entry records an invalid level; returns the journal. */
	private Journal assertJournalMatchesLevel(long entries) {
		Level level = stock.level(tenant.id(), variant.variantId(), location);
		Journal journal = stock.journal(tenant.id(), variant.variantId(), location);
		assertThat(journal.entries()).isEqualTo(entries);
		assertThat(journal.onHandChanges()).as("the journal sums to the level").isEqualTo(level.onHand());
		assertThat(journal.reservedChanges()).isEqualTo(level.reserved());
		assertThat(journal.invalidAfter()).as("no entry records a negative or over-reserved level").isZero();
		return journal;
	}

	private void count(int onHand) {
		Response response = api().put(levelPath()).bearer(tenant.ownerToken()).body(Map.of("onHand", onHand)).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	private Response adjust(int delta) {
		return api().post(levelPath() + "/adjust")
			.bearer(tenant.ownerToken())
			.body(Map.of("delta", delta, "reason", "adjustment"))
			.send();
	}

	private String levelPath() {
		return "/admin/v1/inventory/" + variant.variantId() + "/" + location;
	}

}
