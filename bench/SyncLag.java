import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Catalog write to search result: a new tenant with RATE products, each renamed once a second through
 * the admin API (RATE changes/s in all). One product in ten is a probe renamed from here to a fresh
 * unique word, then searched on the storefront until found; wrk (bench/catalog-writes.lua) renames the
 * others, costing the 2 cores far less than this JVM's HTTP client would. Prints the probes' lag
 * percentiles (from the write request's start) and write latency, and wrk's write rate; bench/run.sh
 * adds the outbox delivery lag.
 * The first WARMUP seconds run at the same rate but are not counted: the admin write path is not
 * compiled yet when the storefront load before it ends, and on 2 cores the JIT needs several seconds
 * of this load (it is the steady state that is measured, as for the storefront endpoints).
 * Run by bench/run.sh:  java bench/SyncLag.java <base-url> <db> <changes-per-second> <seconds> [warmup-seconds]
 */
public class SyncLag {

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static String base;

	public static void main(String[] args) throws Exception {
		base = args[0];
		int rate = Integer.parseInt(args[2]);
		int seconds = Integer.parseInt(args[3]);
		int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 0;
		String operator = System.getenv().getOrDefault("SOKONI_OPERATOR_TOKEN", "bench-operator-token-0123456789");
		String slug = "lag" + UUID.randomUUID().toString().substring(0, 8);
		String created = send("POST", "/platform/v1/tenants", operator, null, """
				{"slug":"%s","name":"Lag","owner":{"email":"owner@%s.example","fullName":"Lag Owner",
				"password":"lag-benchmark-password"},"store":{"slug":"%s","name":"Lag store"}}""".formatted(slug, slug, slug), 201);
		String storeId = field(created, "storeId");
		String host = slug + ".sokoni.localhost";
		String token = field(send("POST", "/auth/v1/token", null, null, """
				{"tenant":"%s","email":"owner@%s.example","password":"lag-benchmark-password"}""".formatted(slug, slug), 200),
				"access_token");
		// One change in ten is a probe from here (polled until search finds it); wrk makes the others.
		int lanes = Math.max(1, rate / 10); // each lane changes its product once a second
		int background = rate - lanes;
		String[] ids = new String[lanes + background];
		long[] versions = new long[lanes + background];
		for (int i = 0; i < ids.length; i++) {
			String product = send("POST", "/admin/v1/products", token, null, """
					{"storeId":"%s","name":"Lag product %d","slug":"lag-product-%d","status":"active","basePriceCents":1000,
					"currency":"KES","variants":[{"sku":"LAG-%d","priceCents":1000}]}""".formatted(storeId, i, i, i), 201);
			ids[i] = field(product, "id");
			versions[i] = Long.parseLong(field(product, "version"));
		}
		Path backgroundProducts = Files.createTempFile("sokoni-lag-products", ".csv");
		StringBuilder lines = new StringBuilder();
		for (int i = lanes; i < ids.length; i++) {
			lines.append(ids[i]).append(',').append(versions[i]).append('\n');
		}
		Files.writeString(backgroundProducts, lines);
		// wrk: one connection per background product, one rename then a pause of 0.9 s each (a request's
		// own time adds to the pause: 1 s would stay under the rate).
		ProcessBuilder wrk = new ProcessBuilder("wrk", "-t2", "-c" + background, "-d" + (warmup + seconds) + "s",
				"--timeout", "30s", "-s", "bench/catalog-writes.lua", base).redirectErrorStream(true);
		wrk.environment().put("PRODUCTS", backgroundProducts.toString());
		wrk.environment().put("TOKEN", token);
		wrk.environment().put("DELAY_MS", "900");
		Process backgroundWrites = background > 0 ? wrk.start() : null;
		ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<Long> writes = new ConcurrentLinkedQueue<>();
		AtomicInteger failures = new AtomicInteger();
		long measured = System.nanoTime() + Duration.ofSeconds(warmup).toNanos();
		long measuredFromEpochMillis = System.currentTimeMillis() + warmup * 1000L;
		long end = measured + Duration.ofSeconds(seconds).toNanos();
		try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < lanes; i++) {
				int lane = i;
				executor.submit(() -> {
					long next = System.nanoTime() + (long) (1e9 * lane / lanes); // spread the lanes over a second
					while (next < end) {
						sleepUntil(next);
						next += 1_000_000_000L;
						String word = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
						long start = System.nanoTime();
						try {
							String updated = send("PATCH", "/admin/v1/products/" + ids[lane], token, null,
									"{\"version\":%d,\"name\":\"Lag %s\"}".formatted(versions[lane], word), 200);
							versions[lane] = Long.parseLong(field(updated, "version"));
							boolean counted = start >= measured;
							if (counted) {
								writes.add(System.nanoTime() - start);
							}
							while (!send("GET", "/storefront/v1/search?q=" + word, null, host, null, 200).contains(word)) {
								if (System.nanoTime() - start > 10_000_000_000L) {
									throw new IllegalStateException("not found within 10 s");
								}
								Thread.sleep(20);
							}
							if (counted) {
								lags.add(System.nanoTime() - start);
							}
						}
						catch (Exception ex) {
							if (start >= measured) {
								failures.incrementAndGet();
							}
						}
					}
					return null;
				});
			}
		}
		String backgroundResult = backgroundWrites == null ? ""
				: new String(backgroundWrites.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (backgroundWrites != null && backgroundWrites.waitFor() != 0) {
			throw new IllegalStateException("wrk failed: " + backgroundResult);
		}
		Files.delete(backgroundProducts);
		List<Long> sorted = new ArrayList<>(lags);
		Collections.sort(sorted);
		List<Long> writeTimes = new ArrayList<>(writes);
		Collections.sort(writeTimes);
		if (sorted.isEmpty()) {
			System.out.println("no change became visible; failures=" + failures.get());
			return;
		}
		System.out.printf("after a %d s warm-up at this rate: probe changes=%d (%.0f/s) failures=%d; write-to-search-result lag (%d probes) p50=%.1f ms"
				+ " p99=%.1f ms max=%.1f ms; the write request itself p50=%.1f ms p99=%.1f ms%n", warmup, writeTimes.size(),
				writeTimes.size() / (double) seconds, failures.get(), sorted.size(), pct(sorted, 50), pct(sorted, 99),
				sorted.get(sorted.size() - 1) / 1e6, pct(writeTimes, 50), pct(writeTimes, 99));
		backgroundResult.lines()
			.filter(line -> line.startsWith("WRITES"))
			.forEach(line -> System.out.printf("the other changes (wrk, warm-up included): %s; in all %.0f changes/s%n",
					line, writeTimes.size() / (double) seconds
							+ Double.parseDouble(line.replaceAll(".* rps=(\\d+).*", "$1"))));
		System.out.println("tenant " + slug + " measured-from " + measuredFromEpochMillis);
	}

	static double pct(List<Long> sorted, int p) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
	}

	static void sleepUntil(long nanoTime) throws InterruptedException {
		long wait = nanoTime - System.nanoTime();
		if (wait > 0) {
			Thread.sleep(Duration.ofNanos(wait));
		}
	}

	static String send(String method, String path, String bearer, String host, String json, int expected) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
			.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		if (host != null) {
			request.header("Host", host);
		}
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != expected) {
			throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
		}
		return response.body();
	}

	static String field(String json, String name) {
		Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]+)").matcher(json);
		if (!m.find()) {
			throw new IllegalStateException("no " + name + " in " + json);
		}
		return m.group(1);
	}

}
