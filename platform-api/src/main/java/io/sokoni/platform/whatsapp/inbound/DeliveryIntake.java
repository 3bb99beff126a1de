package io.sokoni.platform.whatsapp.inbound;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sokoni.tenant.TenantRouterProperties;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Stores verified webhook bodies durably, many requests per commit: each request queues its body and
 * waits; a writer thread takes everything queued (up to {@code writer-batch}) and stores it with one
 * multi-row insert, one commit, then releases every request of the batch to answer 200. While one batch
 * commits the next one gathers, so the commit rate, not the request rate, bounds the database's work.
 * Rows are inserted already leased to this instance ({@code claimed_until}) and handed to the
 * {@link DeliveryWorker} in memory; the worker's sweep takes any row whose lease runs out unprocessed
 * (a crash, a full hand-off queue). No tenant lookup and no JSON parsing happen here.
 * <p>
 * The writers use a small pool of their own (the platform role, control database), so a burst of
 * deliveries never takes the connections host resolution and the platform jobs need.
 */
@Component
class DeliveryIntake {

	private static final Logger log = LoggerFactory.getLogger(DeliveryIntake.class);

	/** Rows come back in the order of the arrays (one sequential scan of unnest feeds the insert). */
	private static final String INSERT = """
			insert into app.whatsapp_webhook_deliveries (body, body_encoding, claimed_until, attempts)
			select b, e, now() + make_interval(secs => ?), 1 from unnest(?::text[], ?::text[]) as t(b, e)
			returning id""";

	private record Pending(String body, String encoding, CompletableFuture<Long> stored) {
	}

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	private final HikariDataSource pool;

	private final DeliveryWorker worker;

	private final WebhookProperties props;

	private final List<Thread> writers = new ArrayList<>();

	private volatile boolean running = true;

	DeliveryIntake(TenantRouterProperties db, DeliveryWorker worker, WebhookProperties props) {
		this.worker = worker;
		this.props = props;
		HikariConfig config = new HikariConfig();
		config.setPoolName("whatsapp-intake");
		config.setJdbcUrl(db.url());
		config.setUsername(db.platformUsername());
		config.setPassword(db.platformPassword());
		config.setMaximumPoolSize(props.writerThreads());
		config.setMinimumIdle(0);
		config.setConnectionTimeout(db.connectionTimeout().toMillis());
		config.setInitializationFailTimeout(-1);
		this.pool = new HikariDataSource(config);
		for (int i = 0; i < props.writerThreads(); i++) {
			Thread writer = Thread.ofPlatform().name("whatsapp-intake-" + i).daemon().start(this::writeLoop);
			writers.add(writer);
		}
	}

	/**
	 * Queues the body for the next group commit. The future completes with the row's id once committed,
	 * or exceptionally when the database refused the batch.
	 */
	CompletableFuture<Long> store(byte[] body) {
		CompletableFuture<Long> stored = new CompletableFuture<>();
		String text = utf8(body);
		Pending pending = text != null && text.indexOf('\0') < 0 ? new Pending(text, "utf8", stored)
				: new Pending(Base64.getEncoder().encodeToString(body), "base64", stored);
		queue.add(pending);
		return stored;
	}

	/** The bytes as text when they are valid UTF-8 (PostgreSQL text holds no NUL either), else null. */
	private static String utf8(byte[] body) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private void writeLoop() {
		List<Pending> batch = new ArrayList<>(props.writerBatch());
		while (running) {
			try {
				Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				queue.drainTo(batch, props.writerBatch() - 1);
				write(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.error("WhatsApp intake writer failed", ex);
				batch.forEach(p -> p.stored().completeExceptionally(ex));
			}
			finally {
				batch.clear();
			}
		}
	}

	private void write(List<Pending> batch) {
		String[] bodies = new String[batch.size()];
		String[] encodings = new String[batch.size()];
		for (int i = 0; i < bodies.length; i++) {
			bodies[i] = batch.get(i).body();
			encodings[i] = batch.get(i).encoding();
		}
		long[] ids = new long[bodies.length];
		try (Connection c = pool.getConnection(); PreparedStatement insert = c.prepareStatement(INSERT)) {
			Array bodyArray = c.createArrayOf("text", bodies);
			Array encodingArray = c.createArrayOf("text", encodings);
			insert.setDouble(1, props.lease().toMillis() / 1000.0);
			insert.setArray(2, bodyArray);
			insert.setArray(3, encodingArray);
			int n = 0;
			try (ResultSet rs = insert.executeQuery()) {
				while (rs.next()) {
					ids[n++] = rs.getLong(1);
				}
			}
			if (n != ids.length) {
				throw new IllegalStateException("Stored " + n + " of " + ids.length + " deliveries");
			}
		}
		catch (SQLException ex) {
			log.warn("Storing {} WhatsApp deliveries failed: {}", batch.size(), ex.getMessage());
			batch.forEach(p -> p.stored().completeExceptionally(ex));
			return;
		}
		List<StoredDelivery> stored = new ArrayList<>(ids.length);
		for (int i = 0; i < ids.length; i++) {
			Pending p = batch.get(i);
			p.stored().complete(ids[i]);
			stored.add(new StoredDelivery(ids[i], p.body(), p.encoding()));
		}
		worker.handOff(stored);
	}

	@PreDestroy
	void stop() throws InterruptedException {
		running = false;
		for (Thread writer : writers) {
			writer.join(2_000);
		}
		pool.close();
	}

}
