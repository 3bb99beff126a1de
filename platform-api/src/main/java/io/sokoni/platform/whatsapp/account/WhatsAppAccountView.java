package io.sokoni.platform.whatsapp.account;

import java.time.OffsetDateTime;

/**
 * The connected number as the merchant sees it: the access token masked (its last four characters at
 * most), and the last test message's outcome.
 */
public record WhatsAppAccountView(String phoneNumberId, String wabaId, String displayNumber, String accessToken,
		OffsetDateTime lastTestedAt, Boolean lastTestOk, String lastTestDetail, OffsetDateTime createdAt,
		OffsetDateTime updatedAt) {
}
