package io.sokoni.platform.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Authenticated encryption of tenant secrets (M-Pesa credentials, callback tokens; later WhatsApp
 * tokens) with a Tink AEAD keyset. The master keyset comes from {@code SOKONI_SECRETS_KEYSET} (Tink
 * JSON), else from the key file, which is generated on first start (owner-readable only), never from
 * the database. Every ciphertext starts with the id of the key that made it, so the keyset can be
 * rotated: add a new key and make it primary (e.g. with tinkey); old ciphertexts still decrypt with the
 * old key until they are rewritten. The associated data binds a ciphertext to its owner and purpose
 * (for example tenant id + column), so a ciphertext copied into another tenant's row does not decrypt.
 */
@Component
public class SecretBox {

	private static final Logger log = LoggerFactory.getLogger(SecretBox.class);

	private final Aead aead;

	@Autowired
	SecretBox(@Value("${sokoni.secrets.keyset:}") String keyset,
			@Value("${sokoni.secrets.keyset-file:.sokoni/secrets-keyset.json}") String keysetFile)
			throws GeneralSecurityException, IOException {
		this.aead = aead(load(keyset, Path.of(keysetFile)));
	}

	/** A box over the given keyset (Tink JSON), for tests and tools. */
	public static SecretBox of(String keysetJson) throws GeneralSecurityException {
		return new SecretBox(aead(keysetJson));
	}

	private SecretBox(Aead aead) {
		this.aead = aead;
	}

	/** A new keyset with one AES-256-GCM key, as Tink JSON (what the key file holds). */
	public static String newKeyset() throws GeneralSecurityException {
		AeadConfig.register();
		return TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM),
				InsecureSecretKeyAccess.get());
	}

	public byte[] encrypt(String plaintext, String associatedData) {
		try {
			return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), ad(associatedData));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not encrypt a secret", ex);
		}
	}

	/**
	 * The plaintext; throws {@link SecretUnreadableException} when the ciphertext was made with a key the
	 * keyset no longer has, was altered, or belongs to other associated data.
	 */
	public String decrypt(byte[] ciphertext, String associatedData) {
		try {
			return new String(aead.decrypt(ciphertext, ad(associatedData)), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new SecretUnreadableException();
		}
	}

	/** A stored secret that the configured keyset cannot open. */
	public static class SecretUnreadableException extends IllegalStateException {

		SecretUnreadableException() {
			super("A stored secret cannot be decrypted with the configured keyset (key removed or data altered)");
		}

	}

	private static byte[] ad(String associatedData) {
		return associatedData.getBytes(StandardCharsets.UTF_8);
	}

	private static Aead aead(String keysetJson) throws GeneralSecurityException {
		AeadConfig.register();
		KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, InsecureSecretKeyAccess.get());
		return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
	}

	private static String load(String configured, Path file) throws GeneralSecurityException, IOException {
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		Path path = file.toAbsolutePath();
		if (Files.exists(path)) {
			return Files.readString(path, StandardCharsets.UTF_8);
		}
		String generated = newKeyset();
		Files.createDirectories(path.getParent());
		// Created owner-readable only from the first byte: the file must never be readable by others.
		try {
			Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (UnsupportedOperationException ex) {
			Files.createFile(path);
		}
		Files.writeString(path, generated, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
		log.warn("No SOKONI_SECRETS_KEYSET set; generated a secrets keyset into {} (keep it: secrets encrypted with "
				+ "it cannot be read without it)", path);
		return generated;
	}

}
