import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load for bench/checkout.sh: add-to-cart, checkout spread over many SKUs and tenants, and a flash sale
 * on one SKU. Each phase prints requests/s, p50/p99 (ms) and the answers by HTTP status.
 *   java CheckoutLoad.java <base> <variants.csv> <concurrency> <add-seconds> <spread-carts> <hot-host>
 *        <hot-variant> <hot-stock> <hot-buyers>
 */
public class CheckoutLoad {

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

	static String base;

	record Sku(String host, String variant) {
	}

	record Cart(String host, String token) {
	}

	public static void main(String[] args) throws Exception {
		base = args[0];
		List<Sku> skus = Files.readAllLines(Path.of(args[1]))
			.stream()
			.filter(l -> !l.isBlank())
			.map(l -> l.split(","))
			.map(p -> new Sku(p[0], p[1]))
			.toList();
		int concurrency = Integer.parseInt(args[2]);
		int addSeconds = Integer.parseInt(args[3]);
		int spreadCarts = Integer.parseInt(args[4]);
		String hotHost = args[5];
		String hotVariant = args[6];
		int hotStock = Integer.parseInt(args[7]);
		int hotBuyers = Integer.parseInt(args[8]);
		Map<String, List<Sku>> byHost = new ConcurrentHashMap<>();
		skus.forEach(s -> byHost.computeIfAbsent(s.host(), h -> new ArrayList<>()).add(s));
		List<String> hosts = List.copyOf(byHost.keySet());

		System.out.println("== warm-up (10 s of add-to-cart and checkout, not counted)");
		addToCart(byHost, hosts, concurrency, 5, false);
		checkout(prepare(byHost, hosts, concurrency, 500), concurrency, false);

		System.out.printf("== add-to-cart: %d shoppers for %d s, %d SKUs over %d stores%n", concurrency, addSeconds,
				skus.size(), hosts.size());
		addToCart(byHost, hosts, concurrency, addSeconds, true);

		System.out.printf("== spread checkout: preparing %d carts of 1-3 items over %d stores%n", spreadCarts,
				hosts.size());
		List<Cart> carts = prepare(byHost, hosts, concurrency, spreadCarts);
		System.out.printf("== spread checkout: %d shoppers, %d carts%n", concurrency, carts.size());
		checkout(carts, concurrency, true);

		int hotCarts = hotStock + hotStock / 5 + hotBuyers;
		System.out.printf("== flash sale: preparing %d one-unit carts for %d units of one SKU%n", hotCarts, hotStock);
		List<Cart> hot = new ArrayList<>();
		run(concurrency, hotCarts, i -> {
			String token = newCart(hotHost);
			add(hotHost, token, hotVariant);
			synchronized (hot) {
				hot.add(new Cart(hotHost, token));
			}
		});
		System.out.printf("== flash sale: %d buyers at once%n", hotBuyers);
		flashSale(hot, hotBuyers, hotStock);
	}

	static void addToCart(Map<String, List<Sku>> byHost, List<String> hosts, int concurrency, int seconds,
			boolean report) throws Exception {
		Stats stats = new Stats();
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		long start = System.nanoTime();
		run(concurrency, concurrency, i -> {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			while (System.nanoTime() < end) {
				String host = hosts.get(random.nextInt(hosts.size()));
				List<Sku> stock = byHost.get(host);
				String token = newCart(host);
				for (int n = 0; n < 10 && System.nanoTime() < end; n++) {
					String variant = stock.get(random.nextInt(stock.size())).variant();
					long t0 = System.nanoTime();
					int status = add(host, token, variant);
					stats.record(status, System.nanoTime() - t0);
				}
			}
		});
		if (report) {
			stats.print("add-to-cart", System.nanoTime() - start);
		}
	}

	static List<Cart> prepare(Map<String, List<Sku>> byHost, List<String> hosts, int concurrency, int count)
			throws Exception {
		ConcurrentLinkedQueue<Cart> carts = new ConcurrentLinkedQueue<>();
		run(concurrency, count, i -> {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			String host = hosts.get(random.nextInt(hosts.size()));
			List<Sku> stock = byHost.get(host);
			String token = newCart(host);
			int lines = 1 + random.nextInt(3);
			for (int n = 0; n < lines; n++) {
				add(host, token, stock.get(random.nextInt(stock.size())).variant());
			}
			carts.add(new Cart(host, token));
		});
		return new ArrayList<>(carts);
	}

	static void checkout(List<Cart> carts, int concurrency, boolean report) throws Exception {
		Stats stats = new Stats();
		AtomicInteger next = new AtomicInteger();
		long start = System.nanoTime();
		run(concurrency, concurrency, i -> {
			int n;
			while ((n = next.getAndIncrement()) < carts.size()) {
				Cart cart = carts.get(n);
				long t0 = System.nanoTime();
				int status = checkout(cart, n % 2 == 0 ? "mpesa" : "cod");
				stats.record(status, System.nanoTime() - t0);
			}
		});
		if (report) {
			stats.print("checkout", System.nanoTime() - start);
		}
	}

	static void flashSale(List<Cart> carts, int buyers, int stock) throws Exception {
		Stats stats = new Stats();
		AtomicInteger next = new AtomicInteger();
		AtomicLong lastSale = new AtomicLong();
		long start = System.nanoTime();
		run(buyers, buyers, i -> {
			int n;
			while ((n = next.getAndIncrement()) < carts.size()) {
				long t0 = System.nanoTime();
				int status = checkout(carts.get(n), "mpesa");
				long t1 = System.nanoTime();
				stats.record(status, t1 - t0);
				if (status == 201) {
					lastSale.accumulateAndGet(t1, Math::max);
				}
			}
		});
		long sold = stats.count(201);
		stats.print("flash-sale (all answers, over the whole run)", System.nanoTime() - start);
		System.out.printf("RESULT flash-sale sold=%d stock=%d oversold(by answers)=%d checkouts/s-until-sold-out=%.0f%n",
				sold, stock, Math.max(0, sold - stock), sold / ((lastSale.get() - start) / 1e9));
	}

	static String newCart(String host) {
		HttpResponse<String> r = send(host, "/storefront/v1/carts", "{}", null);
		Matcher m = TOKEN.matcher(r.body());
		if (r.statusCode() != 201 || !m.find()) {
			throw new IllegalStateException("cart not created: " + r.statusCode() + " " + r.body());
		}
		return m.group(1);
	}

	static int add(String host, String token, String variant) {
		return send(host, "/storefront/v1/carts/" + token + "/items",
				"{\"variantId\":\"" + variant + "\",\"quantity\":1}", null).statusCode();
	}

	static int checkout(Cart cart, String method) {
		String body = """
				{"customer":{"phone":"07%08d","name":"Bench Shopper"},
				 "delivery":{"cityArea":"Westlands","streetAddress":"Waiyaki Way"},"paymentMethod":"%s"}"""
			.formatted(ThreadLocalRandom.current().nextInt(100_000_000), method);
		HttpResponse<String> r = send(cart.host(), "/storefront/v1/carts/" + cart.token() + "/checkout", body,
				UUID.randomUUID().toString());
		return r.statusCode();
	}

	static HttpResponse<String> send(String host, String path, String body, String idempotencyKey) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.header("Host", host)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(60))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	interface Work {

		void run(int i) throws Exception;

	}

	/** Runs {@code tasks} tasks on {@code threads} virtual threads started together. */
	static void run(int threads, int tasks, Work work) throws Exception {
		CountDownLatch go = new CountDownLatch(1);
		AtomicInteger next = new AtomicInteger();
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int t = 0; t < threads; t++) {
				pool.submit(() -> {
					go.await();
					int i;
					while ((i = next.getAndIncrement()) < tasks) {
						work.run(i);
					}
					return null;
				});
			}
			go.countDown();
		}
	}

	/** Latencies and answers of one phase. */
	static final class Stats {

		private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

		private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

		void record(int status, long elapsed) {
			nanos.add(elapsed);
			statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
		}

		long count(int status) {
			AtomicLong n = statuses.get(status);
			return n == null ? 0 : n.get();
		}

		void print(String name, long wallNanos) {
			List<Long> sorted = new ArrayList<>(nanos);
			Collections.sort(sorted);
			double seconds = wallNanos / 1e9;
			System.out.printf("RESULT %s requests=%d in %.1f s: %.0f req/s p50=%.1f ms p99=%.1f ms statuses=%s%n", name,
					sorted.size(), seconds, sorted.size() / seconds, pct(sorted, 0.50), pct(sorted, 0.99), statuses);
		}

		private static double pct(List<Long> sorted, double q) {
			return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, q * sorted.size())) / 1e6;
		}

	}

}
