package io.sokoni.platform.operator;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A host name of a store. For a pending custom domain, the merchant publishes {@code verificationToken}
 * as a TXT record at {@code _sokoni-challenge.<host>}.
 */
public record DomainView(UUID id, UUID storeId, String host, String kind, String verificationStatus,
		String verificationToken, OffsetDateTime verifiedAt, OffsetDateTime createdAt) {
}
