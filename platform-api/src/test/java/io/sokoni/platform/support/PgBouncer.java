package io.sokoni.platform.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.sokoni.db.DatabaseRoles;

/**
 * A PgBouncer in transaction-pooling mode in front of the test PostgreSQL, started by the test JVM
 * when the system property {@code sokoni.it.pgbouncer} is {@code true} (the failsafe execution
 * "through-pgbouncer" sets it). Debian's {@code pgbouncer} 1.18: no prepared-statement support, so
 * the pooled URL carries {@code prepareThreshold=0}; the server trusts local connections, so
 * PgBouncer does too ({@code auth_type = trust}, the scratch roles listed in its auth file).
 */
public final class PgBouncer {

	public static final String PROPERTY = "sokoni.it.pgbouncer";

	private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/pgbouncer"), Path.of("/usr/bin/pgbouncer"));

	private final Process process;

	private final int port;

	private final Path dir;

	private PgBouncer(Process process, int port, Path dir) {
		this.process = process;
		this.port = port;
		this.dir = dir;
	}

	/** Whether this JVM runs its integration tests through PgBouncer. */
	public static boolean wanted() {
		return Boolean.getBoolean(PROPERTY);
	}

	/** The installed binary, if any (tests that want PgBouncer are skipped without it). */
	public static Optional<Path> binary() {
		return BINARIES.stream().filter(Files::isExecutable).findFirst();
	}

	/**
	 * Starts PgBouncer on a free port, every database forwarded to {@code serverHost:serverPort}, the
	 * given roles allowed in.
	 */
	public static PgBouncer start(String serverHost, int serverPort, DatabaseRoles roles) throws IOException {
		Path binary = binary().orElseThrow(() -> new IllegalStateException("pgbouncer is not installed"));
		Path dir = Files.createTempDirectory("sokoni-pgbouncer");
		// PgBouncer refuses to run as root: it then drops to the postgres user, who must read this.
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
		int port = freePort();
		Path users = dir.resolve("userlist.txt");
		Files.writeString(users, "\"%s\" \"\"\n\"%s\" \"\"\n\"%s\" \"\"\n".formatted(roles.owner(), roles.runtime(),
				roles.platform()));
		Path ini = dir.resolve("pgbouncer.ini");
		Files.writeString(ini, """
				[databases]
				* = host=%s port=%d

				[pgbouncer]
				listen_addr = 127.0.0.1
				listen_port = %d
				unix_socket_dir =
				auth_type = trust
				auth_file = %s
				pool_mode = transaction
				max_client_conn = 2000
				default_pool_size = 20
				max_db_connections = 80
				ignore_startup_parameters = extra_float_digits
				server_reset_query =
				query_wait_timeout = 30
				logfile = %s
				""".formatted(serverHost, serverPort, port, users, dir.resolve("pgbouncer.log")));
		for (Path file : List.of(users, ini)) {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		}
		ProcessBuilder builder = "root".equals(System.getProperty("user.name"))
				? new ProcessBuilder(binary.toString(), "-u", "postgres", ini.toString())
				: new ProcessBuilder(binary.toString(), ini.toString());
		Process process = builder.redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
		PgBouncer bouncer = new PgBouncer(process, port, dir);
		bouncer.awaitListening();
		return bouncer;
	}

	public int port() {
		return port;
	}

	/** The pooled URL of a database: server-side prepared statements off (PgBouncer 1.18 has none). */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?prepareThreshold=0";
	}

	public void stop() {
		process.destroy();
		try {
			process.waitFor();
			try (var files = Files.walk(dir)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			System.err.println("Could not remove " + dir + ": " + ex.getMessage());
		}
	}

	private void awaitListening() throws IOException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new IllegalStateException("pgbouncer exited: " + Files.readString(dir.resolve("stdout.log")));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return;
			}
			catch (IOException notYet) {
				sleep();
			}
		}
		process.destroy();
		throw new IllegalStateException("pgbouncer did not listen on " + port + " within 10 s");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
