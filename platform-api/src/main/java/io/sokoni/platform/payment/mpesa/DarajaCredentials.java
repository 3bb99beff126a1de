package io.sokoni.platform.payment.mpesa;

/**
 * What Daraja needs to authenticate one tenant's calls: the environment's base URL and the app's
 * consumer key and secret. {@link #toString()} never shows the secrets (records print every field).
 */
public record DarajaCredentials(String baseUrl, String consumerKey, String consumerSecret) {

	@Override
	public String toString() {
		return "DarajaCredentials[" + baseUrl + ", key …" + Masking.hint(consumerKey) + "]";
	}

}
