package io.sokoni.platform.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.sokoni.db.DatabaseInstaller;
import io.sokoni.db.DatabaseRoles;

/**
 * A second PostgreSQL server for tests: a throwaway cluster made with {@code initdb} in a temporary
 * directory, started with {@code pg_ctl} on a free port of 127.0.0.1 with trust authentication, and
 * stopped and deleted by {@link #close()}. PostgreSQL refuses to run as root, so under root the
 * commands run as the {@code postgres} OS user through {@code runuser}. {@link #find()} is empty when
 * the binaries (or, under root, that user) are missing: tests then skip.
 */
public final class SecondPostgresServer implements AutoCloseable {

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

	private final Path bin;

	private final Optional<String> runAs;

	private final Path dir;

	private final int port;

	private SecondPostgresServer(Path bin, Optional<String> runAs, Path dir, int port) {
		this.bin = bin;
		this.runAs = runAs;
		this.dir = dir;
		this.port = port;
	}

	/** Where initdb and pg_ctl are, and as whom to run them; empty when this machine cannot. */
	public static Optional<SecondPostgresServer> find() {
		Optional<Path> bin = binDirectory();
		if (bin.isEmpty()) {
			return Optional.empty();
		}
		Optional<String> runAs = Optional.empty();
		if ("root".equals(System.getProperty("user.name"))) {
			if (!Files.isExecutable(Path.of("/usr/sbin/runuser")) && !Files.isExecutable(Path.of("/sbin/runuser"))
					|| !userExists("postgres")) {
				return Optional.empty();
			}
			runAs = Optional.of("postgres");
		}
		return Optional.of(new SecondPostgresServer(bin.get(), runAs, null, 0));
	}

	/** Creates the cluster and starts it on a free port. */
	public SecondPostgresServer start() throws IOException, InterruptedException {
		Path dir = Files.createTempDirectory("sokoni-pg2-");
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
		if (runAs.isPresent()) {
			UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs.get());
			Files.setOwner(dir, owner);
		}
		SecondPostgresServer server = new SecondPostgresServer(bin, runAs, dir, freePort());
		try {
			server.run(bin.resolve("initdb").toString(), "-D", server.data().toString(), "-A", "trust", "-U", "postgres",
					"-E", "UTF8", "--no-sync", "--no-instructions");
			server.startServer();
			return server;
		}
		catch (IOException | RuntimeException ex) {
			server.close();
			throw ex;
		}
	}

	public int port() {
		return port;
	}

	/** A JDBC URL of one of its databases, with a short connect timeout. */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?connectTimeout=2";
	}

	/** Creates a database there with the given roles (created when missing, no password: trust). */
	public String createDatabase(String database, DatabaseRoles roles) throws SQLException {
		DatabaseInstaller.createDatabaseAndRoles(jdbcUrl("postgres"), "postgres", null, database, roles, null);
		return jdbcUrl(database);
	}

	/** Starts the stopped server again (same port, same data). */
	public void startServer() throws IOException, InterruptedException {
		run(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l", dir.resolve("server.log").toString(),
				"-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "-w", "-t", "30",
				"start");
	}

	/** Stops the server as a crash would ({@code pg_ctl stop -m immediate}). */
	public void stopImmediately() throws IOException, InterruptedException {
		run(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "immediate", "-w", "stop");
	}

	/** Stops the server (if it runs) and deletes the cluster. */
	@Override
	public void close() {
		try {
			if (Files.exists(data().resolve("postmaster.pid"))) {
				run(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "immediate", "-w", "stop");
			}
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			System.err.println("Could not stop the second PostgreSQL server in " + dir + ": " + ex);
		}
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException ex) {
			System.err.println("Could not delete " + dir + ": " + ex);
		}
	}

	private Path data() {
		return dir.resolve("data");
	}

	private void run(String... command) throws IOException, InterruptedException {
		List<String> line = new ArrayList<>();
		runAs.ifPresent(user -> line.addAll(List.of("runuser", "-u", user, "--")));
		line.addAll(List.of(command));
		// In the cluster's directory: the postgres user may not enter the build's working directory.
		Process process = new ProcessBuilder(line).directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("commands.log").toFile()))
			.start();
		if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IOException("Timed out: " + line);
		}
		if (process.exitValue() != 0) {
			throw new IOException("Failed (" + process.exitValue() + "): " + line + "\n"
					+ Files.readString(dir.resolve("commands.log")));
		}
	}

	private static Optional<Path> binDirectory() {
		List<Path> candidates = new ArrayList<>();
		String configured = System.getenv("SOKONI_TEST_PG_BIN");
		if (configured != null && !configured.isBlank()) {
			candidates.add(Path.of(configured));
		}
		for (String version : List.of("17", "16", "15", "14")) {
			candidates.add(Path.of("/usr/lib/postgresql", version, "bin"));
		}
		candidates.add(Path.of("/usr/local/pgsql/bin"));
		candidates.add(Path.of("/usr/bin"));
		return candidates.stream()
			.filter(p -> Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("pg_ctl")))
			.findFirst();
	}

	private static boolean userExists(String user) {
		try {
			return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith(user + ":"));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
