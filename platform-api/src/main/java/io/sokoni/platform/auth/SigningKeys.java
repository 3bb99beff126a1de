package io.sokoni.platform.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The RSA key Sokoni signs its tokens with: loaded from {@code sokoni.auth.signing-key-path}, or
 * generated at start for development (tokens then stop working when the process restarts).
 */
@Component
public class SigningKeys {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private final RSAKey key;

	SigningKeys(AuthProperties props) throws GeneralSecurityException, IOException, com.nimbusds.jose.JOSEException {
		KeyPair pair = props.signingKeyPath() == null || props.signingKeyPath().isBlank() ? generate()
				: load(Path.of(props.signingKeyPath()));
		RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
		this.key = new RSAKey.Builder(publicKey).privateKey(pair.getPrivate())
			.keyUse(KeyUse.SIGNATURE)
			.keyIDFromThumbprint()
			.build();
	}

	public RSAKey signingKey() {
		return key;
	}

	public RSAPublicKey publicKey() {
		try {
			return key.toRSAPublicKey();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The public half only, as published on the JWKS endpoint. */
	public JWKSet publicJwks() {
		return new JWKSet(key.toPublicJWK());
	}

	private static KeyPair generate() throws GeneralSecurityException {
		log.warn("No signing key configured (SOKONI_JWT_SIGNING_KEY_PATH); generated one for this process");
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return generator.generateKeyPair();
	}

	private static KeyPair load(Path path) throws GeneralSecurityException, IOException {
		String pem = Files.readString(path)
			.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
			.replaceAll("\\s", "");
		KeyFactory factory = KeyFactory.getInstance("RSA");
		RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) factory
			.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
		RSAPublicKey publicKey = (RSAPublicKey) factory
			.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
		return new KeyPair(publicKey, privateKey);
	}

}
