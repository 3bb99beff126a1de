package io.sokoni.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated operator token's file: owner-only from creation, never through a symbolic link. */
class OperatorCredentialsTest {

	@TempDir
	Path temp;

	@Test
	void theGeneratedTokenIsWrittenOwnerOnlyInAnOwnerOnlyDirectory() throws Exception {
		Path file = temp.resolve("state/operator-token");
		OperatorCredentials credentials = new OperatorCredentials("", file.toString());

		String token = Files.readString(file).trim();
		assertThat(credentials.matches(token)).isTrue();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)))
			.isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
			.isEqualTo("rwx------");
		try (var left = Files.list(file.getParent())) {
			assertThat(left).as("no temporary file left behind").containsExactly(file);
		}
	}

	@Test
	void anExistingReadableFileIsReplacedNotReused() throws Exception {
		Path directory = Files.createDirectory(temp.resolve("state"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		Path file = Files.writeString(directory.resolve("operator-token"), "old-token\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

		OperatorCredentials credentials = new OperatorCredentials("", file.toString());

		assertThat(credentials.matches(Files.readString(file).trim())).isTrue();
		assertThat(Files.readString(file)).doesNotContain("old-token");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
	}

	@Test
	void aSymbolicLinkInPlaceOfTheFileIsRefused() throws Exception {
		Path elsewhere = Files.writeString(temp.resolve("world-readable"), "");
		Path directory = Files.createDirectory(temp.resolve("state"));
		Path link = Files.createSymbolicLink(directory.resolve("operator-token"), elsewhere);

		assertThatThrownBy(() -> new OperatorCredentials("", link.toString())).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("symbolic link");
		assertThat(Files.readString(elsewhere)).isEmpty();
	}

	@Test
	void aSymbolicLinkInPlaceOfTheDirectoryIsRefused() throws Exception {
		Path real = Files.createDirectory(temp.resolve("shared"));
		Path link = Files.createSymbolicLink(temp.resolve("state"), real);

		assertThatThrownBy(() -> new OperatorCredentials("", link.resolve("operator-token").toString()))
			.isInstanceOf(IllegalStateException.class);
		try (var files = Files.list(real)) {
			assertThat(files).isEmpty();
		}
	}

}
