package io.sokoni.platform.customer;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A customer with their addresses and latest orders.
 * @param recentOrders the {@value CustomerRepository#RECENT_ORDERS} latest orders, newest first
 */
public record CustomerDetail(UUID id, String phone, String name, String email, boolean whatsappOptIn,
		String cityArea, List<String> tags, int orderCount, long lifetimeValueCents, OffsetDateTime lastOrderAt,
		OffsetDateTime createdAt, OffsetDateTime updatedAt, List<Address> addresses, List<RecentOrder> recentOrders) {

	public record Address(UUID id, String label, String cityArea, String streetAddress, String instructions,
			boolean isDefault, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
	}

	public record RecentOrder(UUID id, long orderNumber, String status, long totalCents, String currency,
			OffsetDateTime placedAt) {
	}

}
