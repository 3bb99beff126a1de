package io.sokoni.platform.customer;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A customer in the admin's list. */
public record Customer(UUID id, String phone, String name, String email, boolean whatsappOptIn, String cityArea,
		List<String> tags, int orderCount, long lifetimeValueCents, OffsetDateTime lastOrderAt,
		OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
