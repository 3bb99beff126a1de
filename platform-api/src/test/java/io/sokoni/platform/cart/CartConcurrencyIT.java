package io.sokoni.platform.cart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Concurrent adds to one cart, all released together: no quantity lost, never more than the stock. */
class CartConcurrencyIT extends ApiTestBase {

	private TestTenant t;

	private CartApi carts;

	private CatalogFixtures catalog;

	@BeforeEach
	void store() {
		t = fixtures().tenant();
		catalog = new CatalogFixtures(t);
		carts = new CartApi(api(), t.host());
	}

	@Test
	void concurrentAddsOfOneVariantToOneCartAreAllCounted() throws Exception {
		CatalogFixtures.Product p = catalog.product().variant(500, 1000);
		p.persist();
		UUID variant = p.variantIds.get(0);
		String token = carts.create();

		List<Integer> statuses = concurrently(30, () -> carts.add(token, variant, 2).status());

		assertThat(statuses).containsOnly(200);
		assertThat(CartApi.state(t.id(), token).quantity()).isEqualTo(60);
		assertThat(CartApi.state(t.id(), token).items()).isEqualTo(1);
		assertThat(CartApi.state(t.id(), token).version()).isEqualTo(30);
	}

	@Test
	void concurrentAddsNeverPutMoreInTheCartThanIsInStock() throws Exception {
		CatalogFixtures.Product p = catalog.product().variant(500, 10);
		p.persist();
		UUID variant = p.variantIds.get(0);
		String token = carts.create();

		List<Integer> statuses = concurrently(25, () -> carts.add(token, variant, 1).status());

		assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(10);
		assertThat(statuses.stream().filter(s -> s == 409).count()).isEqualTo(15);
		assertThat(CartApi.state(t.id(), token).quantity()).isEqualTo(10);
	}

	/** Runs the task n times at once (released by one latch) and returns the results. */
	private static <T> List<T> concurrently(int n, Callable<T> task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(n);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = IntStream.range(0, n).mapToObj(i -> pool.submit(() -> {
				start.await();
				return task.call();
			})).toList();
			start.countDown();
			List<T> results = new java.util.ArrayList<>();
			for (Future<T> f : futures) {
				results.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
