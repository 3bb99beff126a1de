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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The shopper's M-Pesa path for bench/payments.sh (not a test): checkout with M-Pesa (STK Push to the
 * stand-in, which calls back at once), then the order polled every POLL_MS until its payment status is
 * paid. Prints p50/p90/p99/max of checkout-answer time and of checkout-to-paid time over the carts of the
 * CARTS file (kind,host,token), CONCURRENCY shoppers at a time. With a fourth argument {@code pending},
 * each cart is only checked out, paying from 254700000005 (the stand-in accepts the push but never calls
 * back): the attempts left pending are for the callback and reconciler phases.
 *   java bench/PaymentPath.java http://127.0.0.1:8099 carts.csv 8 [pending]
 */
public class PaymentPath {

	public static void main(String[] args) throws Exception {
		String base = args[0];
		List<String[]> carts = Files.readAllLines(Path.of(args[1])).stream().map(l -> l.split(",")).toList();
		int concurrency = Integer.parseInt(args[2]);
		boolean pendingOnly = args.length > 3 && args[3].equals("pending");
		long pollMillis = Long.parseLong(System.getenv().getOrDefault("POLL_MS", "5"));
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5)).build();
		var answered = new ConcurrentLinkedQueue<Long>();
		var paid = new ConcurrentLinkedQueue<Long>();
		var failures = new ConcurrentLinkedQueue<String>();
		ExecutorService pool = Executors.newFixedThreadPool(concurrency);
		for (String[] cart : carts) {
			pool.submit(() -> {
				try {
					String host = cart[1];
					String token = cart[2];
					// Shoppers of their own (one customer each); in pending mode the prompt goes to 0700000005.
					String phone = String.format("07%08d", ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999));
					String body = "{\"customer\":{\"phone\":\"" + phone + "\",\"name\":\"Path Shopper\"},"
							+ "\"delivery\":{\"cityArea\":\"Westlands\",\"streetAddress\":\"Waiyaki Way\"},\"paymentMethod\":\"mpesa\""
							+ (pendingOnly ? ",\"mpesaPhone\":\"0700000005\"}" : "}");
					long start = System.nanoTime();
					var checkout = http.send(HttpRequest.newBuilder(URI.create(base + "/storefront/v1/carts/" + token + "/checkout"))
						.header("Host", host).header("Content-Type", "application/json").header("Idempotency-Key", token)
						.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
					answered.add(System.nanoTime() - start);
					if (checkout.statusCode() != 201 && checkout.statusCode() != 200) {
						failures.add("checkout " + checkout.statusCode() + " " + checkout.body());
						return;
					}
					if (pendingOnly) {
						return;
					}
					var poll = HttpRequest.newBuilder(URI.create(base + "/storefront/v1/carts/" + token + "/order"))
						.header("Host", host).GET().build();
					long deadline = start + TimeUnit.SECONDS.toNanos(30);
					while (System.nanoTime() < deadline) {
						String order = http.send(poll, HttpResponse.BodyHandlers.ofString()).body();
						if (order.contains("\"paymentStatus\":\"paid\"")) {
							paid.add(System.nanoTime() - start);
							return;
						}
						Thread.sleep(pollMillis);
					}
					failures.add("not paid within 30 s: " + token);
				}
				catch (Exception ex) {
					failures.add(ex.toString());
				}
			});
		}
		long began = System.nanoTime();
		pool.shutdown();
		pool.awaitTermination(30, TimeUnit.MINUTES);
		if (pendingOnly) {
			System.out.printf("RESULT pending-attempts checkouts=%d in %.1f s failures=%d%n", answered.size(),
					(System.nanoTime() - began) / 1e9, failures.size());
			failures.stream().limit(3).forEach(f -> System.out.println("  failure: " + f));
			return;
		}
		System.out.println("RESULT mpesa-checkout-answer " + summary(answered));
		System.out.println("RESULT mpesa-checkout-to-paid " + summary(paid) + " failures=" + failures.size());
		failures.stream().limit(3).forEach(f -> System.out.println("  failure: " + f));
	}

	private static String summary(ConcurrentLinkedQueue<Long> nanos) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		if (sorted.isEmpty()) {
			return "n=0";
		}
		return String.format("n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms", sorted.size(), pct(sorted, 50),
				pct(sorted, 90), pct(sorted, 99), sorted.get(sorted.size() - 1) / 1e6);
	}

	private static double pct(List<Long> sorted, double p) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1)) / 1e6;
	}

}
