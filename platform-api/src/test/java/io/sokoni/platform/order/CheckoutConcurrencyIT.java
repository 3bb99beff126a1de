package io.sokoni.platform.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checkouts and cancellations racing each other over HTTP, all released at the same instant. */
class CheckoutConcurrencyIT extends ApiTestBase {

	private OrderFixtures shop;

	@BeforeEach
	void shop() {
		shop = new OrderFixtures(api(), fixtures().tenant());
	}

	@Test
	void twoHundredSimultaneousCheckoutsForFiftyUnitsMakeExactlyFiftyOrders() throws Exception {
		UUID variant = shop.variant(2_500, 50);
		List<String> carts = IntStream.range(0, 200).mapToObj(i -> shop.cart(variant, 1)).toList();

		List<Response> answers = concurrently(carts.stream()
			.<Callable<Response>>map(cart -> () -> shop.checkout(cart, "cod"))
			.toList());

		Map<String, Long> outcomes = answers.stream()
			.collect(java.util.stream.Collectors.groupingBy(r -> r.status() + " " + r.problemType(),
					java.util.stream.Collectors.counting()));
		assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("201 ", 50L, "409 insufficient-stock", 150L));
		assertThat(shop.stock(variant)).containsExactly(50, 50);
		assertThat(shop.count("select count(*) from app.orders")).isEqualTo(50);
		assertThat(shop.count("select coalesce(sum(quantity), 0) from app.inventory_reservations where status = 'active'"))
			.isEqualTo(50);
		assertThat(shop.count("select count(distinct order_number) from app.orders")).isEqualTo(50);
		assertThat(shop.count("select max(order_number) - min(order_number) + 1 from app.orders"))
			.as("numbers without gaps").isEqualTo(50);
		assertThat(shop.count("select coalesce(sum(reserved_change), 0) from app.inventory_movements where variant_id = ? "
				+ "and reason = 'reservation'", variant)).as("the journal agrees").isEqualTo(50);
	}

	@Test
	void theSameKeySentTwentyTimesAtOnceMakesOneOrder() throws Exception {
		UUID variant = shop.variant(2_500, 10);
		String cart = shop.cart(variant, 2);
		Map<String, Object> body = OrderFixtures.checkoutBody("mpesa", "+254712345678", "Parklands");

		List<Response> answers = concurrently(IntStream.range(0, 20)
			.<Callable<Response>>mapToObj(i -> () -> shop.checkout(cart, "double-click", body))
			.toList());

		assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(201));
		assertThat(answers.stream().map(r -> r.json().path("id").asString()).distinct()).hasSize(1);
		assertThat(shop.count("select count(*) from app.orders")).isEqualTo(1);
		assertThat(shop.stock(variant)).containsExactly(10, 2);
	}

	@Test
	void cancellingTenTimesAtOnceReturnsStockOnce() throws Exception {
		UUID variant = shop.variant(2_500, 10);
		UUID order = shop.order(variant, 3, "cod");
		assertThat(shop.stock(variant)).containsExactly(10, 3);

		List<Response> answers = concurrently(IntStream.range(0, 10)
			.<Callable<Response>>mapToObj(i -> () -> api().post("/admin/v1/orders/" + order + "/status")
				.bearer(shop.tenant.ownerToken())
				.body(Map.of("status", "cancelled", "note", "customer called"))
				.send())
			.toList());

		assertThat(answers.stream().filter(r -> r.status() == 200)).hasSize(1);
		assertThat(answers.stream().filter(r -> r.status() == 409)).hasSize(9);
		assertThat(shop.stock(variant)).containsExactly(10, 0);
		assertThat(shop.count("select count(*) from app.inventory_movements where variant_id = ? and reason = 'release'",
				variant)).isEqualTo(1);
	}

	private static <T> List<T> concurrently(List<Callable<T>> work) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<T>> futures = work.stream().map(w -> pool.submit(() -> {
				start.await();
				return w.call();
			})).toList();
			start.countDown();
			return futures.stream().map(f -> {
				try {
					return f.get();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}).toList();
		}
	}

}
