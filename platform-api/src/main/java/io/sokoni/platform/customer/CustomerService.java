package io.sokoni.platform.customer;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Customers of the bound tenant, one per phone number. */
@Service
public class CustomerService {

	/**
	 * Creates or updates the customer with this phone (already E.164) and records the delivery address
	 * (the same address twice is one row). Joins the caller's (checkout) transaction.
	 */
	@Transactional
	public CheckoutCustomer upsertForCheckout(String phone, String name, String email, boolean whatsappOptIn,
			String cityArea, String streetAddress, String instructions) {
		throw new UnsupportedOperationException("CONTRACT: built by the cart/customer helper");
	}

	/** A new order: order count + 1, lifetime value + total, last order at. Joins the caller's transaction. */
	@Transactional
	public void recordOrder(UUID customerId, long totalCents, OffsetDateTime placedAt) {
		throw new UnsupportedOperationException("CONTRACT: built by the cart/customer helper");
	}

	/** A cancelled or refunded order no longer counts towards lifetime value. Joins the caller's transaction. */
	@Transactional
	public void reverseOrder(UUID customerId, long totalCents) {
		throw new UnsupportedOperationException("CONTRACT: built by the cart/customer helper");
	}

	public record CheckoutCustomer(UUID customerId, UUID addressId) {
	}

}
