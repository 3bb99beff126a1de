package io.sokoni.platform.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import io.sokoni.platform.Hashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The platform operator's credential for {@code /platform/v1}: a bearer token from
 * {@code SOKONI_OPERATOR_TOKEN}, or one generated at start and written to a file only the owner can
 * read (never to the log). Only a SHA-256 digest is kept in memory, compared in constant time.
 */
@Component
public class OperatorCredentials {

	private static final Logger log = LoggerFactory.getLogger(OperatorCredentials.class);

	private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private final byte[] digest;

	OperatorCredentials(@Value("${sokoni.operator.token:}") String token,
			@Value("${sokoni.operator.token-file:.sokoni/operator-token}") String tokenFile) throws IOException {
		String effective = token;
		if (effective == null || effective.isBlank()) {
			effective = generate();
			Path file = Path.of(tokenFile).toAbsolutePath();
			writePrivately(file, effective + "\n");
			log.warn("No SOKONI_OPERATOR_TOKEN set; generated an operator token into {}", file);
		}
		else if (effective.length() < 24) {
			throw new IllegalStateException("SOKONI_OPERATOR_TOKEN must be at least 24 characters");
		}
		this.digest = Hashes.sha256(effective);
	}

	public boolean matches(String presented) {
		return presented != null && MessageDigest.isEqual(digest, Hashes.sha256(presented));
	}

	/**
	 * Writes the file readable by its owner only from the first byte: created 0600 (never with the
	 * umask's default and chmod'ed after, which leaves a window) inside a 0700 directory, under a fresh
	 * name then renamed over the old file in one step. A symbolic link at either place is refused: it
	 * could send the token to a file someone else can read.
	 */
	static void writePrivately(Path file, String content) throws IOException {
		Path directory = file.getParent();
		boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
		if (Files.isSymbolicLink(directory) || Files.isSymbolicLink(file)) {
			throw new IllegalStateException("Refusing to write the operator token through a symbolic link: " + file);
		}
		if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
			if (posix) {
				Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
			}
			else {
				Files.createDirectories(directory);
			}
		}
		if (posix) {
			Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
		}
		Path fresh = directory.resolve("." + file.getFileName() + "." + generate().substring(0, 12) + ".tmp");
		if (posix) {
			Files.createFile(fresh, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
		}
		else {
			Files.createFile(fresh);
		}
		try {
			Files.writeString(fresh, content, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
			Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(fresh);
		}
	}

	private static String generate() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}


}
