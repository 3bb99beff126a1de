package io.sokoni.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

	@Test
	void aSecretOpensOnlyWithItsAssociatedData() throws Exception {
		SecretBox box = SecretBox.of(SecretBox.newKeyset());
		byte[] sealed = box.encrypt("consumer-secret", "tenant-a:consumer_secret");

		assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("consumer-secret");
		assertThat(box.decrypt(sealed, "tenant-a:consumer_secret")).isEqualTo("consumer-secret");
		assertThatThrownBy(() -> box.decrypt(sealed, "tenant-b:consumer_secret"))
			.isInstanceOf(SecretBox.SecretUnreadableException.class);
		sealed[sealed.length - 1] ^= 1;
		assertThatThrownBy(() -> box.decrypt(sealed, "tenant-a:consumer_secret"))
			.isInstanceOf(SecretBox.SecretUnreadableException.class);
	}

	@Test
	void afterRotationOldCiphertextsStillOpenAndNewOnesUseTheNewKey() throws Exception {
		String oldKeyset = SecretBox.newKeyset();
		byte[] sealedBefore = SecretBox.of(oldKeyset).encrypt("passkey", "ad");
		KeysetHandle old = TinkJsonProtoKeysetFormat.parseKeyset(oldKeyset, InsecureSecretKeyAccess.get());
		KeysetHandle rotated = KeysetHandle.newBuilder(old)
			.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary())
			.build();
		String rotatedKeyset = TinkJsonProtoKeysetFormat.serializeKeyset(rotated, InsecureSecretKeyAccess.get());
		SecretBox box = SecretBox.of(rotatedKeyset);

		assertThat(box.decrypt(sealedBefore, "ad")).isEqualTo("passkey");
		byte[] sealedAfter = box.encrypt("passkey", "ad");
		assertThatThrownBy(() -> SecretBox.of(oldKeyset).decrypt(sealedAfter, "ad"))
			.as("made with the new primary key, which the old keyset lacks")
			.isInstanceOf(SecretBox.SecretUnreadableException.class);
	}

	@Test
	void withoutAConfiguredKeysetOneIsGeneratedIntoAnOwnerOnlyFileAndReusedAtTheNextStart(@TempDir Path dir)
			throws Exception {
		Path file = dir.resolve("keys/secrets-keyset.json");
		SecretBox first = new SecretBox("", file.toString());
		byte[] sealed = first.encrypt("token", "ad");

		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		SecretBox second = new SecretBox("", file.toString());
		assertThat(second.decrypt(sealed, "ad")).isEqualTo("token");
		SecretBox configured = new SecretBox(SecretBox.newKeyset(), file.toString());
		assertThatThrownBy(() -> configured.decrypt(sealed, "ad")).as("a configured keyset wins over the file")
			.isInstanceOf(SecretBox.SecretUnreadableException.class);
	}

}
