package io.sokoni.platform.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.sokoni.db.ScratchDatabase;

/**
 * The application as a separate operating-system process, started from the jar {@code package} built
 * (the failsafe tests run after it) with the JDK running the tests, on the scratch database. Several of
 * them with the same {@link Shared} settings behave like instances of one deployment: one database, one
 * token signing key, one secrets keyset. Unlike an in-JVM context, a process can be killed with
 * SIGKILL (nothing runs on the way out: no shutdown hook, no rollback by the application, no lease
 * given back) and frozen with SIGSTOP.
 */
public final class AppProcess implements AutoCloseable {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** What every instance of one deployment shares: files in a scratch directory, extra properties. */
	public record Shared(Path directory, Map<String, String> properties) {

		/**
		 * A fresh directory with a token signing key and a secrets keyset the instances all use, and their
		 * logs: under target/ when there is one (kept with the test reports), else in the temporary directory.
		 */
		public static Shared create(Map<String, String> properties) throws IOException {
			Path target = Path.of("target");
			// Absolute: the instances run in it, where a relative path would name something else.
			Path directory = (Files.isDirectory(target) ? Files.createTempDirectory(target, "instances-")
					: Files.createTempDirectory("sokoni-instances")).toAbsolutePath();
			Path signingKey = directory.resolve("signing-key.pem");
			Files.writeString(signingKey, "-----BEGIN PRIVATE KEY-----\n"
					+ Base64.getMimeEncoder().encodeToString(rsaKey()) + "\n-----END PRIVATE KEY-----\n");
			Path keyset = directory.resolve("secrets-keyset.json");
			try {
				Files.writeString(keyset, io.sokoni.platform.secrets.SecretBox.newKeyset());
			}
			catch (java.security.GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
			return new Shared(directory, properties);
		}

		private static byte[] rsaKey() {
			try {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(2048);
				return generator.generateKeyPair().getPrivate().getEncoded();
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	private final String name;

	private final int port;

	private final Process process;

	private final Path log;

	private AppProcess(String name, int port, Process process, Path log) {
		this.name = name;
		this.port = port;
		this.process = process;
		this.log = log;
	}

	/** Starts an instance on a free port; call {@link #awaitReady} before sending it requests. */
	public static AppProcess start(String name, ScratchDatabase db, Shared shared) throws IOException {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xmx384m", "-XX:TieredStopAtLevel=1",
				"-XX:+UseSerialGC", "-jar", jar().toString()));
		Map<String, String> properties = new java.util.LinkedHashMap<>();
		properties.put("server.port", String.valueOf(port));
		properties.put("sokoni.db.url", db.jdbcUrl());
		properties.put("sokoni.db.runtime-username", db.roles().runtime());
		properties.put("sokoni.db.platform-username", db.roles().platform());
		properties.put("sokoni.schema.owner-username", db.roles().owner());
		properties.put("sokoni.db.pool-size", "6");
		properties.put("sokoni.operator.token", ApiTestBase.OPERATOR_TOKEN);
		properties.put("sokoni.operator.token-file", shared.directory().resolve("operator-token").toString());
		properties.put("sokoni.platform-domain", ApiTestBase.PLATFORM_DOMAIN);
		properties.put("sokoni.auth.bcrypt-strength", "4");
		properties.put("sokoni.auth.signing-key-path", shared.directory().resolve("signing-key.pem").toString());
		properties.put("sokoni.secrets.keyset-file", shared.directory().resolve("secrets-keyset.json").toString());
		properties.put("sokoni.rate-limit.enabled", "false");
		properties.put("sokoni.whatsapp.outbound.sender-enabled", "false");
		properties.put("spring.main.banner-mode", "off");
		properties.putAll(shared.properties());
		properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		Path log = shared.directory().resolve(name + ".log");
		Process process = new ProcessBuilder(command).directory(shared.directory().toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new AppProcess(name, port, process, log);
	}

	/** Waits until the instance answers HTTP (its context is up), failing with its log if it died. */
	public AppProcess awaitReady(Duration timeout) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
			}
			try {
				HttpResponse<Void> ping = CLIENT.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
							.timeout(Duration.ofSeconds(2))
							.build(),
						HttpResponse.BodyHandlers.discarding());
				if (ping.statusCode() == 200) {
					return this;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException(name + " did not start within " + timeout + ":\n" + tail());
	}

	public int port() {
		return port;
	}

	public Api api() {
		return new Api(port);
	}

	public long pid() {
		return process.pid();
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	/** SIGKILL: the process ends at once, with whatever it was doing half done. */
	public void kill9() throws InterruptedException {
		process.destroyForcibly(); // SIGKILL on Linux
		process.waitFor();
	}

	/** SIGSTOP: frozen, its connections open, until {@link #resume}. */
	public void freeze() throws IOException, InterruptedException {
		signal("STOP");
	}

	/** SIGCONT after {@link #freeze}. */
	public void resume() throws IOException, InterruptedException {
		signal("CONT");
	}

	private void signal(String signal) throws IOException, InterruptedException {
		int exit = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
		if (exit != 0) {
			throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + exit);
		}
	}

	/** The last lines of the instance's output, for a failure message. */
	public String tail() {
		try (Stream<String> lines = Files.lines(log)) {
			List<String> all = lines.toList();
			return String.join("\n", all.subList(Math.max(0, all.size() - 60), all.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	/** Stops the instance: SIGCONT in case it is frozen, then SIGKILL (nothing to keep). */
	@Override
	public void close() {
		if (process.isAlive()) {
			try {
				resume();
			}
			catch (IOException | InterruptedException | IllegalStateException ignored) {
				// ends anyway
			}
			process.destroyForcibly();
		}
	}

	private static String javaCommand() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

	/** The jar {@code package} built: target/ of this module (failsafe's working directory) or from the root. */
	private static Path jar() throws IOException {
		for (Path target : List.of(Path.of("target"), Path.of("platform-api", "target"))) {
			if (Files.isDirectory(target)) {
				try (Stream<Path> files = Files.list(target)) {
					var jar = files.filter(f -> f.getFileName().toString().matches("sokoni-platform-api-.*\\.jar"))
						.findFirst();
					if (jar.isPresent()) {
						return jar.get().toAbsolutePath();
					}
				}
			}
		}
		throw new IllegalStateException("No application jar in target/: run the failsafe tests after package "
				+ "(./mvnw verify), not alone");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
