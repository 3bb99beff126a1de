package io.sokoni.platform.store;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A store of the current tenant, as the merchant admin sees it. */
public record Store(UUID id, String slug, String name, String currency, String logoUrl, String contactPhone,
		String contactEmail, String area, String address, String seoTitle, String seoDescription, boolean live,
		long version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
