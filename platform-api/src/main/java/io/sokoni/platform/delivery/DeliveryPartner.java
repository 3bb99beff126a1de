package io.sokoni.platform.delivery;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A delivery partner of a store (a pickup point network, the store's own riders, ...).
 * @param config the partner's settings with secrets masked ({@link PartnerConfig#masked})
 */
public record DeliveryPartner(UUID id, UUID storeId, String name, String provider, Map<String, Object> config,
		@JsonProperty("isActive") boolean isActive, long version, OffsetDateTime createdAt,
		OffsetDateTime updatedAt) {
}
