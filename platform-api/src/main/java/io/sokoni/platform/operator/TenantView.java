package io.sokoni.platform.operator;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A tenant as the platform operator sees it. {@code database} is "shared" or the dedicated database's name. */
public record TenantView(UUID id, String slug, String name, String plan, String status, String timezone,
		String defaultCurrency, String mpesaShortcode, String mpesaPaybill, String whatsappNumber, String database,
		OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
