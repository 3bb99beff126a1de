package io.sokoni.jooq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.sokoni.db.ScratchDatabase;
import io.sokoni.db.ScratchDatabase.AdminConnection;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;
import org.junit.jupiter.api.Test;

/**
 * Generates the jOOQ classes from the migrations, against a real PostgreSQL migrated by Flyway (jOOQ's
 * offline DDL parser cannot read RLS, functions or tsvector), and fails when the committed sources
 * differ. With {@code -Dsokoni.jooq.write=true} it rewrites the committed sources instead:
 * {@code ./mvnw -pl jooq-codegen -am verify -Dsokoni.jooq.write=true}.
 */
class JooqSourcesAreCurrentIT {

	static final String PACKAGE = "io.sokoni.jooq";

	@Test
	void committedSourcesMatchTheMigrations() throws Exception {
		Optional<AdminConnection> admin = AdminConnection.fromEnvironmentOrLocalhost();
		assumeTrue(admin.isPresent(), "no PostgreSQL to generate against");
		Path committed = Path.of(System.getProperty("sokoni.jooq.sourceDir", "src/main/java"));
		Path generated = Files.createTempDirectory("jooq-generated");
		ScratchDatabase db = ScratchDatabase.createAndMigrate(admin.get(), "sokoni_codegen");
		try {
			GenerationTool.generate(configuration(db, generated));
		}
		finally {
			db.drop();
		}
		String packagePath = PACKAGE.replace('.', '/');
		if (Boolean.getBoolean("sokoni.jooq.write")) {
			deleteRecursively(committed.resolve(packagePath));
			copyRecursively(generated.resolve(packagePath), committed.resolve(packagePath));
		}
		assertEquals(read(generated.resolve(packagePath)), read(committed.resolve(packagePath)),
				"jOOQ sources are stale: run ./mvnw -pl jooq-codegen -am verify -Dsokoni.jooq.write=true");
	}

	static Configuration configuration(ScratchDatabase db, Path target) {
		return new Configuration()
			.withJdbc(new Jdbc().withDriver("org.postgresql.Driver")
				.withUrl(db.jdbcUrl())
				.withUser(db.roles().owner()))
			.withGenerator(new Generator()
				.withDatabase(new Database().withName("org.jooq.meta.postgres.PostgresDatabase")
					.withInputSchema("app")
					.withIncludes(".*")
					// Monthly partitions of app.insight_events are named by month (created ahead by a job): the
					// code reads them through the parent only, and their names would make these sources stale
					// every month. The two partition maintenance functions are called as plain SQL.
					.withExcludes("flyway_schema_history|insight_events_[0-9]{6}|insight_events_ensure_partitions|insight_events_drop_partitions"))
				.withGenerate(new Generate().withGeneratedAnnotation(false)
					.withJavaTimeTypes(true)
					.withRecords(true)
					.withPojos(false)
					.withDaos(false)
					.withSequences(true))
				.withTarget(new Target().withPackageName(PACKAGE).withDirectory(target.toString())));
	}

	static Map<String, String> read(Path root) throws IOException {
		Map<String, String> files = new TreeMap<>();
		if (!Files.isDirectory(root)) {
			return files;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			paths.filter(Files::isRegularFile).forEach(p -> {
				try {
					files.put(root.relativize(p).toString(), Files.readString(p));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		return files;
	}

	static void copyRecursively(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path p : paths.toList()) {
				Path dest = to.resolve(from.relativize(p).toString());
				if (Files.isDirectory(p)) {
					Files.createDirectories(dest);
				}
				else {
					Files.copy(p, dest);
				}
			}
		}
	}

	static void deleteRecursively(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}

}
