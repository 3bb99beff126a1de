package io.sokoni.platform.insight;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A storefront event that passed validation, as it will be stored (city area and query normalised). */
record StorefrontEvent(UUID id, OffsetDateTime occurredAt, String type, String sessionId, String device,
		String cityArea, UUID productId, UUID cartId, String searchQuery, Integer resultCount, String properties) {
}
