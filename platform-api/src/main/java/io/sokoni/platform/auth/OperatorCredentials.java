package io.sokoni.platform.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

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

	private final byte[] digest;

	OperatorCredentials(@Value("${sokoni.operator.token:}") String token,
			@Value("${sokoni.operator.token-file:.sokoni/operator-token}") String tokenFile) throws IOException {
		String effective = token;
		if (effective == null || effective.isBlank()) {
			effective = generate();
			Path file = Path.of(tokenFile).toAbsolutePath();
			Files.createDirectories(file.getParent());
			Files.writeString(file, effective + "\n", StandardCharsets.UTF_8);
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ignored) {
				// not a POSIX file system
			}
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

	private static String generate() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}


}
