package io.sokoni.platform.delivery;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A delivery zone of a store: the city areas it serves and what delivering there costs. */
public record DeliveryZone(UUID id, UUID storeId, String name, List<String> cityAreas, long feeCents,
		long minOrderCents, Long freeDeliveryThresholdCents, int etaMinutes,
		@JsonProperty("isDefault") boolean isDefault, @JsonProperty("isActive") boolean isActive, long version,
		OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
