package io.sokoni.platform.payment.mpesa;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The M-Pesa account as the merchant sees it: secrets masked (the consumer key's last four characters
 * at most; the secret, passkey and security credential only as "set"), the callback URLs Daraja is
 * given, and the last credentials test.
 */
public record MpesaAccountView(UUID id, String environment, String accountType, String businessShortcode,
		String tillNumber, String consumerKey, String consumerSecret, String passkey, String initiatorName,
		boolean securityCredentialSet, boolean c2bValidationEnabled, OffsetDateTime c2bRegisteredAt,
		OffsetDateTime lastTestedAt, Boolean lastTestOk, String lastTestDetail, String stkCallbackUrl, long version,
		OffsetDateTime updatedAt) {
}
