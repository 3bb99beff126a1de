package io.sokoni.platform.cart;

import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.delivery.DeliveryQuote;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Shopping carts of the bound tenant's storefronts. */
@Service
public class CartService {

	/**
	 * The open cart with this token, locked (FOR UPDATE) for the caller's checkout transaction, with its
	 * items at current prices. 404 unknown token (or another store's), 410 {@code CART_EXPIRED} past its
	 * expiry, 409 {@code CONFLICT} when already converted or abandoned-and-closed, 422 when empty or
	 * when an item's product or variant is no longer for sale.
	 */
	@Transactional
	public CheckoutCart lockForCheckout(UUID storeId, String token) {
		throw new UnsupportedOperationException("CONTRACT: built by the cart helper");
	}

	/** Marks a locked cart converted (to an order of this customer). Joins the caller's transaction. */
	@Transactional
	public void markConverted(UUID cartId, UUID customerId) {
		throw new UnsupportedOperationException("CONTRACT: built by the cart helper");
	}

	/**
	 * The unexpired delivery quote the shopper was shown for this cart and area, if its subtotal is still
	 * the cart's: a checkout honours the fee it quoted.
	 */
	@Transactional(readOnly = true)
	public Optional<DeliveryQuote> validQuote(UUID cartId, String cityArea, long subtotalCents) {
		throw new UnsupportedOperationException("CONTRACT: built by the cart helper");
	}

}
